// @vitest-environment node
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FACE_WORK, faceWorkGate } from "@/lib/images/upload-gate";
import { animated, fixture, pngClaiming } from "@/test/images";
import { errorOf, startRouteEnv, type RouteEnv } from "@/test/route-env";
import { POST } from "./route";

let env: RouteEnv;
let cookie: string;
beforeAll(async () => {
  env = await startRouteEnv();
  cookie = env.owner().cookie;
});
afterAll(() => env.close());

const URL_ = "http://localhost/api/faces";
const MB = 1024 * 1024;
const portrait = () => fixture("portrait-a.jpg");

function send(parts: [string, Blob | string, string?][], headers: Record<string, string> = { cookie }) {
  const form = new FormData();
  for (const [name, value, filename] of parts) {
    if (typeof value === "string") form.append(name, value);
    else form.append(name, value, filename);
  }
  return POST(new Request(URL_, { method: "POST", body: form, headers }), {});
}

const file = (bytes: Buffer | string, type = "image/jpeg") => new Blob([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], { type });

async function refused(res: Response, status: number, message: RegExp) {
  expect(res.status).toBe(status);
  const error = await errorOf(res);
  expect(error.message).toMatch(message);
  return error;
}

describe("POST /api/faces refuses hostile uploads with a clear 4xx", () => {
  it("zero bytes", async () => {
    await refused(await send([["file", file(Buffer.alloc(0)), "empty.jpg"]]), 422, /empty/i);
  });

  it("HTML named .jpg and declared image/jpeg (lying content type)", async () => {
    const html = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>";
    await refused(await send([["file", file(html), "photo.jpg"]]), 415, /not an image/i);
  });

  it("a ZIP archive", async () => {
    const zip = Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(200, 1)]);
    await refused(await send([["file", file(zip, "image/png"), "photo.png"]]), 415, /not an image/i);
  });

  it("SVG, even with script inside", async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="999" height="999"><script>alert(1)</script></svg>';
    await refused(await send([["file", file(svg, "image/svg+xml"), "face.svg"]]), 415, /SVG/);
  });

  it("a truncated JPEG", async () => {
    const whole = portrait();
    await refused(await send([["file", file(whole.subarray(0, whole.length >> 1)), "cut.jpg"]]), 422, /damaged or incomplete/);
  });

  it("a 50,000×50,000 PNG decompression bomb, refused from its header (a decode would say 'damaged')", async () => {
    await refused(await send([["file", file(await pngClaiming(50_000, 50_000), "image/png"), "bomb.png"]]), 413, /40 megapixels/);
  });

  it.each(["gif", "webp"] as const)("an animated %s", async (format) => {
    await refused(await send([["file", file(await animated(format), `image/${format}`), `anim.${format}`]]), 415, /Animated/);
  });

  it("many files at once", async () => {
    const res = await send([
      ["file", file(portrait()), "a.jpg"],
      ["file", file(portrait()), "b.jpg"],
      ["file", file(portrait()), "c.jpg"],
    ]);
    await refused(res, 422, /exactly one photo/);
  });

  it("no file field, or a text field named file", async () => {
    await refused(await send([["other", file(portrait()), "a.jpg"]]), 422, /exactly one photo/);
    await refused(await send([["file", "not a file"]]), 422, /must be a photo/);
  });

  it("multipart garbage", async () => {
    const res = await POST(
      new Request(URL_, { method: "POST", body: "--x\r\nthis is not\r\n\r\nmultipart at all", headers: { cookie, "content-type": "multipart/form-data; boundary=zzz" } }),
      {},
    );
    await refused(res, 400, /could not be read/);
  });

  it("a non-multipart body", async () => {
    const res = await POST(new Request(URL_, { method: "POST", body: portrait(), headers: { cookie, "content-type": "image/jpeg" } }), {});
    await refused(res, 415, /multipart/);
    const json = await POST(new Request(URL_, { method: "POST", body: "{}", headers: { cookie, "content-type": "application/json" } }), {});
    await refused(json, 415, /multipart/);
  });

  it("a declared Content-Length over the limit, before reading the body", async () => {
    const res = await POST(
      new Request(URL_, { method: "POST", body: "x", headers: { cookie, "content-type": "multipart/form-data; boundary=b", "content-length": String(200 * MB) } }),
      {},
    );
    await refused(res, 413, /20 MB/);
  });

  it("more than 20 MB, streamed: refused while streaming, never buffering the whole 200 MB", async () => {
    const boundary = "hostileboundary";
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff`, "latin1");
    const chunk = new Uint8Array(64 * 1024).fill(0x41);
    let pulled = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = pulled === 0 ? new Uint8Array(head) : chunk;
        pulled += next.byteLength;
        if (pulled >= 200 * MB) controller.close();
        else controller.enqueue(next);
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request(URL_, {
      method: "POST",
      body,
      duplex: "half",
      headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` },
    } as RequestInit);
    await refused(await POST(request, {}), 413, /20 MB/);
    // Read up to the cap (plus a couple of in-flight chunks), then the source was cancelled.
    expect(pulled).toBeGreaterThan(20 * MB);
    expect(pulled).toBeLessThan(21 * MB);
    expect(cancelled).toBe(true);
  });

  it("no owner cookie, or a forged one", async () => {
    await refused(await send([["file", file(portrait()), "a.jpg"]], {}), 401, /session cookie/);
    const forged = `hs_owner=${encodeURIComponent("o_AAAAAAAAAAAAAAAAAAAAAA.forgedsignature")}`;
    await refused(await send([["file", file(portrait()), "a.jpg"]], { cookie: forged }), 401, /session cookie/);
  });
});

describe("POST /api/faces neutralises what it accepts", () => {
  async function storedFace(res: Response): Promise<Buffer> {
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const dir = path.join(env.dataDir, "files", "faces");
    const { getDeps } = await import("@/lib/generations/runtime");
    const { getFace } = await import("@/lib/db/queries/faces");
    const row = await getFace(getDeps().db, id);
    return readFileSync(path.join(dir, "..", row!.path));
  }

  it("a JPEG with HTML/JS appended (polyglot) is re-encoded: the payload is not stored", async () => {
    const payload = "<html><script>alert(document.cookie)</script></html>";
    const stored = await storedFace(await send([["file", file(Buffer.concat([portrait(), Buffer.from(payload)])), "poly.jpg"]]));
    expect(stored.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(stored.includes(Buffer.from("<script"))).toBe(false);
  });

  it("a JPEG with a ZIP appended is re-encoded: no archive survives", async () => {
    const zip = Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.from("evil.html"), Buffer.alloc(100, 7)]);
    const stored = await storedFace(await send([["file", file(Buffer.concat([portrait(), zip])), "poly.jpg"]]));
    expect(stored.includes(Buffer.from("PK\x03\x04", "latin1"))).toBe(false);
    expect(stored.includes(Buffer.from("evil.html"))).toBe(false);
  });

  it("a real photo declared as text/html is judged by its bytes and stored as JPEG", async () => {
    const res = await send([["file", file(portrait(), "text/html"), "face.html"]]);
    expect(res.status).toBe(201);
  });
});

describe("POST /api/faces refuses cross-site uploads itself (the proxy does not run on it)", () => {
  it.each<Record<string, string>>([{ origin: "https://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }])("%o → 403", async (headers) => {
    const res = await send([["file", file(portrait()), "a.jpg"]], { cookie, host: "localhost", ...headers });
    await refused(res, 403, /other sites/);
  });

  it("a same-origin upload passes", async () => {
    const res = await send([["file", file(portrait()), "a.jpg"]], { cookie, host: "localhost", origin: "http://localhost", "sec-fetch-site": "same-origin" });
    expect(res.status).toBe(201);
  });
});

describe("POST /api/faces streams to a temp file and always deletes it", () => {
  const leftovers = () => {
    const dir = path.join(env.dataDir, "tmp");
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  it("after success, a refused photo, a streamed 413 and multipart garbage", async () => {
    expect((await send([["file", file(portrait()), "a.jpg"]])).status).toBe(201);
    expect((await send([["file", file("<html></html>"), "a.jpg"]])).status).toBe(415);
    expect((await send([["file", file(Buffer.alloc(21 * MB)), "big.jpg"]])).status).toBe(413);
    const garbage = new Request(URL_, { method: "POST", body: "--zzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc", headers: { cookie, "content-type": "multipart/form-data; boundary=zzz" } });
    expect((await POST(garbage, {})).status).toBe(400);
    expect(leftovers()).toEqual([]);
  });

  it("when the client goes away mid-upload", async () => {
    const boundary = "abortboundary";
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`, "latin1");
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 2 * MB) return controller.error(new Error("connection reset"));
        const chunk = sent === 0 ? new Uint8Array(head) : new Uint8Array(256 * 1024).fill(0x42);
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const request = new Request(URL_, { method: "POST", body, duplex: "half", headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` } } as RequestInit);
    await refused(await POST(request, {}), 400, /could not be read/);
    expect(leftovers()).toEqual([]);
  });
});

describe("POST /api/faces bounds the photo work", () => {
  it("answers 429 with Retry-After when every slot is busy and the queue is full, without reading the photo", async () => {
    const gate = faceWorkGate();
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const holders: Promise<unknown>[] = [];
    while (!gate.full) holders.push(gate.run(() => blocked));
    try {
      const res = await send([["file", file(portrait()), "a.jpg"]]);
      const error = await refused(res, 429, /^The server is busy processing photos\. Please try again in a few seconds\.$/);
      expect(error.code).toBe("rate_limited");
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      release();
      await Promise.all(holders);
    }
    expect((await send([["file", file(portrait()), "a.jpg"]])).status).toBe(201);
  });

  it("runs at most FACE_WORK.concurrency photo validations at once", async () => {
    const gate = faceWorkGate();
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, gate.active)), 1);
    const many = await Promise.all(Array.from({ length: 6 }, () => send([["file", file(portrait()), "a.jpg"]])));
    clearInterval(timer);
    expect(many.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(peak).toBeLessThanOrEqual(FACE_WORK.concurrency);
    expect(peak).toBeGreaterThan(0);
  });
});

describe("POST /api/faces keeps the browser's face check beside the photo, for display only", () => {
  const check = { v: 1, faces: 3, findings: ["several_faces"], metrics: { sharpness: 0.12, luma: 90, faceShare: null, facePixels: null, yaw: null } };

  it("stores a valid `check` and returns it on the face; the same photo sent again with the confirmation updates it", async () => {
    const photo = fixture("portrait-b.jpg");
    const first = await send([["check", JSON.stringify(check)], ["file", file(photo), "b.jpg"]]);
    expect(first.status).toBe(201);
    const dto = (await first.json()) as { id: string; check: unknown };
    expect(dto.check).toEqual(check);
    const again = await send([["check", JSON.stringify({ ...check, confirmed: true })], ["file", file(photo), "b.jpg"]]);
    const second = (await again.json()) as { id: string; check: unknown };
    expect(second.id).toBe(dto.id);
    expect(second.check).toEqual({ ...check, confirmed: true });
  });

  it("without a check the face has none", async () => {
    const res = await send([["file", file(fixture("portrait-c.jpg")), "c.jpg"]]);
    expect(((await res.json()) as { check: unknown }).check).toBeNull();
  });

  it.each([
    ["not JSON", "{oops"],
    ["an unknown finding", JSON.stringify({ ...check, findings: ["is_admin"] })],
    ["an extra key", JSON.stringify({ ...check, html: "<script>" })],
    ["over 2 KB", JSON.stringify({ ...check, findings: [], pad: "x".repeat(3000) })],
  ])("refuses %s with 422 and stores nothing", async (_, value) => {
    const res = await send([["check", value], ["file", file(portrait()), "a.jpg"]]);
    expect(res.status).toBe(422);
    expect((await errorOf(res)).fields).toHaveProperty(["check"]);
  });
});
