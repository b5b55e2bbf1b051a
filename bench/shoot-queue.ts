/**
 * `npm run bench:shoots` — issue 13's queue figure: 50 photos added to a team shoot at once, against a simulator
 * whose per-key queue limit is 4 and whose jobs finish ~1.5 s after make_gen, with the app's submission queue at
 * MODELSLAB_MAX_IN_FLIGHT=4. Staff sign in with the access code, create a shoot (1 variant per person), POST 50
 * photos concurrently (the face-work gate answers 429 + Retry-After past 24 waiting: those are retried after
 * Retry-After and counted), then poll the shoot every POLL_MS until all 50 are ready.
 *
 * Meanwhile the simulator's unfinished jobs are sampled every 50 ms. Printed: all 50 succeeded, make_gen calls
 * (and duplicates by track_id), max unfinished at the upstream, the upstream's 429s, total time, and the floor:
 * 50 × one job's time alone (same shoot settings, same polling, median of 3) / 4 slots, and what the upstream alone
 * needs (⌈50 / 4⌉ waves × 1.5 s).
 * Quotas and rate limits are raised as for every benchmark (bench/lib/servers.ts), except the in-flight cap.
 * Options: --skip-build. Results: bench/results/shoot-queue.json.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ShootDto } from "@/lib/teams/types";
import { json, multipartFile, request, type HttpResponse } from "./lib/http";
import { runPool, sleep } from "./lib/pool";
import { machine, writeResult } from "./lib/report";
import { startApp, startBenchSimulator, type RunningApp } from "./lib/servers";
import { histogram, median, round } from "./lib/stats";

const PEOPLE = 50;
const SLOTS = 4;
const COMPLETE_AFTER_MS = 1_500;
const POLL_MS = 500;
const SAMPLE_MS = 50;
const TIMEOUT_MS = 5 * 60_000;
const ACCESS_CODE = "bench-staff-code-0001";
const FACES = ["portrait-a.jpg", "portrait-b.jpg", "portrait-c.jpg"].map((f) => readFileSync(path.join(process.cwd(), "e2e", "fixtures", "faces", f)));

const STYLE = { prompt: "corporate headshot, navy suit, soft light", negativePrompt: "blurry", width: 512, height: 512, steps: 20, guidanceScale: 5 };

/** Staff in one browser: the owner cookie from a page view plus the staff cookie from signing in. */
async function signInStaff(origin: string): Promise<Record<string, string>> {
  const cookiesOf = (res: HttpResponse) => [res.headers["set-cookie"] ?? []].flat().map((c) => c.split(";")[0] ?? "");
  const owner = cookiesOf(await request(`${origin}/`)).find((c) => c.startsWith("hs_owner="));
  const res = await request(`${origin}/api/auth/sign-in`, {
    method: "POST",
    headers: { origin, "content-type": "application/json", ...(owner ? { cookie: owner } : {}) },
    body: JSON.stringify({ code: ACCESS_CODE }),
  });
  const staff = cookiesOf(res).find((c) => c.startsWith("hs_staff="));
  if (res.status !== 200 || !staff) throw new Error(`staff sign-in failed: ${res.status} ${res.body.toString().slice(0, 200)}`);
  return { origin, cookie: [owner, staff].filter(Boolean).join("; ") };
}

async function createShoot(app: RunningApp, headers: Record<string, string>, name: string): Promise<string> {
  const body = JSON.stringify({ name, ...STYLE, variants: 1, regenerations: 0 });
  const res = await request(`${app.origin}/api/shoots`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body });
  if (res.status !== 201) throw new Error(`create shoot: ${res.status} ${res.body.toString().slice(0, 200)}`);
  return json<ShootDto>(res).id;
}

/** One photo as staff add it; the face-work gate's 429 is retried after its Retry-After. */
async function addPhoto(app: RunningApp, headers: Record<string, string>, shootId: string, i: number, busy: number[]) {
  const { body, contentType } = multipartFile(FACES[i % FACES.length] as Buffer, `person_${String(i + 1).padStart(2, "0")}.jpg`);
  for (let attempt = 0; attempt < 40; attempt++) {
    const res = await request(`${app.origin}/api/shoots/${shootId}/people`, { method: "POST", headers: { ...headers, "content-type": contentType }, body });
    if (res.status !== 429) return res.status;
    busy.push(i);
    const wait = Number(res.headers["retry-after"] ?? "1");
    await sleep((Number.isFinite(wait) ? wait : 1) * 1000);
  }
  return 429;
}

async function getShoot(app: RunningApp, headers: Record<string, string>, shootId: string): Promise<ShootDto> {
  const res = await request(`${app.origin}/api/shoots/${shootId}`, { headers });
  if (res.status !== 200) throw new Error(`GET shoot: ${res.status} ${res.body.toString().slice(0, 200)}`);
  return json<ShootDto>(res);
}

/** Polls every POLL_MS until nobody is generating and everyone has a photo; returns the last state and when. */
async function untilSettled(app: RunningApp, headers: Record<string, string>, shootId: string, people: number) {
  const end = Date.now() + TIMEOUT_MS;
  let polls = 0;
  for (;;) {
    const shoot = await getShoot(app, headers, shootId);
    polls++;
    const settled = shoot.people.length === people && shoot.people.every((p) => !p.generating && p.status !== "photo_received");
    if (settled) return { shoot, at: performance.now(), polls };
    if (Date.now() > end) throw new Error(`shoot ${shootId} not settled after ${TIMEOUT_MS / 1000} s: ${JSON.stringify(shoot.counts)}`);
    await sleep(POLL_MS);
  }
}

const readyCount = (shoot: ShootDto) => shoot.people.filter((p) => p.variants.length > 0 && p.variants.every((v) => v.status === "succeeded")).length;

async function main() {
  if (!process.argv.includes("--skip-build")) {
    const mod = (await import(path.join(process.cwd(), "scripts", "lib", "build-if-stale.mjs"))) as { buildIfStale: () => void };
    mod.buildIfStale();
  }
  const started = Date.now();
  console.log(`Machine: ${JSON.stringify(machine())}`);
  const sim = await startBenchSimulator({ mode: "queued", completeAfterMs: COMPLETE_AFTER_MS, queueLimit: SLOTS });
  let app: RunningApp | null = null;
  try {
    app = await startApp(sim.origin, { env: { MODELSLAB_MAX_IN_FLIGHT: String(SLOTS), STAFF_ACCESS_CODE: ACCESS_CODE } });
    const headers = await signInStaff(app.origin);

    // The floor: one person alone, the same settings and polling, three times.
    const alone: number[] = [];
    for (let k = 0; k < 3; k++) {
      const shootId = await createShoot(app, headers, `alone ${k + 1}`);
      const t0 = performance.now();
      const status = await addPhoto(app, headers, shootId, k, []);
      if (status !== 201) throw new Error(`one photo alone: ${status}`);
      const { shoot, at } = await untilSettled(app, headers, shootId, 1);
      if (readyCount(shoot) !== 1) throw new Error(`one photo alone did not succeed: ${JSON.stringify(shoot.people[0]?.failure)}`);
      alone.push(at - t0);
    }
    const jobAloneMs = median(alone);

    // The burst: 50 photos at once, the upstream sampled every 50 ms.
    const shootId = await createShoot(app, headers, "fifty at once");
    const before = sim.stats();
    let maxProcessing = 0;
    const processingSamples: number[] = [];
    const sampler = setInterval(() => {
      const n = sim.stats().processing;
      processingSamples.push(n);
      maxProcessing = Math.max(maxProcessing, n);
    }, SAMPLE_MS);
    const busy: number[] = [];
    const t0 = performance.now();
    const statuses = await runPool(PEOPLE, PEOPLE, (i) => addPhoto(app as RunningApp, headers, shootId, i, busy));
    const uploadsMs = performance.now() - t0;
    const { shoot, at, polls } = await untilSettled(app, headers, shootId, PEOPLE);
    const totalMs = at - t0;
    clearInterval(sampler);
    const after = sim.stats();

    // What the upstream alone needs: 50 jobs of COMPLETE_AFTER_MS through 4 slots, in waves.
    const upstreamFloorMs = Math.ceil(PEOPLE / SLOTS) * COMPLETE_AFTER_MS;
    const trackIds = new Set(shoot.people.flatMap((p) => p.variants.map((v) => v.generationId)));
    const sent = sim.received().map((r) => String(r.body.track_id ?? "")).filter((id) => trackIds.has(id));
    const figures = {
      people: PEOPLE,
      slots: SLOTS,
      completeAfterMs: COMPLETE_AFTER_MS,
      pollMs: POLL_MS,
      uploads: { statuses: histogram(statuses), busy429: busy.length, retriedPhotos: new Set(busy).size, allAcceptedMs: Math.round(uploadsMs) },
      succeeded: readyCount(shoot),
      counts: shoot.counts,
      generations: trackIds.size,
      makeGenCalls: after.makeGenCalls - before.makeGenCalls,
      makeGenAccepted: sent.length,
      duplicates: sent.length - new Set(sent).size,
      upstream429: after.queueFullRefusals - before.queueFullRefusals,
      maxInFlightAtUpstream: maxProcessing,
      samples: processingSamples.length,
      shootPolls: polls,
      totalMs: Math.round(totalMs),
      jobAloneMs: alone.map(Math.round),
      floorMs: Math.round((PEOPLE * jobAloneMs) / SLOTS),
      ratioToFloor: round(totalMs / ((PEOPLE * jobAloneMs) / SLOTS), 2),
      upstreamFloorMs: upstreamFloorMs,
      ratioToUpstreamFloor: round(totalMs / upstreamFloorMs, 2),
    };
    const rows: [string, string][] = [
      [`all ${PEOPLE} succeeded`, `${figures.succeeded === PEOPLE ? "yes" : "NO"} (${figures.succeeded} of ${PEOPLE} ready, ${shoot.counts.failed} failed)`],
      ["photos accepted", `${JSON.stringify(figures.uploads.statuses)} in ${(uploadsMs / 1000).toFixed(1)} s; ${busy.length} busy 429s (face-work gate) retried after Retry-After, for ${figures.uploads.retriedPhotos} photos`],
      ["make_gen calls", `${figures.makeGenCalls} (${figures.makeGenAccepted} accepted for ${figures.generations} generations; ${figures.duplicates} duplicates)`],
      ["max unfinished at the upstream", `${maxProcessing} (limit ${SLOTS}; ${processingSamples.length} samples every ${SAMPLE_MS} ms)`],
      ["429 from the upstream", String(figures.upstream429)],
      ["total time, first POST → all ready", `${(totalMs / 1000).toFixed(1)} s (shoot polled every ${POLL_MS} ms, ${polls} polls)`],
      ["floor: 50 × one job alone / 4", `${(figures.floorMs / 1000).toFixed(1)} s (one job alone: ${alone.map((m) => (m / 1000).toFixed(2)).join(", ")} s, median ${(jobAloneMs / 1000).toFixed(2)} s)`],
      ["total / floor", `${figures.ratioToFloor}×`],
      [`upstream floor: ⌈${PEOPLE} / ${SLOTS}⌉ × ${COMPLETE_AFTER_MS / 1000} s`, `${(upstreamFloorMs / 1000).toFixed(1)} s; total / upstream floor ${figures.ratioToUpstreamFloor}×`],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    console.log("");
    for (const [a, b] of rows) console.log(`${a.padEnd(w)}  ${b}`);
    console.log(`\nwrote ${path.relative(process.cwd(), writeResult({ name: "shoot-queue", checks: [], figures }))} in ${Math.round((Date.now() - started) / 1000)} s`);
    const ok = figures.succeeded === PEOPLE && figures.makeGenCalls === PEOPLE && figures.duplicates === 0 && maxProcessing <= SLOTS && figures.upstream429 === 0;
    process.exitCode = ok ? 0 : 1;
  } finally {
    await app?.stop();
    await sim.close();
  }
}

void main();
