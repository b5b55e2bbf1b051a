// `npm run bench:load`: issue 5's bounded load test on loopback. 200 jobs created at once (each with a
// ~5 MB upload), then status polls at 2,000/s for 30 s. Prints the status histogram, peak RSS and whether
// any job was lost or duplicated. Option: --limits default (the app's own quotas and rate limits).
import path from "node:path";
import Database from "better-sqlite3";
import { phonePhoto } from "./lib/images";
import { createAll, pollAtRate } from "./lib/load-phases";
import { mb, processTree, sampleRss } from "./lib/proc";
import { check, summaryTable, writeResult } from "./lib/report";
import { startApp, startBenchSimulator } from "./lib/servers";
import { AppSession } from "./lib/session";
import { histogram, round, summarize } from "./lib/stats";

const JOBS = 200;
const OWNERS = 20;
const POLLS_PER_S = 2_000;
const POLL_MS = 30_000;
const defaults = process.argv.includes("--limits") && process.argv[process.argv.indexOf("--limits") + 1] === "default";

async function main() {
  const photo = await phonePhoto();
  const sim = await startBenchSimulator({ mode: "queued", completeAfterMs: 3_000 });
  const app = await startApp(sim.origin, defaults ? { limits: {} } : {});
  const guard = setTimeout(() => void app.stop().then(() => process.exit(2)), 5 * 60_000);
  try {
    const sampler = sampleRss(processTree(app.pid), 20);
    const sessions = await Promise.all(Array.from({ length: OWNERS }, () => AppSession.open(app.origin)));
    const createStatuses: number[] = [];
    const t0 = performance.now();
    const createErrors: string[] = [];
    const jobs = await createAll(sessions, photo, JOBS, createStatuses, createErrors);
    const createMs = performance.now() - t0;
    const created = jobs.filter((j) => j.id !== null);
    const polls = await pollAtRate(created.length ? created : jobs, POLLS_PER_S, POLL_MS, 1_000);
    // Replays: the same Idempotency-Key must give back the same job, never a second one.
    const replays = await Promise.all(created.slice(0, 20).map(async (j) => {
      const res = await j.session.createRaw(j.faceId ?? "", j.key);
      // A 429 from the rate limiter is fine too: it creates nothing.
      return { same: res.status === 429 || (res.status < 300 && JSON.parse(res.body.toString()).id === j.id), status: res.status };
    }));
    const { peakBytes } = sampler.stop();

    const db = new Database(path.join(app.dataDir, "app.db"), { readonly: true });
    const rows = db.prepare("select id, status from generations").all() as { id: string; status: string }[];
    db.close();
    const ids = created.map((j) => j.id as string);
    const rowIds = new Set(rows.map((r) => r.id));
    const lost = ids.filter((id) => !rowIds.has(id)).length;
    const duplicated = ids.length - new Set(ids).size;
    const unexpectedRows = rows.filter((r) => !ids.includes(r.id)).length;
    const all = [...createStatuses, ...polls.statuses, ...replays.map((r) => r.status)];
    const fiveXx = all.filter((s) => s >= 500 || s === 0).length;
    const peak = mb(peakBytes);
    const result = {
      name: defaults ? "load-default-limits" : "load",
      checks: [
        check("jobs created (201)", created.length, `of ${JOBS}`, "", null),
        check("create+upload wall time", round(createMs / 1000, 1), "s", "", null),
        check("polls answered per s", round(polls.statuses.length / (polls.elapsedMs / 1000)), "req/s", `${POLLS_PER_S} offered`, null),
        check("5xx or dropped responses", fiveXx, "", "0", fiveXx === 0),
        check("peak RSS", peak, "MB", "bounded", null),
        check("lost jobs", lost, "", "0", lost === 0),
        check("duplicated jobs", duplicated + unexpectedRows, "", "0", duplicated + unexpectedRows === 0),
        check("replays: same job or 429", replays.filter((r) => r.same).length, `of ${replays.length}`, "all", replays.every((r) => r.same)),
        check("make_gen calls", sim.stats().makeGenCalls, `for ${created.length} jobs`, "= jobs", sim.stats().makeGenCalls === created.length),
      ],
      figures: {
        limits: defaults ? "app defaults" : "raised (see bench/lib/servers.ts)",
        createStatuses: histogram(createStatuses),
        createErrors: histogram(createErrors),
        pollStatuses: histogram(polls.statuses),
        pollErrors: histogram(polls.errors),
        pollsSent: polls.sent,
        pollsSkippedClientSide: polls.skipped,
        pollLatencyMs: summarize(polls.latencies),
        finalJobStatuses: histogram(rows.map((r) => r.status)),
        upstream: sim.stats(),
        photoBytes: photo.length,
      },
    };
    writeResult(result);
    console.log(`\n${summaryTable([result])}\n\n${JSON.stringify(result.figures, null, 2)}`);
  } finally {
    clearTimeout(guard);
    await app.stop();
    await sim.close();
  }
}

void main();
