import { NextResponse } from "next/server";
import { signInStaff } from "@/lib/session/staff";
import { readJson, route } from "@/lib/http/route";

export const POST = route(async (request) => {
  const cookie = await signInStaff(request, await readJson(request, 4 * 1024));
  const response = NextResponse.json({ audience: "staff" }, { headers: { "Cache-Control": "no-store" } });
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
});
