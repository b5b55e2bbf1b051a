// Types for boot.mjs, so the TypeScript benchmarks can use it (the repo compiles no JavaScript).
import type { ChildProcess } from "node:child_process";

/** "inherit": the child writes to this process's stdout/stderr; "pipe": its last 20 kB are kept for log(). */
export type BootOutput = "inherit" | "pipe";

export type BootHandle = {
  /** http://HOST:PORT */
  url: string;
  pid: number;
  child: ChildProcess;
  /** Resolves with the exit code (null when ended by a signal). */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the child has exited. */
  stop(): Promise<void>;
  /** The captured output with output "pipe", "" otherwise. */
  log(): string;
};

export type SimulatorBootOptions = {
  port?: number;
  /** Extra simulator CLI flags, e.g. ["--complete-after-ms", "1500"]. */
  args?: string[];
  env?: Record<string, string | undefined>;
  output?: BootOutput;
  readyTimeoutMs?: number;
};

export type AppBootOptions = {
  port?: number;
  host?: string;
  env?: Record<string, string | undefined>;
  dataDir?: string;
  /** Node flags placed before the `next` CLI. */
  nodeArgs?: string[];
  output?: BootOutput;
  waitReady?: boolean;
  readyTimeoutMs?: number;
  /** The checkout whose build and node_modules to run (default: this one). */
  root?: string;
};

export function freePort(): Promise<number>;
export function startSimulator(opts?: SimulatorBootOptions): Promise<BootHandle>;
export function startApp(opts?: AppBootOptions): Promise<BootHandle>;
export function stopAll(): Promise<void>;
