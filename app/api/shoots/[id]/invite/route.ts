import { getDeps } from "@/lib/generations/runtime";
import { json, route, otherMethods } from "@/lib/http/route";
import { rateLimit } from "@/lib/http/rate-limit";
import { requireStaff } from "@/lib/session/person";
import { newInviteToken, revokeInvite } from "@/lib/teams/shoots";

type Ctx = { params: Promise<{ id: string }> };

/** A new invite link (staff); the previous one stops working. */
export const POST = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "create");
  requireStaff(request);
  const { id } = await params;
  const token = await newInviteToken(getDeps(), id);
  return json({ invite: { token, path: `/join/${token}` } }, 201);
});

/** Revokes the invite link (staff): it answers 404 from now on. People who joined keep their results. */
export const DELETE = route<Ctx>(async (request, { params }) => {
  await rateLimit(request, "create");
  requireStaff(request);
  const { id } = await params;
  await revokeInvite(getDeps(), id);
  return new Response(null, { status: 204 });
});

// Every other method: 405 with a JSON message and Allow (OPTIONS: 204 with Allow). See otherMethods.
export const { GET, HEAD, PUT, PATCH, OPTIONS } = otherMethods("POST", "DELETE");
