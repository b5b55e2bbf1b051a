// Two app instances in shared mode (issue 14), against a stack of its own (scripts/lib/cluster.mjs): one
// Postgres, one s3rver bucket, the simulator, instances A and B behind a round-robin balancer whose URL is the
// public one. It does not use the app Playwright's config starts. API-level: fetch with an owner cookie, which
// verifies on either instance (one SESSION_SECRET).
//
// The tests run in order on one stack (serial): A is killed and restarted along the way, and the quota test
// counts the generations the earlier tests spent.
import { expect, test } from "@playwright/test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { startClusterStack, type ClusterStack, type InstanceName } from "../scripts/lib/cluster.mjs";
import { face } from "./helpers";

const JOBS = 6;
const MAX_IN_FLIGHT = 2;
const COMPLETE_AFTER_MS = 4_000;
const PER_OWNER = 8;
const BUDGET = 12;
const FIGURES = path.join(process.cwd(), "e2e", ".artifacts", "cluster-figures.json");

test.describe.configure({ mode: "serial", timeout: 240_000 });

type Generation = { id: string; status: string; params: { prompt: string }; outputs: { url: string; thumbUrl: string }[] };
type SimStats = { makeGenCalls: number; fetchCalls: number; webhooksSent: number; processing: number };

let stack: ClusterStack;
const runId = Date.now().toString(36);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function simStats(): Promise<SimStats> {
  return (await (await fetch(`${stack.urls.simulator}/__sim/stats`)).json()) as SimStats;
}

async function simPrompts(): Promise<string[]> {
  const { jobs } = (await (await fetch(`${stack.urls.simulator}/__sim/received`)).json()) as { jobs: { body: { prompt?: unknown } }[] };
  return jobs.map((j) => String(j.body.prompt));
}

/** A new visitor: the owner cookie the app hands out on a first page view (here from instance `on`). */
async function newVisitor(on: InstanceName | "balancer"): Promise<string> {
  const res = await fetch(`${stack.urls[on]}/`);
  await res.arrayBuffer();
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("hs_owner="));
  expect(cookie, "the first page view sets the owner cookie").toBeTruthy();
  return (cookie ?? "").split(";")[0] ?? "";
}

function call(on: InstanceName | "balancer", cookie: string, pathname: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${stack.urls[on]}${pathname}`, { ...init, headers: { cookie, ...(init.headers as Record<string, string> | undefined) } });
}

async function uploadFace(on: InstanceName, cookie: string): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([readFileSync(face("portrait-a.jpg"))], { type: "image/jpeg" }), "portrait-a.jpg");
  const res = await call(on, cookie, "/api/faces", { method: "POST", body: form });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

function create(on: InstanceName, cookie: string, faceId: string, prompt: string): Promise<Response> {
  const body = { faceId, prompt, negativePrompt: "", width: 512, height: 512, steps: 21, guidanceScale: 7.5, base64: false };
  return call(on, cookie, "/api/generations", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

async function status(on: InstanceName, cookie: string, id: string): Promise<Generation> {
  const res = await call(on, cookie, `/api/generations/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Generation;
}

async function bytes(on: InstanceName, cookie: string, url: string): Promise<Buffer> {
  const res = await call(on, cookie, url);
  expect(res.status, `${on} ${url}`).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

const unfinished = (g: Generation) => g.status === "queued" || g.status === "processing";

test.beforeAll(async () => {
  test.setTimeout(180_000);
  stack = await startClusterStack({
    simulatorArgs: ["--complete-after-ms", String(COMPLETE_AFTER_MS)],
    env: {
      MODELSLAB_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
      SWEEP_INTERVAL_MS: "1000",
      GLOBAL_DAILY_BUDGET: String(BUDGET),
      QUOTAS: JSON.stringify({ demo: { perOwner: PER_OWNER, perIp: null } }),
      RATE_LIMITS: JSON.stringify({ uploads: { limit: 600 }, create: { limit: 600 }, polls: { limit: 100_000 }, files: { limit: 100_000 } }),
      STAFF_ACCESS_CODE: "",
    },
  });
});

test.afterAll(async () => {
  await stack?.stop();
});

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus || !stack) return;
  for (const name of ["a", "b"] as const) {
    await testInfo.attach(`instance-${name}.log`, { body: stack.log(name) || "(no output)", contentType: "text/plain" });
  }
});

let visitor = "";

test("A is killed mid-flight; B finishes every job, one make_gen each, and both serve every image", async () => {
  visitor = await newVisitor("a");
  const faceId = await uploadFace("a", visitor);
  const prompts = Array.from({ length: JOBS }, (_, k) => `cluster ${runId} job ${k}`);
  const ids: string[] = [];
  for (const prompt of prompts) {
    const res = await create("a", visitor, faceId, prompt);
    expect(res.status, await res.clone().text()).toBe(201);
    ids.push(((await res.json()) as { id: string }).id);
  }

  // Mid-flight: the cap's worth at the upstream, the rest waiting in the shared queue.
  await expect.poll(async () => (await simStats()).makeGenCalls, { timeout: 30_000, intervals: [100] }).toBeGreaterThanOrEqual(MAX_IN_FLIGHT);
  const firstSubmitAt = Date.now();
  await sleep(300); // let A record the answers to those make_gens
  const before = await Promise.all(ids.map((id) => status("b", visitor, id)));
  const queuedAtKill = before.filter((g) => g.status === "queued").length;
  const atUpstreamAtKill = before.filter((g) => g.status === "processing").length;
  expect(queuedAtKill, "some jobs still wait in the queue when A dies").toBeGreaterThan(0);
  expect(atUpstreamAtKill, "some jobs are at the upstream when A dies").toBeGreaterThan(0);

  const load = loadavg().map((n) => n.toFixed(2)).join(", ");
  const killedAt = Date.now();
  await stack.kill("a", "SIGKILL");

  // B finishes every job; A's owner cookie verifies there.
  let finished: Generation[] = before;
  for (const deadline = Date.now() + 150_000; finished.some(unfinished) && Date.now() < deadline; ) {
    await sleep(250);
    finished = await Promise.all(ids.map((id) => status("b", visitor, id)));
  }
  const lastFinishedAt = Date.now();
  const losses = finished.filter((g) => g.status !== "succeeded");
  expect(losses.map((g) => `${g.id} ${g.status}`)).toEqual([]);

  // Exactly one make_gen per job at the upstream.
  const received = (await simPrompts()).filter((p) => p.startsWith(`cluster ${runId} `));
  const duplicates = received.length - new Set(received).size;
  expect(received.toSorted()).toEqual(prompts.toSorted());

  // Every image, from B now and from a fresh A on the same port, byte for byte.
  const urls = finished.flatMap((g) => g.outputs.flatMap((o) => [o.url, o.thumbUrl]));
  expect(urls.length).toBeGreaterThanOrEqual(JOBS * 2);
  const fromB = await Promise.all(urls.map((u) => bytes("b", visitor, u)));
  await stack.restart("a");
  const fromA = await Promise.all(urls.map((u) => bytes("a", visitor, u)));
  urls.forEach((u, i) => expect(fromA[i]?.equals(fromB[i] ?? Buffer.alloc(0)), u).toBe(true));

  // The cap's own floor: ceil(jobs / cap) rounds of COMPLETE_AFTER_MS from the first submission.
  const floorMs = Math.ceil(JOBS / MAX_IN_FLIGHT) * COMPLETE_AFTER_MS - (killedAt - firstSubmitAt);
  const figures = {
    jobs: JOBS,
    maxInFlight: MAX_IN_FLIGHT,
    completeAfterMs: COMPLETE_AFTER_MS,
    queuedAtKill,
    atUpstreamAtKill,
    failoverMs: lastFinishedAt - killedAt,
    floorMs,
    losses: losses.length,
    duplicates,
    makeGenCalls: received.length,
    imagesCheckedOnBoth: urls.length,
    loadAverage: load,
  };
  console.log(
    `two instances: ${JOBS} jobs (${queuedAtKill} queued, ${atUpstreamAtKill} at the upstream when A was SIGKILLed); ` +
      `kill → last job finished ${(figures.failoverMs / 1000).toFixed(1)} s (floor at the cap ${(floorMs / 1000).toFixed(1)} s); ` +
      `losses ${losses.length}, duplicate make_gens ${duplicates}; ${urls.length} images byte-identical on A and B; load average ${load}`,
  );
  mkdirSync(path.dirname(FIGURES), { recursive: true });
  writeFileSync(FIGURES, JSON.stringify(figures, null, 2));
});

test("a webhook delivered to B finishes a job created on A", async () => {
  // The app's next check waits for the upstream's ETA: 10 minutes here, so only the webhook can finish the job.
  const options = await fetch(`${stack.urls.simulator}/__sim/options`, { method: "POST", body: JSON.stringify({ etaSeconds: 600 }) });
  expect(options.status).toBe(200);
  try {
    const faceId = await uploadFace("a", visitor);
    const calls = (await simStats()).makeGenCalls;
    const res = await create("a", visitor, faceId, `cluster ${runId} webhook`);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await expect.poll(async () => (await status("b", visitor, id)).status, { timeout: 20_000, intervals: [100] }).toBe("processing");
    expect((await simStats()).makeGenCalls).toBe(calls + 1);

    // A dies before the upstream finishes: the balancer can only hand the webhook to B.
    await stack.kill("a", "SIGKILL");
    const before = await simStats();
    await expect.poll(async () => (await status("b", visitor, id)).status, { timeout: 30_000, intervals: [250] }).toBe("succeeded");
    const after = await simStats();
    expect(after.webhooksSent, "the upstream sent its webhook").toBe(before.webhooksSent + 1);
    expect(after.fetchCalls, "no instance asked the upstream: the webhook finished the job").toBe(before.fetchCalls);
    const done = await status("b", visitor, id);
    expect(done.outputs.length).toBeGreaterThan(0);
    expect((await bytes("b", visitor, done.outputs[0]?.url ?? "")).length).toBeGreaterThan(0);
  } finally {
    await fetch(`${stack.urls.simulator}/__sim/options`, { method: "POST", body: JSON.stringify({ etaSeconds: null }) });
    if (!stack.alive("a")) await stack.restart("a");
  }
});

test("the per-browser quota and the global budget hold across both instances", async () => {
  type Quota = { remaining: number; limitedBy: string };
  const quota = async (on: InstanceName, cookie: string) => (await (await call(on, cookie, "/api/quota")).json()) as Quota;
  // Spread over both instances at once: each pair of requests lands on A and B together.
  const burst = async (cookie: string, faceId: string, count: number, label: string) => {
    const answers = await Promise.all(Array.from({ length: count }, (_, k) => create(k % 2 === 0 ? "a" : "b", cookie, faceId, `cluster ${runId} ${label} ${k}`)));
    return { accepted: answers.filter((r) => r.status === 201).length, refused: answers.filter((r) => r.status === 429), others: answers.filter((r) => r.status !== 201 && r.status !== 429).map((r) => r.status) };
  };

  // The first visitor has spent JOBS + 1 of PER_OWNER.
  const own = await quota("b", visitor);
  expect(own).toMatchObject({ remaining: PER_OWNER - (JOBS + 1), limitedBy: "owner" });
  const faceA = await uploadFace("a", visitor);
  const first = await burst(visitor, faceA, 4, "owner");
  expect(first.others).toEqual([]);
  expect(first.accepted).toBe(own.remaining);
  expect(first.refused).toHaveLength(4 - own.remaining);

  // A second visitor has their own allowance, but the demo's budget has only what is left of BUDGET.
  const second = await newVisitor("b");
  const left = await quota("a", second);
  expect(left).toMatchObject({ remaining: BUDGET - PER_OWNER, limitedBy: "global" });
  const faceB = await uploadFace("b", second);
  const spread = await burst(second, faceB, left.remaining + 4, "budget");
  expect(spread.others).toEqual([]);
  expect(spread.accepted).toBe(left.remaining);
  expect(spread.refused).toHaveLength(4);
  for (const res of spread.refused) expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/budget/);
  expect(await quota("a", second)).toMatchObject({ remaining: 0 });
});
