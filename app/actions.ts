"use server";

// The page's writes as server actions: staff sign-in and sign-out, "Delete all my data" and deleting one
// generation. Each calls the same lib function as its JSON route (app/api/…), behind the same checks: the
// same-site guard (on top of Next's own Origin check for actions), the owner cookie and the rate limits.
// A refusal comes back as the error body the route would have sent, so messages are the same.
import { randomUUID } from "node:crypto";
import { cookies, headers } from "next/headers";
import { signInStaff, staffCookie } from "@/lib/session/staff";
import type { ErrorBody } from "@/lib/errors";
import { getDeps } from "@/lib/generations/runtime";
import { ownerOrThrow } from "@/lib/session/owner";
import { errorResponse } from "@/lib/http/route";
import { assertSameSite } from "@/lib/http/same-site";
import { deleteOwnedGeneration, deleteOwnerData, type Removed } from "@/lib/generations/privacy";
import { rateLimit } from "@/lib/http/rate-limit";
import type { ActionResult } from "@/lib/client/api";

/**
 * The action's request as the lib functions expect it (they read the client address, cookies and Origin
 * from the headers, and https from the URL). Next fills in x-forwarded-proto and the host.
 */
async function actionRequest(): Promise<Request> {
  const h = await headers();
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  return new Request(`${proto}://${host}/`, { method: "POST", headers: h });
}

async function run<T>(work: (request: Request) => Promise<T>): Promise<ActionResult<T>> {
  const request = await actionRequest();
  try {
    assertSameSite(request);
    return { ok: true, value: await work(request) };
  } catch (error) {
    // The route handlers' own mapping (and logging), so a refusal reads exactly as the API's would.
    const response = errorResponse(error, randomUUID());
    const body = (await response.json()) as ErrorBody;
    return { ok: false, status: response.status, error: body.error };
  }
}

export async function signInAction(code: string): Promise<ActionResult<{ audience: "staff" }>> {
  return run(async (request) => {
    const cookie = await signInStaff(request, { code });
    (await cookies()).set(cookie.name, cookie.value, cookie.options);
    return { audience: "staff" as const };
  });
}

export async function signOutAction(): Promise<ActionResult<{ audience: "demo" }>> {
  return run(async (request) => {
    const cookie = staffCookie(request, "", 0);
    (await cookies()).set(cookie.name, cookie.value, cookie.options);
    return { audience: "demo" as const };
  });
}

/** "Delete all my data": every face photo, generation and output of the requesting owner. */
export async function deleteMyDataAction(): Promise<ActionResult<Removed>> {
  return run(async (request) => {
    await rateLimit(request, "uploads");
    return deleteOwnerData(getDeps(), ownerOrThrow(request));
  });
}

export async function deleteGenerationAction(id: string): Promise<ActionResult<null>> {
  return run(async (request) => {
    await rateLimit(request, "create");
    await deleteOwnedGeneration(getDeps(), ownerOrThrow(request, true), String(id));
    return null;
  });
}
