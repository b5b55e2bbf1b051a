import { NextResponse } from "next/server";
import { staffCookie } from "@/lib/session/staff";
import { route, otherMethods } from "@/lib/http/route";

export const POST = route(async (request) => {
  const cookie = staffCookie(request, "", 0);
  const response = NextResponse.json({ audience: "demo" }, { headers: { "Cache-Control": "no-store" } });
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
