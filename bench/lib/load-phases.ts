import type { GenerationDto } from "@/lib/client/types";
import { json } from "./http";
import { runPool, sleep } from "./pool";
import type { AppSession } from "./session";

export type Job = { session: AppSession; key: string; faceId: string | null; id: string | null; status: number };

/** Each job uploads the photo then creates a generation with its own Idempotency-Key, all at once. */
export async function createAll(sessions: AppSession[], photo: Buffer, count: number, statuses: number[], errors: string[] = []): Promise<Job[]> {
  return runPool(count, count, async (i) => {
    const session = sessions[i % sessions.length] as AppSession;
    const job: Job = { session, key: `load-${i.toString().padStart(4, "0")}-${Date.now()}`, faceId: null, id: null, status: 0 };
    try {
      const up = await session.uploadFaceHonouringBusy(photo, statuses);
      if (up.status !== 201) return { ...job, status: up.status };
      const faceId = json<{ id: string }>(up).id;
      const res = await session.createRaw(faceId, job.key);
      statuses.push(res.status);
      return { ...job, faceId, status: res.status, id: res.status < 300 ? json<GenerationDto>(res).id : null };
    } catch (error) {
      statuses.push(0);
      const e = error as NodeJS.ErrnoException;
      errors.push(e.code ?? e.message.slice(0, 80));
      return job;
    }
  });
}

/**
 * Open-loop polling: `perSecond` requests a second spread over 10 ms ticks, round-robin over the jobs,
 * for `durationMs`. At most `maxInFlight` wait at once; ticks that would exceed it are counted as skipped.
 */
export async function pollAtRate(jobs: Job[], perSecond: number, durationMs: number, maxInFlight: number) {
  const statuses: number[] = [];
  const latencies: number[] = [];
  const errors: string[] = [];
  let inFlight = 0;
  let skipped = 0;
  let sent = 0;
  const pending: Promise<void>[] = [];
  const perTick = perSecond / 100;
  const start = performance.now();
  for (let tick = 0; performance.now() - start < durationMs && sent < (perSecond * durationMs) / 1000; tick++) {
    const due = Math.floor((tick + 1) * perTick) - Math.floor(tick * perTick);
    for (let k = 0; k < due; k++) {
      if (inFlight >= maxInFlight) {
        skipped++;
        continue;
      }
      const job = jobs[sent++ % jobs.length] as Job;
      inFlight++;
      pending.push(
        job.session
          .getRaw(job.id ?? "")
          .then(
            (r) => void (statuses.push(r.status), latencies.push(r.ms)),
            (e: NodeJS.ErrnoException) => void (statuses.push(0), errors.push(e.code ?? e.message)),
          )
          .then(() => void inFlight--),
      );
    }
    const next = start + (tick + 1) * 10;
    await sleep(Math.max(0, next - performance.now()));
  }
  await Promise.all(pending);
  return { sent, skipped, statuses, latencies, errors, elapsedMs: performance.now() - start };
}
