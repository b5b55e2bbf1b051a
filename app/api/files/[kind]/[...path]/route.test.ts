// @vitest-environment node
import { readdirSync } from "node:fs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGeneration, uploadFace } from "@/lib/generations/create";
import { listOutputs } from "@/lib/db/queries/outputs";
import { getDeps } from "@/lib/generations/runtime";
import { thumbnailsIdle } from "@/lib/images/thumbnails";
import { params } from "@/test/harness";
import { fixture } from "@/test/images";
import { startRouteEnv, type RouteEnv } from "@/test/route-env";
import { GET } from "./route";

let env: RouteEnv;
let alice: { id: string; cookie: string };
let genId: string;
let faceId: string;

beforeAll(async () => {
  env = await startRouteEnv({ mode: "sync" });
  alice = env.owner();
  const face = await uploadFace(getDeps(), alice.id, fixture("portrait-a.jpg"));
  faceId = face.id;
  const { generation } = await createGeneration(getDeps(), { ownerId: alice.id, input: params(face.id), idempotencyKey: null });
  expect(generation.status).toBe("succeeded");
  genId = generation.id;
});
afterAll(() => env.close());

const get = (kind: string, rawPath: string[], cookie: string | null) => {
  const path = rawPath.map((s) => s.replace("GEN", genId).replace("FACE", faceId));
  return GET(new Request(`http://localhost/api/files/${kind}/${path.join("/")}`, { headers: cookie ? { cookie } : {} }), {
    params: Promise.resolve({ kind, path }),
  });
};

describe("GET /api/files/[kind]/[...path]", () => {
  it("serves the owner's files, sandboxed and never sniffed", async () => {
    for (const [kind, path] of [["outputs", [genId, "0"]], ["thumbs", [genId, "0"]], ["faces", [faceId]]] as const) {
      const res = await get(kind, [...path], alice.cookie);
      expect(res.status, kind).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^image\//);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toContain("sandbox");
    }
  });

  it("HEAD answers the headers without a body, and leaves no file open", async () => {
    const fds = () => readdirSync("/proc/self/fd").length;
    const full = await get("outputs", [genId, "0"], alice.cookie);
    const length = (await full.arrayBuffer()).byteLength;
    const before = fds();
    for (let i = 0; i < 20; i++) {
      const res = await GET(new Request(`http://localhost/api/files/outputs/${genId}/0`, { method: "HEAD", headers: { cookie: alice.cookie } }), {
        params: Promise.resolve({ kind: "outputs", path: [genId, "0"] }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-length")).toBe(String(length));
      expect(res.body).toBeNull();
    }
    // Twenty unread streams would hold twenty file handles (until garbage collection).
    await new Promise((r) => setTimeout(r, 50));
    expect(fds() - before).toBeLessThan(5);
  });

  it("makes a thumbnail that does not exist yet (or was lost to a crash) on first request, and keeps it", async () => {
    await thumbnailsIdle();
    const [out] = await listOutputs(getDeps().db, genId);
    await getDeps().storage.delete(out!.thumbPath);
    const res = await get("thumbs", [genId, "0"], alice.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    const served = Buffer.from(await res.arrayBuffer());
    expect((await sharp(served).metadata()).format).toBe("webp");
    expect(await getDeps().storage.get(out!.thumbPath)).toEqual(served);
  });

  it("a thumbnail of another owner's job is not made for a stranger", async () => {
    await thumbnailsIdle();
    const [out] = await listOutputs(getDeps().db, genId);
    await getDeps().storage.delete(out!.thumbPath);
    expect((await get("thumbs", [genId, "0"], env.owner().cookie)).status).toBe(404);
    expect(await getDeps().storage.stat(out!.thumbPath)).toBeNull();
  });

  it.each([
    ["outputs", ["..", "..", "app.db"]],
    ["outputs", ["../../app.db", "0"]],
    ["outputs", ["..%2F..%2Fapp.db", "0"]],
    ["outputs", ["GEN", "../0"]],
    ["outputs", ["GEN", "-1"]],
    ["outputs", ["GEN", "1e3"]],
    ["faces", ["../session-secret"]],
    ["faces", ["..", "session-secret"]],
    ["faces", ["../faces/FACE"]],
    ["..", ["app.db"]],
    ["session-secret", ["x"]],
    ["thumbs", ["GEN", "0", "extra"]],
  ])("path traversal %s/%j → 404", async (kind, path) => {
    const res = await get(kind, path, alice.cookie);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found", message: "Not found." } });
  });

  it("another owner gets 404 for every one of alice's files", async () => {
    const bob = env.owner();
    for (const [kind, path] of [["outputs", [genId, "0"]], ["thumbs", [genId, "0"]], ["faces", [faceId]]] as const) {
      expect((await get(kind, [...path], bob.cookie)).status, kind).toBe(404);
    }
  });

  it("no cookie, a forged cookie or a tampered signature → 404", async () => {
    const [value = ""] = decodeURIComponent(alice.cookie.slice("hs_owner=".length)).split(".");
    const tampered = `hs_owner=${encodeURIComponent(`${value}.${"A".repeat(43)}`)}`;
    const unsigned = `hs_owner=${alice.id}`;
    for (const cookie of [null, tampered, unsigned, "hs_owner=", "hs_owner=%E0%A4%A"]) {
      expect((await get("outputs", [genId, "0"], cookie)).status, String(cookie)).toBe(404);
    }
  });
});
