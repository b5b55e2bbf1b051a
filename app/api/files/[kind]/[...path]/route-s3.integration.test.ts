// @vitest-environment node
// The files route with image storage in an S3-compatible bucket (s3rver, in-process), wired the way an operator
// wires it (S3_BUCKET and the AWS_* variables): the same owner checks, the same headers and the same bytes as
// from the disk, and deleting an owner's data empties the bucket of them.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFace } from "@/lib/db/queries/faces";
import { listOutputs } from "@/lib/db/queries/outputs";
import { createGeneration, uploadFace } from "@/lib/generations/create";
import { deleteOwnerData } from "@/lib/generations/privacy";
import { getDeps } from "@/lib/generations/runtime";
import { thumbnailsIdle } from "@/lib/images/thumbnails";
import { params } from "@/test/harness";
import { fixture } from "@/test/images";
import { startRouteEnv } from "@/test/route-env";
import { startS3Server, type RunningS3 } from "@/test/s3-server";
import { GET } from "./route";

let s3: RunningS3;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.close();
});

type Served = { kind: string; status: number; headers: Record<string, string>; bodyMatchesStore: boolean; length: number; head: { length: string | null; body: boolean } };

/** Makes one generation for a fresh owner under `env`, then fetches its output, thumbnail and face through the route. */
async function serveOneGeneration(env: Record<string, string>, inside: (ctx: { ownerId: string; cookie: string; dataDir: string }) => Promise<void> = async () => undefined) {
  const routeEnv = await startRouteEnv({ mode: "sync" }, env);
  try {
    const owner = routeEnv.owner();
    const deps = getDeps();
    const face = await uploadFace(deps, owner.id, fixture("portrait-a.jpg"));
    const { generation } = await createGeneration(deps, { ownerId: owner.id, input: params(face.id), idempotencyKey: null });
    expect(generation.status).toBe("succeeded");
    await thumbnailsIdle();
    const [out] = await listOutputs(deps.db, generation.id);
    const files = [
      ["outputs", [generation.id, "0"], out!.path],
      ["thumbs", [generation.id, "0"], out!.thumbPath],
      ["faces", [face.id], (await getFace(deps.db, face.id))!.path],
    ] as const;
    const served: Served[] = [];
    for (const [kind, parts, key] of files) {
      const res = await GET(new Request(`http://localhost/api/files/${kind}/${parts.join("/")}`, { headers: { cookie: owner.cookie } }), {
        params: Promise.resolve({ kind, path: [...parts] }),
      });
      const body = Buffer.from(await res.arrayBuffer());
      const headers = Object.fromEntries([...res.headers].filter(([name]) => name !== "x-request-id"));
      const head = await GET(new Request(`http://localhost/api/files/${kind}/${parts.join("/")}`, { method: "HEAD", headers: { cookie: owner.cookie } }), {
        params: Promise.resolve({ kind, path: [...parts] }),
      });
      served.push({
        kind,
        status: res.status,
        headers,
        bodyMatchesStore: body.equals((await deps.storage.get(key))!),
        length: body.length,
        head: { length: head.headers.get("content-length"), body: head.body !== null },
      });
      const stranger = routeEnv.owner();
      const refused = await GET(new Request(`http://localhost/api/files/${kind}/${parts.join("/")}`, { headers: { cookie: stranger.cookie } }), {
        params: Promise.resolve({ kind, path: [...parts] }),
      });
      expect(refused.status, `${kind} for a stranger`).toBe(404);
    }
    await inside({ ownerId: owner.id, cookie: owner.cookie, dataDir: routeEnv.dataDir });
    return { served, keys: files.map(([, , key]) => key as string).sort(), ownerId: owner.id };
  } finally {
    await routeEnv.close();
  }
}

describe("GET /api/files/* with S3 storage", () => {
  it("serves an owner's images from the bucket with exactly the headers the disk driver gets", async () => {
    const disk = await serveOneGeneration({});
    const settings = await s3.newBucket();
    let inBucket: string[] = [];
    const fromS3 = await serveOneGeneration(s3.envFor(settings.bucket), async ({ dataDir }) => {
      // The bytes went to the bucket, not to DATA_DIR.
      expect(existsSync(path.join(dataDir, "files"))).toBe(false);
      inBucket = await s3.listKeys(settings.bucket);
    });
    expect(inBucket).toEqual(fromS3.keys);
    for (const [i, file] of fromS3.served.entries()) {
      const onDisk = disk.served[i]!;
      expect(file.status, file.kind).toBe(200);
      expect(file.bodyMatchesStore, file.kind).toBe(true);
      expect(file.headers["content-length"], file.kind).toBe(String(file.length));
      expect(file.head, file.kind).toEqual({ length: String(file.length), body: false });
      expect(file.headers["content-type"], file.kind).toMatch(/^image\//);
      const { "content-length": _s3Length, ...rest } = file.headers;
      const { "content-length": _diskLength, ...diskRest } = onDisk.headers;
      expect(rest, file.kind).toEqual(diskRest);
    }
    expect(fromS3.served.map((f) => f.headers["content-security-policy"])).toEqual(Array(3).fill("default-src 'none'; sandbox"));
  });

  it("deleting an owner's data removes their objects from the bucket and nobody else's", async () => {
    const settings = await s3.newBucket();
    const env = s3.envFor(settings.bucket);
    const kept = await serveOneGeneration(env);
    await serveOneGeneration(env, async ({ ownerId }) => {
      expect((await s3.listKeys(settings.bucket)).length).toBe(6);
      await deleteOwnerData(getDeps(), ownerId);
    });
    expect(await s3.listKeys(settings.bucket)).toEqual(kept.keys);
  });
});
