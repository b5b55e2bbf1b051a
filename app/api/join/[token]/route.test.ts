// @vitest-environment node
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getFile } from "@/app/api/files/[kind]/[...path]/route";
import { issueStaffSession } from "@/lib/session/staff";
import { getDeps } from "@/lib/generations/runtime";
import { thumbnailsIdle } from "@/lib/images/thumbnails";
import { fixture } from "@/test/images";
import { errorOf, startRouteEnv, type RouteEnv } from "@/test/route-env";
import { createShoot, getShoot, revokeInvite } from "@/lib/teams/shoots";
import type { JoinInfoDto, JoinMeDto, ShootPersonDto } from "@/lib/teams/types";
import { createShootSchema } from "@/lib/validations/shoot";
import * as favouriteRoute from "./me/favourite/route";
import * as regenerateRoute from "./me/regenerate/route";
import * as meRoute from "./me/route";
import * as joinRoute from "./route";

const SECRET = "route-test-secret-0123456789abcdefghijklmnop";
const CODE = "team-code-for-tests";
let env: RouteEnv;
let savedCode: string | undefined;
let staff: string;

beforeAll(async () => {
  savedCode = process.env.STAFF_ACCESS_CODE;
  env = await startRouteEnv({ mode: "sync" }, { STAFF_ACCESS_CODE: CODE });
  staff = `hs_staff=${encodeURIComponent(issueStaffSession({ secret: SECRET, code: CODE, now: Date.now(), ttlMs: 3_600_000 }).value)}`;
});
afterAll(async () => {
  await env.close();
  if (savedCode === undefined) delete process.env.STAFF_ACCESS_CODE;
  else process.env.STAFF_ACCESS_CODE = savedCode;
});

const newShoot = (over: Record<string, unknown> = {}) =>
  createShoot(
    getDeps(),
    createShootSchema.parse({ name: "Design team", prompt: "studio headshot", negativePrompt: "", width: 512, height: 512, steps: 20, guidanceScale: 7, variants: 2, regenerations: 1, seed: 77, ...over }),
  );

const url = (token: string, rest = "") => `http://localhost/api/join/${token}${rest}`;
const ctx = (token: string) => ({ params: Promise.resolve({ token }) });
const cookieHeader = (cookie: string | null): Record<string, string> => (cookie ? { cookie } : {});

function join(token: string, fields: Record<string, string>, photo: string | null = "portrait-a.jpg", cookie: string | null = null) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (photo) form.append("file", new Blob([new Uint8Array(fixture(photo))], { type: "image/jpeg" }), photo);
  return joinRoute.POST(new Request(url(token), { method: "POST", body: form, headers: cookieHeader(cookie) }), ctx(token));
}

/** Joins and returns the person and the Cookie header that proves them. */
async function joined(token: string, name: string, photo: string) {
  const res = await join(token, { name, title: "Designer", email: "" }, photo);
  expect(res.status).toBe(201);
  const setCookie = res.headers.get("set-cookie") ?? "";
  const { person } = (await res.json()) as { person: ShootPersonDto };
  return { person, cookie: setCookie.split(";")[0] ?? "", setCookie };
}

const me = (token: string, cookie: string | null) => meRoute.GET(new Request(url(token, "/me"), { headers: cookieHeader(cookie) }), ctx(token));
const file = (kind: string, segs: string[], cookie: string | null) =>
  getFile(new Request(`http://localhost/api/files/${kind}/${segs.join("/")}`, { headers: cookieHeader(cookie) }), { params: Promise.resolve({ kind, path: segs }) });
const segsOf = (u: string) => u.replace(/^\/api\/files\/[a-z]+\//, "").split("/");

describe("the invite link", () => {
  it("shows the shoot before any upload, and refuses a revoked or unknown link with 404", async () => {
    const shoot = await newShoot();
    const token = shoot.inviteToken!;
    const info = (await (await joinRoute.GET(new Request(url(token)), ctx(token))).json()) as JoinInfoDto;
    expect(info).toMatchObject({ shoot: { name: "Design team", variants: 2 }, expired: false, full: false, joined: false });
    expect(info.retentionDays).toBeGreaterThan(0);

    await revokeInvite(getDeps(), shoot.id);
    for (const res of [await joinRoute.GET(new Request(url(token)), ctx(token)), await join(token, { name: "Ann" })]) {
      expect(res.status).toBe(404);
      expect((await errorOf(res)).message).toMatch(/invite link is not valid/);
    }
    expect((await joinRoute.GET(new Request(url("nope")), ctx("nope"))).status).toBe(404);
  });

  it("refuses a link past its due date with 410", async () => {
    const token = (await newShoot({ dueDate: "2021-03-01" })).inviteToken!;
    const res = await join(token, { name: "Ann" });
    expect(res.status).toBe(410);
    expect((await errorOf(res)).message).toBe("This invite link has expired.");
  });

  it("refuses bad fields with clear messages, never a 500", async () => {
    const token = (await newShoot()).inviteToken!;
    const cases: [Record<string, string>, string | null, number, string, string][] = [
      [{ name: "" }, "portrait-a.jpg", 422, "name", "Enter your name."],
      [{ name: "x".repeat(101) }, "portrait-a.jpg", 422, "name", "Your name must be at most 100 characters."],
      [{ name: "Ann\u0007" }, "portrait-a.jpg", 422, "name", "Your name contains control characters."],
      [{ name: "Ann", email: "ann(at)example" }, "portrait-a.jpg", 422, "email", "Enter a valid email address, or leave it empty."],
      [{ name: "Ann" }, null, 422, "file", "Send exactly one photo."],
    ];
    for (const [fields, photo, status, field, message] of cases) {
      const res = await join(token, fields, photo);
      expect(res.status, JSON.stringify(fields)).toBe(status);
      expect((await errorOf(res)).fields?.[field]).toBe(message);
    }
    const notAPhoto = new FormData();
    notAPhoto.append("name", "Ann");
    notAPhoto.append("file", new Blob(["<html></html>"], { type: "image/jpeg" }), "a.jpg");
    const res = await joinRoute.POST(new Request(url(token), { method: "POST", body: notAPhoto }), ctx(token));
    expect(res.status).toBe(415);
    expect((await errorOf(res)).message).toMatch(/not an image/i);
  });

  it("two colleagues each see only their own results; staff see both", async () => {
    const shoot = await newShoot();
    const token = shoot.inviteToken!;
    const ann = await joined(token, "Ann Berg", "portrait-a.jpg");
    const bob = await joined(token, "Bob Dahl", "portrait-b.jpg");
    expect(ann.setCookie).toMatch(new RegExp(`^hs_person_${shoot.id}=`));
    expect(ann.setCookie).toMatch(/HttpOnly/i);
    expect(ann.setCookie).toMatch(/SameSite=lax/i);
    expect(ann.setCookie).toMatch(/Path=\//);
    expect(ann.person).toMatchObject({ name: "Ann Berg", title: "Designer", email: null, source: "invite", status: "ready" });
    expect(ann.person.variants.map((v) => v.seed)).toEqual([77, 78]);

    const annMe = (await (await me(token, ann.cookie)).json()) as JoinMeDto;
    expect(annMe.shoot).toEqual({ name: "Design team", variants: 2, regenerationsLeft: 1, crops: ["square-1024", "portrait-4x5", "avatar-512"] });
    expect(annMe.person.id).toBe(ann.person.id);
    expect(((await (await me(token, bob.cookie)).json()) as JoinMeDto).person.id).toBe(bob.person.id);
    expect((await me(token, null)).status).toBe(401);
    const forged = `hs_person_${shoot.id}=${encodeURIComponent(`${shoot.id}:${ann.person.id}.forged`)}`;
    expect((await me(token, forged)).status).toBe(401);
    const info = (await (await joinRoute.GET(new Request(url(token), { headers: { cookie: ann.cookie } }), ctx(token))).json()) as JoinInfoDto;
    expect(info.joined).toBe(true);
    const twice = await join(token, { name: "Ann again" }, "portrait-c.jpg", ann.cookie);
    expect(twice.status).toBe(409);
    expect((await errorOf(twice)).message).toMatch(/already joined/);

    // Files: each colleague reads their own, not the other's; staff read both; a stranger reads nothing.
    await thumbnailsIdle();
    const annOut = ann.person.variants[0]!.outputs[0]!;
    const bobOut = bob.person.variants[0]!.outputs[0]!;
    for (const u of [annOut.url, annOut.thumbUrl, ann.person.face!.url]) {
      const [kind = ""] = u.replace("/api/files/", "").split("/");
      expect((await file(kind, segsOf(u), ann.cookie)).status, u).toBe(200);
      expect((await file(kind, segsOf(u), bob.cookie)).status, u).toBe(404);
      expect((await file(kind, segsOf(u), staff)).status, u).toBe(200);
      expect((await file(kind, segsOf(u), env.owner().cookie)).status, u).toBe(404);
      expect((await file(kind, segsOf(u), null)).status, u).toBe(404);
    }
    expect((await file("outputs", segsOf(bobOut.url), staff)).status).toBe(200);

    // Favourites: only one's own.
    const fav = (outputId: string, cookie: string) =>
      favouriteRoute.POST(new Request(url(token, "/me/favourite"), { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ outputId }) }), ctx(token));
    expect((await fav(bobOut.id, ann.cookie)).status).toBe(404);
    const chosen = (await (await fav(annOut.id, ann.cookie)).json()) as JoinMeDto;
    expect(chosen.person).toMatchObject({ status: "favourite_chosen", favourite: { id: annOut.id } });
    expect((await fav("", ann.cookie)).status).toBe(422);

    // Try again: once, then 409.
    const again = (cookie: string) => regenerateRoute.POST(new Request(url(token, "/me/regenerate"), { method: "POST", headers: { cookie } }), ctx(token));
    const round = (await (await again(ann.cookie)).json()) as JoinMeDto;
    expect(round.person.variants).toHaveLength(4);
    expect(round.shoot.regenerationsLeft).toBe(0);
    const refused = await again(ann.cookie);
    expect(refused.status).toBe(409);
    expect((await errorOf(refused)).message).toBe("No regenerations left for this person.");

    // Delete my photos: rows and files go, the cookie is cleared, Bob is untouched.
    const faceFile = path.join(env.dataDir, "files", "faces", ann.person.id);
    expect(existsSync(faceFile)).toBe(true);
    const del = await meRoute.DELETE(new Request(url(token, "/me"), { method: "DELETE", headers: { cookie: ann.cookie } }), ctx(token));
    expect(del.status).toBe(204);
    expect(del.headers.get("set-cookie")).toMatch(new RegExp(`^hs_person_${shoot.id}=;.*Max-Age=0`, "i"));
    expect(existsSync(faceFile)).toBe(false);
    expect((await file("outputs", segsOf(annOut.url), staff)).status).toBe(404);
    expect((await me(token, ann.cookie)).status).toBe(401);
    expect((await me(token, bob.cookie)).status).toBe(200);
  });

  it("the face check sent with the photo is kept with the person's face, for the team's table (getShoot)", async () => {
    const shoot = await newShoot();
    const check = { v: 1, faces: 1, findings: ["one_face", "blurred"], metrics: { sharpness: 0.03, luma: 120, faceShare: 0.4, facePixels: 300, yaw: 0.1 } };
    const res = await join(shoot.inviteToken!, { name: "Cleo", check: JSON.stringify(check) }, "portrait-c.jpg");
    expect(res.status).toBe(201);
    const { person } = (await res.json()) as { person: ShootPersonDto };
    expect(person.face?.check).toEqual(check);
    expect((await getShoot(getDeps(), shoot.id)).people[0]?.face?.check).toEqual(check);
    const bad = await join(shoot.inviteToken!, { name: "Dan", check: "{nope" }, "portrait-b.jpg");
    expect(bad.status).toBe(422);
  });

  it("a person cookie from one shoot means nothing in another", async () => {
    const a = await newShoot();
    const b = await newShoot();
    const ann = await joined(a.inviteToken!, "Ann", "portrait-a.jpg");
    const moved = ann.cookie.replace(`hs_person_${a.id}`, `hs_person_${b.id}`);
    expect((await me(b.inviteToken!, moved)).status).toBe(401);
  });
});
