import { NextResponse } from "next/server";
import { staffCookie } from "@/lib/session/staff";
import { route } from "@/lib/http/route";

export const POST = route(async (request) => {
  const cookie = staffCookie(request, "", 0);
  const response = NextResponse.json({ audience: "demo" }, { headers: { "Cache-Control": "no-store" } });
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
});
