import { NextResponse } from "next/server";
import { signInStaff } from "@/lib/session/staff";
import { readJson, route, otherMethods } from "@/lib/http/route";

export const POST = route(async (request) => {
  const cookie = await signInStaff(request, await readJson(request, 4 * 1024));
  const response = NextResponse.json({ audience: "staff" }, { headers: { "Cache-Control": "no-store" } });
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
