// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yauzl from "yauzl";
import { issueStaffSession } from "@/lib/session/staff";
import { fixture } from "@/test/images";
import { errorOf, startRouteEnv, type RouteEnv } from "@/test/route-env";
import type { ShootDto, ShootPersonDto, ShootSummaryDto } from "@/lib/teams/types";
import * as exportRoute from "./[id]/export.zip/route";
import * as inviteRoute from "./[id]/invite/route";
import * as peopleRoute from "./[id]/people/route";
import * as personRoute from "./[id]/people/[personId]/route";
import * as photoRoute from "./[id]/people/[personId]/photo/route";
import * as regenerateRoute from "./[id]/people/[personId]/regenerate/route";
import * as shootRoute from "./[id]/route";
import * as shootsRoute from "./route";

const SECRET = "route-test-secret-0123456789abcdefghijklmnop";
const CODE = "team-code-for-tests";
let env: RouteEnv;
let staff: string;
let savedCode: string | undefined;

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

const BASE = "http://localhost/api/shoots";
const STYLE = { prompt: "studio headshot, grey backdrop", negativePrompt: "blurry", width: 512, height: 640, steps: 20, guidanceScale: 6 };
const ctx = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });

const jsonReq = (url: string, method: string, body: unknown, cookie: string | null = staff) =>
  new Request(url, { method, headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
const getReq = (url: string, cookie: string | null = staff, method = "GET") => new Request(url, { method, headers: cookie ? { cookie } : {} });
function formReq(url: string, parts: Record<string, string>, file: { bytes: Buffer; name: string } | null, cookie: string | null = staff) {
  const form = new FormData();
  for (const [k, v] of Object.entries(parts)) form.append(k, v);
  if (file) form.append("file", new Blob([new Uint8Array(file.bytes)], { type: "image/jpeg" }), file.name);
  return new Request(url, { method: "POST", body: form, headers: cookie ? { cookie } : {} });
}

async function createShoot(over: Record<string, unknown> = {}): Promise<ShootDto> {
  const res = await shootsRoute.POST(jsonReq(BASE, "POST", { name: "Sales team", ...STYLE, variants: 1, regenerations: 1, ...over }), {});
  expect(res.status).toBe(201);
  return (await res.json()) as ShootDto;
}

describe("staff shoot routes", () => {
  it("answer 401 to anyone not signed in as staff, before reading anything", async () => {
    const owner = env.owner().cookie;
    const forged = `hs_staff=${encodeURIComponent("staff:99999999999999:abc.forged")}`;
    const p = ctx({ id: "s_x", personId: "p_x" });
    const calls: (() => Promise<Response>)[] = [
      () => shootsRoute.GET(getReq(BASE, owner), {}),
      () => shootsRoute.POST(jsonReq(BASE, "POST", { name: "x", ...STYLE }, forged), {}),
      () => shootRoute.GET(getReq(`${BASE}/s_x`, null), p),
      () => shootRoute.PATCH(jsonReq(`${BASE}/s_x`, "PATCH", { name: "y" }, owner), p),
      () => shootRoute.DELETE(getReq(`${BASE}/s_x`, owner, "DELETE"), p),
      () => inviteRoute.POST(getReq(`${BASE}/s_x/invite`, owner, "POST"), p),
      () => inviteRoute.DELETE(getReq(`${BASE}/s_x/invite`, owner, "DELETE"), p),
      () => peopleRoute.POST(formReq(`${BASE}/s_x/people`, {}, { bytes: fixture("portrait-a.jpg"), name: "a.jpg" }, owner), p),
      () => personRoute.PATCH(jsonReq(`${BASE}/s_x/people/p_x`, "PATCH", { approved: true }, owner), p),
      () => personRoute.DELETE(getReq(`${BASE}/s_x/people/p_x`, owner, "DELETE"), p),
      () => regenerateRoute.POST(getReq(`${BASE}/s_x/people/p_x/regenerate`, owner, "POST"), p),
      () => photoRoute.POST(formReq(`${BASE}/s_x/people/p_x/photo`, {}, { bytes: fixture("portrait-a.jpg"), name: "a.jpg" }, owner), p),
      () => exportRoute.GET(getReq(`${BASE}/s_x/export.zip`, owner), p),
    ];
    for (const call of calls) {
      const res = await call();
      expect(res.status).toBe(401);
      expect((await errorOf(res)).message).toBe("Sign in with the team access code to manage shoots.");
    }
  });

  it("create, list, read, and refuse bad settings with field messages", async () => {
    const shoot = await createShoot({ crops: ["avatar-512"], dueDate: "2030-06-30" });
    expect(shoot).toMatchObject({ name: "Sales team", style: STYLE, variants: 1, crops: ["avatar-512"], dueDate: "2030-06-30", styleLocked: false });
    expect(shoot.seed).toBeGreaterThanOrEqual(0);
    expect(shoot.invite?.path).toBe(`/join/${shoot.invite?.token}`);

    const list = (await (await shootsRoute.GET(getReq(BASE), {})).json()) as { shoots: ShootSummaryDto[] };
    expect(list.shoots.map((s) => s.id)).toContain(shoot.id);

    const bad = await shootsRoute.POST(jsonReq(BASE, "POST", { name: "", ...STYLE, steps: 99, variants: 7, crops: ["banner"], dueDate: "tomorrow" }), {});
    expect(bad.status).toBe(422);
    const { fields } = await errorOf(bad);
    expect(fields).toMatchObject({
      name: "Give the shoot a name.",
      steps: "Steps must be between 1 and 26.",
      variants: "Variants per person must be between 1 and 4.",
      dueDate: "Due date must be a date written YYYY-MM-DD.",
    });
    expect(fields?.["crops.0"]).toMatch(/Choose website crops/);
    expect((await shootsRoute.POST(new Request(BASE, { method: "POST", headers: { cookie: staff }, body: "{nope" }), {})).status).toBe(400);
    expect((await shootRoute.GET(getReq(`${BASE}/s_missing`), ctx({ id: "s_missing" }))).status).toBe(404);
  });

  it("Edit style: PATCH changes the style until the first generation, then answers 409 with a message", async () => {
    const shoot = await createShoot({ seed: 11 });
    const p = ctx({ id: shoot.id });
    const edited = await shootRoute.PATCH(jsonReq(`${BASE}/${shoot.id}`, "PATCH", { ...STYLE, prompt: "outdoor headshot", steps: "12", seed: 99 }), p);
    expect(edited.status).toBe(200);
    expect((await edited.json()) as ShootDto).toMatchObject({ style: { ...STYLE, prompt: "outdoor headshot", steps: 12 }, seed: 99, styleLocked: false });
    const bad = await shootRoute.PATCH(jsonReq(`${BASE}/${shoot.id}`, "PATCH", { ...STYLE, guidanceScale: 11, seed: "" }), p);
    expect(bad.status).toBe(422);
    expect((await errorOf(bad)).fields).toEqual({ guidanceScale: "Guidance scale must be between 1.0 and 10.0.", seed: "Enter a seed, or press Random for a new one." });

    await peopleRoute.POST(formReq(`${BASE}/${shoot.id}/people`, { name: "Ann" }, { bytes: fixture("portrait-a.jpg"), name: "a.jpg" }), p);
    const locked = await shootRoute.PATCH(jsonReq(`${BASE}/${shoot.id}`, "PATCH", { ...STYLE, seed: 99 }), p);
    expect(locked.status).toBe(409);
    expect((await errorOf(locked)).message).toBe("This shoot's style is locked because headshots were already generated. Make a new shoot instead.");
    // The same values as stored are not a change, so a form saved without edits does not trip over the lock.
    const same = await shootRoute.PATCH(jsonReq(`${BASE}/${shoot.id}`, "PATCH", { ...STYLE, prompt: "outdoor headshot", steps: 12, seed: 99 }), p);
    expect(same.status).toBe(200);
    expect(((await same.json()) as ShootDto).styleLocked).toBe(true);
  });

  it("add photos (named from the file), approve, regenerate, replace, lock the style, export, remove, delete", async () => {
    const shoot = await createShoot();
    const p = ctx({ id: shoot.id });
    const added = await peopleRoute.POST(formReq(`${BASE}/${shoot.id}/people`, {}, { bytes: fixture("portrait-a.jpg"), name: "jane_doe-smith.JPG" }), p);
    expect(added.status).toBe(201);
    const jane = (await added.json()) as ShootPersonDto;
    expect(jane).toMatchObject({ name: "jane doe smith", source: "staff", status: "ready" });
    const named = await peopleRoute.POST(formReq(`${BASE}/${shoot.id}/people`, { name: "Ola Nordmann" }, { bytes: fixture("portrait-b.jpg"), name: "IMG_0001.jpg" }), p);
    const ola = (await named.json()) as ShootPersonDto;
    expect(ola.name).toBe("Ola Nordmann");
    const empty = await peopleRoute.POST(formReq(`${BASE}/${shoot.id}/people`, {}, { bytes: Buffer.alloc(0), name: "x.jpg" }), p);
    expect(empty.status).toBe(422);

    const exportEmpty = await exportRoute.GET(getReq(`${BASE}/${shoot.id}/export.zip`), p);
    expect(exportEmpty.status).toBe(409);
    expect((await errorOf(exportEmpty)).message).toBe("Nobody has an approved headshot or a favourite yet.");

    const pp = ctx({ id: shoot.id, personId: jane.id });
    const approved = await personRoute.PATCH(jsonReq(`${BASE}/${shoot.id}/people/${jane.id}`, "PATCH", { approved: true, title: "Head of Sales" }), pp);
    expect(approved.status).toBe(200);
    expect((await approved.json()) as ShootPersonDto).toMatchObject({ status: "approved", title: "Head of Sales" });
    const badPatch = await personRoute.PATCH(jsonReq(`${BASE}/${shoot.id}/people/${jane.id}`, "PATCH", { email: "not-an-email", approved: "yes" }), pp);
    expect(badPatch.status).toBe(422);
    expect((await errorOf(badPatch)).fields).toMatchObject({ email: "Enter a valid email address, or leave it empty." });
    const otherOutput = ola.variants[0]!.outputs[0]!.id;
    const stolen = await personRoute.PATCH(jsonReq(`${BASE}/${shoot.id}/people/${jane.id}`, "PATCH", { favouriteOutputId: otherOutput }), pp);
    expect(stolen.status).toBe(404);

    const regen = await regenerateRoute.POST(getReq(`${BASE}/${shoot.id}/people/${jane.id}/regenerate`, staff, "POST"), pp);
    expect(((await regen.json()) as ShootPersonDto).variants).toHaveLength(2);
    const none = await regenerateRoute.POST(getReq(`${BASE}/${shoot.id}/people/${jane.id}/regenerate`, staff, "POST"), pp);
    expect(none.status).toBe(409);
    expect((await errorOf(none)).message).toBe("No regenerations left for this person.");

    const locked = await shootRoute.PATCH(jsonReq(`${BASE}/${shoot.id}`, "PATCH", { prompt: "beach" }), p);
    expect(locked.status).toBe(409);
    expect((await errorOf(locked)).message).toMatch(/style is locked/);
    const renamed = await shootRoute.PATCH(jsonReq(`${BASE}/${shoot.id}`, "PATCH", { name: "Sales & Support" }), p);
    expect(((await renamed.json()) as ShootDto).name).toBe("Sales & Support");

    const zip = await exportRoute.GET(getReq(`${BASE}/${shoot.id}/export.zip`), p);
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    expect(zip.headers.get("content-disposition")).toBe('attachment; filename="sales-support-headshots.zip"');
    expect(zip.headers.get("cache-control")).toBe("no-store");
    // Only the approved person, with the shoot's chosen crops (the ZIP's contents have their own tests).
    const entries = await zipEntryNames(Buffer.from(await zip.arrayBuffer()));
    expect(entries.filter((n) => n.startsWith("original/"))).toEqual(["original/jane-doe-smith.png"]);
    expect(entries.at(-1)).toBe("manifest.csv");

    const replaced = await photoRoute.POST(formReq(`${BASE}/${shoot.id}/people/${ola.id}/photo`, {}, { bytes: fixture("portrait-c.jpg"), name: "c.jpg" }), ctx({ id: shoot.id, personId: ola.id }));
    expect(replaced.status).toBe(200);
    const olaNow = (await replaced.json()) as ShootPersonDto;
    expect(olaNow.face?.id).not.toBe(ola.face?.id);
    expect(olaNow.variants.map((v) => v.seed)).toEqual([shoot.seed]);

    const invite = await inviteRoute.POST(getReq(`${BASE}/${shoot.id}/invite`, staff, "POST"), p);
    expect(invite.status).toBe(201);
    expect(((await invite.json()) as { invite: { token: string } }).invite.token).not.toBe(shoot.invite?.token);
    expect((await inviteRoute.DELETE(getReq(`${BASE}/${shoot.id}/invite`, staff, "DELETE"), p)).status).toBe(204);
    expect(((await (await shootRoute.GET(getReq(`${BASE}/${shoot.id}`), p)).json()) as ShootDto).invite).toBeNull();

    expect((await personRoute.DELETE(getReq(`${BASE}/${shoot.id}/people/${ola.id}`, staff, "DELETE"), ctx({ id: shoot.id, personId: ola.id }))).status).toBe(204);
    const after = (await (await shootRoute.GET(getReq(`${BASE}/${shoot.id}`), p)).json()) as ShootDto;
    expect(after.people.map((x) => x.id)).toEqual([jane.id]);
    expect(after.counts).toMatchObject({ people: 1, approved: 1, ready: 1 });

    expect((await shootRoute.DELETE(getReq(`${BASE}/${shoot.id}`, staff, "DELETE"), p)).status).toBe(204);
    expect((await shootRoute.GET(getReq(`${BASE}/${shoot.id}`), p)).status).toBe(404);
  });

  it("refuses a cross-site write even from staff", async () => {
    const req = new Request(BASE, { method: "POST", headers: { cookie: staff, origin: "https://evil.example", "content-type": "application/json" }, body: "{}" });
    expect((await shootsRoute.POST(req, {})).status).toBe(403);
  });
});

function zipEntryNames(buf: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error("no zip"));
      const names: string[] = [];
      zip.on("entry", (e: yauzl.Entry) => {
        names.push(e.fileName);
        zip.readEntry();
      });
      zip.on("end", () => resolve(names));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}
