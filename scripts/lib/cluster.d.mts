// Types for cluster.mjs, so the Playwright spec (e2e/cluster.spec.ts) can use it (the repo compiles no JavaScript).
import type { BootOutput } from "./boot.mjs";

export type InstanceName = "a" | "b";

export type ClusterStackOptions = {
  /** Where the balancer and the instances listen (default 127.0.0.1). */
  host?: string;
  /** The balancer's port, the public one (default: a free port). */
  balancerPort?: number;
  /** Ports of instances a and b (default: free ports). */
  instancePorts?: [number, number];
  simulatorPort?: number;
  /** Port of the throwaway Postgres cluster when DATABASE_URL is unset (default: a free port). */
  postgresPort?: number;
  /** Port of the in-process s3rver when S3_BUCKET is unset (default: a free port). */
  s3Port?: number;
  /** Extra simulator CLI flags, e.g. ["--complete-after-ms", "4000"]. */
  simulatorArgs?: string[];
  /** The instances' settings over this process's environment (also read for DATABASE_URL, S3_BUCKET, …). */
  env?: Record<string, string | undefined>;
  /** The children's output (default "pipe": kept for log()). */
  output?: BootOutput;
  /** Each chunk an instance writes, with its name (the output is then piped). */
  onLog?: (instance: InstanceName, chunk: string) => void;
  readyTimeoutMs?: number;
  /** The checkout whose build and node_modules the instances run (default: this one). */
  root?: string;
};

export type ClusterStack = {
  urls: { balancer: string; a: string; b: string; simulator: string | null };
  databaseUrl: string;
  /** True when the stack started its own throwaway Postgres (DATABASE_URL was unset). */
  ownPostgres: boolean;
  bucket: string;
  sessionSecret: string;
  pid(instance: InstanceName): number;
  alive(instance: InstanceName): boolean;
  /** The instance's captured output (output "pipe"). */
  log(instance: InstanceName): string;
  /** Sends `signal` (default SIGKILL) and resolves once the process has exited. */
  kill(instance: InstanceName, signal?: NodeJS.Signals): Promise<void>;
  /** A fresh process for a dead instance, on the same port with the same environment; resolves once it is ready. */
  restart(instance: InstanceName): Promise<void>;
  /** Stops everything the stack started (balancer, instances, simulator, s3rver, Postgres) and removes temp dirs. */
  stop(): Promise<void>;
};

export const NO_POSTGRES_MESSAGE: string;
export function startClusterStack(opts?: ClusterStackOptions): Promise<ClusterStack>;
