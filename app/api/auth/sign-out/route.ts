import { NextResponse } from "next/server";
import { staffCookie } from "@/lib/auth/sign-in";
import { route } from "@/lib/http/respond";

export const POST = route(async (request) => {
  const cookie = staffCookie(request, "", 0);
  const response = NextResponse.json({ audience: "demo" }, { headers: { "Cache-Control": "no-store" } });
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
});
