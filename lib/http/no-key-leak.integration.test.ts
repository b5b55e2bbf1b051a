// @vitest-environment node
// Builds the app WITH a real-looking API key (into its own folder), serves it in real mode against the
// simulator, drives pages, APIs, error paths and generations, then proves the key string appears in no
// built file, no response and no log line. One build, ~1 min: it runs in `npm test` on purpose.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "@/simulator/server";

const KEY = "sk-test-DO-NOT-LEAK-1234567890";
const ROOT = process.cwd();
const DIST = ".next-leak-test";
const TSCONFIG = "tsconfig.leak-test.json";
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

let sim: RunningSimulator;
/** A loopback origin that is neither MODELSLAB_BASE_URL's nor listed: outputs there must be refused unfetched. */
const foreign = { origin: "", hits: 0, server: null as Server | null };
let server: ChildProcess | null = null;
let dataDir: string;
let origin: string;
const logs: string[] = [];
const seen: { what: string; text: string }[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

function run(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [NEXT_BIN, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (c: Buffer) => logs.push(c.toString()));
  child.stderr?.on("data", (c: Buffer) => logs.push(c.toString()));
  return child;
}

const exited = (child: ChildProcess) => new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const k of ["SIMULATOR_URL", "PUBLIC_BASE_URL", "SESSION_SECRET", "QUOTAS", "RATE_LIMITS"]) delete base[k];
  return {
    ...base,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: DIST,
    NEXT_TSCONFIG_PATH: TSCONFIG,
    NEXT_SKIP_TYPECHECK: "1",
    MODELSLAB_API_KEY: KEY,
    MODELSLAB_BASE_URL: sim.baseUrl,
    // Not the loopback "foreign" origin below: that one must stay refused.
    MODELSLAB_OUTPUT_ORIGINS: "https://cdn.example.com",
    ...extra,
  };
}

async function build(): Promise<void> {
  // next build rewrites next-env.d.ts for its distDir; put the shared one back afterwards.
  const nextEnv = path.join(ROOT, "next-env.d.ts");
  const savedNextEnv = existsSync(nextEnv) ? readFileSync(nextEnv) : null;
  writeFileSync(path.join(ROOT, TSCONFIG), readFileSync(path.join(ROOT, "tsconfig.json")));
  try {
    const code = await exited(run(["build"], env({})));
    if (code !== 0) throw new Error(`next build failed (${code}):\n${logs.join("").slice(-4000)}`);
  } finally {
    if (savedNextEnv) writeFileSync(nextEnv, savedNextEnv);
    rmSync(path.join(ROOT, TSCONFIG), { force: true });
  }
}

async function startServer(): Promise<void> {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  dataDir = mkdtempSync(path.join(tmpdir(), "hs-leak-"));
  server = run(["start", "-p", String(port), "-H", "127.0.0.1"], env({ DATA_DIR: dataDir, SWEEP_INTERVAL_MS: "300" }));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${origin}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`next start did not answer:\n${logs.join("").slice(-4000)}`);
}

let cookie = "";
async function call(method: string, url: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Response> {
  const res = await fetch(`${origin}${url}`, { method, body: init.body, headers: { ...(cookie ? { cookie } : {}), ...init.headers }, redirect: "manual" });
  const set = res.headers.get("set-cookie");
  if (set?.startsWith("hs_owner=")) cookie = set.split(";")[0]!;
  const text = await res.clone().text();
  seen.push({ what: `${method} ${url} → ${res.status}`, text: `${JSON.stringify([...res.headers])}\n${text}` });
  return res;
}

const json = (body: unknown) => ({ body: JSON.stringify(body), headers: { "content-type": "application/json" } });

function filesUnder(dir: string, skip: string[]): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (skip.includes(name)) continue;
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, skip));
    else out.push(full);
  }
  return out;
}

beforeAll(async () => {
  sim = await startSimulator({ keys: [KEY], mode: "sync", completeAfterMs: 100 });
  foreign.server = createHttpServer((_req, res) => {
    foreign.hits++;
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => foreign.server!.listen(0, "127.0.0.1", r));
  foreign.origin = `http://127.0.0.1:${(foreign.server.address() as { port: number }).port}`;
  rmSync(path.join(ROOT, DIST), { recursive: true, force: true });
  await build();
  await startServer();
}, 300_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await exited(server);
  }
  await sim?.close();
  await new Promise((r) => (foreign.server ? foreign.server.close(r) : r(undefined)));
  rmSync(path.join(ROOT, DIST), { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the API key never leaves the server", () => {
  it("drives pages, APIs, error paths and generations in real mode", async () => {
    for (const page of ["/", "/gallery", "/privacy", "/sign-in", "/no-such-page"]) await call("GET", page);
    expect(cookie).toMatch(/^hs_owner=/);
    expect((await call("GET", "/api/health")).status).toBe(200);
    await call("GET", "/api/quota");

    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(readFileSync(path.join(ROOT, "e2e/fixtures/faces/portrait-a.jpg")))], { type: "image/jpeg" }), "a.jpg");
    const face = (await (await call("POST", "/api/faces", { body: form })).json()) as { id: string };
    expect(face.id).toBeTruthy();

    const input = (prompt: string) => ({ faceId: face.id, prompt, negativePrompt: "", width: 512, height: 512, steps: 21, guidanceScale: 7.5, base64: false });
    const ok = (await (await call("POST", "/api/generations", json(input("studio headshot")))).json()) as { id: string };
    for (const fault of ["[sim:500]", "[sim:garbage]", "[sim:402]"]) await call("POST", "/api/generations", json(input(`p ${fault}`)));
    expect((await call("POST", "/api/generations", json({ ...input("x"), width: "huge" }))).status).toBe(422);
    expect((await call("POST", "/api/generations", { body: "{not json", headers: { "content-type": "application/json" } })).status).toBe(400);
    await call("GET", `/api/generations/${ok.id}`);
    await call("GET", "/api/generations");
    expect((await call("GET", "/api/files/outputs/../../app.db/0")).status).toBe(404);

    // Cross-site: the built proxy refuses a write from another origin even with a valid owner cookie.
    const crossSite = await call("POST", "/api/generations", { ...json(input("x")), headers: { "content-type": "application/json", origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toMatch(/other sites/);

    // Outputs in real mode (issue 12): the simulator serves them from loopback http through MODELSLAB_BASE_URL's
    // origin, which the operator already trusts with the key, so the generation succeeds.
    await new Promise((r) => setTimeout(r, 1_500));
    const after = (await (await call("GET", `/api/generations/${ok.id}`)).json()) as { status: string; outputs: unknown[] };
    expect(after.status).toBe("succeeded");
    expect(after.outputs).toHaveLength(1);

    // Another private origin (a loopback port not in MODELSLAB_OUTPUT_ORIGINS) is refused, with the plain message
    // and one error line naming the host and the setting that would allow it.
    sim.setOptions({ outputOrigin: foreign.origin });
    type Dto = { id: string; status: string; failure: { message: string } | null };
    let refused = (await (await call("POST", "/api/generations", json(input("foreign origin")))).json()) as Dto;
    // It may wait in the queue behind the jobs above (the garbled one holds a slot until it times out).
    for (let i = 0; i < 60 && (refused.status === "queued" || refused.status === "processing"); i++) {
      await new Promise((r) => setTimeout(r, 250));
      refused = (await (await call("GET", `/api/generations/${refused.id}`)).json()) as Dto;
    }
    sim.setOptions({ outputOrigin: null });
    expect(refused.status).toBe("failed");
    expect(refused.failure?.message).toBe("The image service returned the result at an address this server may not download from.");
    expect(foreign.hits).toBe(0);
    const refusalLines = logs.join("").split("\n").filter((l) => l.includes("output_url_refused"));
    expect(refusalLines).toHaveLength(1);
    // Refused at once, never treated as a passing problem and retried.
    expect(logs.join("").split("\n").filter((l) => l.includes("output_save_failed") && l.includes(refused.id))).toEqual([]);
    expect(refusalLines[0]).toContain('"level":"error"');
    expect(refusalLines[0]).toContain(`"host":"${new URL(foreign.origin).host}"`);
    expect(refusalLines[0]).toContain("MODELSLAB_OUTPUT_ORIGINS");
    expect(refusalLines[0]).not.toContain("/temp/");
    expect(sim.stats().makeGenCalls).toBeGreaterThanOrEqual(5);
  });

  it("HTTP edge cases on the built server: clear 4xx answers, no error-level log line, no stack trace", async () => {
    const before = logs.join("").length;
    const port = Number(new URL(origin).port);
    const raw = (text: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(port, "127.0.0.1", () => socket.write(text));
        let data = "";
        socket.on("data", (c) => (data += c.toString("latin1")));
        socket.on("error", () => resolve(data));
        socket.on("close", () => resolve(data));
      });
    const status = (answer: string) => Number(answer.split(" ")[1]);
    for (const line of ["TRACE / HTTP/1.1", "TRACE /api/health HTTP/1.1", "TRACK /gallery HTTP/1.1"]) {
      const answer = await raw(`${line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      expect(status(answer), line).toBe(405);
      expect(answer).toMatch(/\r\nallow: /i);
      expect(answer).toContain('"message":"This server does not accept');
    }
    const absolute = await raw("GET http://evil.example/api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    expect(status(absolute)).toBe(400);
    expect(absolute).not.toMatch(/\r\nlocation:/i);
    const chunked = await raw(
      `POST /api/generations HTTP/1.1\r\nHost: 127.0.0.1\r\n${cookie ? `Cookie: ${cookie}\r\n` : ""}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n{"pro\r\nZZZ\r\nnot a chunk\r\n\r\n`,
    );
    expect(status(chunked)).toBeGreaterThanOrEqual(400);
    expect(status(chunked)).toBeLessThan(500);
    expect((await call("PUT", "/api/generations")).status).toBe(405);
    await new Promise((r) => setTimeout(r, 500));
    const added = logs.join("").slice(before);
    expect(added.split("\n").filter((l) => l.includes('"level":"error"'))).toEqual([]);
    expect(added).not.toMatch(/^\s+at /m);
    expect(added).not.toMatch(/Internal Server Error|Failed to handle request/);
    expect(added).toContain("request_refused_at_edge");
  });

  it("is in no built file, no response and no log line", () => {
    const dist = path.join(ROOT, DIST);
    const files = filesUnder(dist, ["cache"]);
    expect(files.some((f) => f.includes(`${path.sep}static${path.sep}`))).toBe(true);
    const leakingFiles = files.filter((f) => readFileSync(f).includes(KEY));
    expect(leakingFiles).toEqual([]);
    expect(seen.length).toBeGreaterThan(15);
    expect(seen.filter((s) => s.text.includes(KEY)).map((s) => s.what)).toEqual([]);
    const logText = logs.join("");
    expect(logText.length).toBeGreaterThan(0);
    expect(logText.split("\n").filter((l) => l.includes(KEY))).toEqual([]);
    // The simulator really was called with the key: the key was in play, not absent.
    expect(sim.received().length).toBeGreaterThan(0);
  });
});
