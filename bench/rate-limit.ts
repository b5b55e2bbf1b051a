/**
 * Request rate limiter (issue 14, Limits): what one `take()` costs in embedded mode (memory) and in shared mode
 * (Postgres), each beside a floor measured in the same run.
 *
 *   node --conditions=react-server --import tsx bench/rate-limit.ts
 *   SECONDS_PER_PHASE=5 node --conditions=react-server --import tsx bench/rate-limit.ts
 *
 * memory    sequential take() over 1,000 client keys; floor: the same loop awaiting an async Map increment.
 * postgres  take() at 1 and 32 at once over 1,000 keys on a throwaway local cluster (test/postgres.ts; fsync
 *           off, so the database side is optimistic); floor: `SELECT 1` through an identical pool at the same
 *           concurrency — the round trip no shared limiter can avoid.
 * Figures: takes/s, latency p50/p99, and this process's CPU per take (user + system), the cost an app
 * instance pays per request. Limits are set far above the offered load, so every take is allowed.
 */
import net from "node:net";
import os from "node:os";
import { Pool } from "pg";
import { createRequestLimiter, type RequestLimiter } from "@/lib/http/rate-limit";
import { buildRateLimits } from "@/lib/http/rate-limit-policy";
import { findPostgresBin, startCluster } from "@/test/postgres";

const SECONDS = Number(process.env.SECONDS_PER_PHASE ?? 3);
const KEYS = Array.from({ length: 1000 }, (_, i) => `10.0.${Math.floor(i / 250)}.${i % 250}`);

type Figure = { name: string; ops: number; perSecond: number; p50Ms: number; p99Ms: number; cpuUsPerOp: number };

async function measure(name: string, concurrency: number, op: (i: number) => Promise<unknown>): Promise<Figure> {
  for (let i = 0; i < 200; i++) await op(i); // warm-up: connections, JIT, prepared statements
  const latencies: number[] = [];
  let ops = 0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        await op(ops++);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { name, ops, perSecond: ops / seconds, p50Ms: at(0.5), p99Ms: at(0.99), cpuUsPerOp: (cpu.user + cpu.system) / ops };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const print = (f: Figure) =>
  console.log(
    `${f.name.padEnd(40)} ${Math.round(f.perSecond).toLocaleString("en").padStart(9)}/s  p50 ${f.p50Ms.toFixed(3)} ms  p99 ${f.p99Ms.toFixed(3)} ms  CPU ${f.cpuUsPerOp.toFixed(1)} µs/op`,
  );

async function main(): Promise<void> {
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(", ");
  console.log(`load average before: ${load()} (${os.cpus().length} cores)`);
  const policy = buildRateLimits({ polls: { limit: 1_000_000_000, windowSeconds: 3600 } });
  const memory = await createRequestLimiter(policy, { kind: "memory" });
  const counts = new Map<string, number>();
  const increment = async (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  print(await measure("floor: async Map increment", 1, (i) => increment(KEYS[i % KEYS.length]!)));
  print(await measure("memory take()", 1, (i) => memory.take("polls", KEYS[i % KEYS.length]!)));

  const bin = findPostgresBin();
  if (!bin) throw new Error("Postgres is not installed (apt-get install -y postgresql)");
  const cluster = startCluster(bin, await freePort());
  let shared: RequestLimiter | undefined;
  const floorPool = new Pool({ connectionString: cluster.url, max: 10 });
  try {
    shared = await createRequestLimiter(policy, { kind: "postgres", url: cluster.url });
    for (const concurrency of [1, 32]) {
      print(await measure(`floor: SELECT 1, ${concurrency} at once`, concurrency, () => floorPool.query("SELECT 1")));
      print(await measure(`postgres take(), ${concurrency} at once`, concurrency, (i) => shared!.take("polls", KEYS[i % KEYS.length]!)));
    }
  } finally {
    await shared?.close();
    await floorPool.end();
    cluster.stop();
  }
  console.log(`load average after: ${load()}`);
}

await main();
