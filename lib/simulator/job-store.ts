import type { Job, ReceivedJob } from "./types";

type StoredFile = { jobId: number; contentType: string; body: Buffer | string };

const RECEIVED_KEPT = 200;

/** Jobs, their published output files and the log of received bodies. Expiry is lazy: every read sweeps first. */
export class JobStore {
  private nextId = 1;
  private readonly jobs = new Map<number, Job>();
  private readonly files = new Map<string, StoredFile>();
  private receivedLog: ReceivedJob[] = [];

  constructor(private readonly retentionMs: () => number) {}

  allocateId(): number {
    return this.nextId++;
  }

  add(job: Job, received: ReceivedJob): void {
    this.jobs.set(job.id, job);
    this.receivedLog.push(received);
    if (this.receivedLog.length > RECEIVED_KEPT) this.receivedLog = this.receivedLog.slice(-RECEIVED_KEPT);
  }

  get(id: number): Job | undefined {
    this.sweep();
    return this.jobs.get(id);
  }

  isLive(job: Job): boolean {
    return this.jobs.get(job.id) === job;
  }

  processing(): Job[] {
    this.sweep();
    return [...this.jobs.values()].filter((j) => j.status === "processing");
  }

  processingCount(key: string): number {
    return this.processing().filter((j) => j.key === key).length;
  }

  publish(job: Job, contentType: string, body: Buffer | string): void {
    this.files.set(job.fileName, { jobId: job.id, contentType, body });
  }

  file(name: string): StoredFile | undefined {
    this.sweep();
    const f = this.files.get(name);
    return f && this.jobs.has(f.jobId) ? f : undefined;
  }

  sweep(now = Date.now()): void {
    const retention = this.retentionMs();
    for (const job of this.jobs.values()) {
      if (now - job.createdAt >= retention) this.remove(job);
    }
  }

  expireAll(): number {
    const n = this.jobs.size;
    for (const job of [...this.jobs.values()]) this.remove(job);
    return n;
  }

  received(): ReceivedJob[] {
    return [...this.receivedLog];
  }

  private remove(job: Job): void {
    this.jobs.delete(job.id);
    this.files.delete(job.fileName);
  }
}
