// The one way to boot the app (`next start` of the existing build) and the ModelsLab simulator as child
// processes. `npm start` (scripts/start.mjs), the benchmarks (bench/lib/servers.ts) and Playwright
// (playwright.config.ts, through the command line below) all start them here, so ports, keep-alive, memory
// settings and readiness checks are decided once. Plain ESM so `npm start` runs it without tsx.
//
// As a command (runs until SIGINT/SIGTERM; exits with the child's code if the child dies first):
//   node scripts/lib/boot.mjs simulator --port 4110 [simulator flags, e.g. --complete-after-ms 1500]
//   node scripts/lib/boot.mjs app --port 3100 [--host 127.0.0.1]   (the app's settings come from the environment)
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TSX_CLI = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const SIMULATOR_CLI = path.join(ROOT, "simulator/cli.ts");

// Keep idle connections well past any Retry-After we send (5 s): with Node's default 5 s, a client that waits
// and then reuses its socket races the server closing it and sees a reset (bench:load: 10 of 200 uploads).
const KEEP_ALIVE_MS = 65_000;
const STOP_GRACE_MS = 5_000;
const LOG_KEPT_CHARS = 20_000;

/** Every child started here and still running, for stopAll(). */
const running = new Set();

/** A loopback port nothing listens on right now (bound, then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function answersOk(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * Spawns `node ...args` in the repo root. With `readyUrl`, resolves once it answers 200 (and stops the child if
 * it dies or the deadline passes first). output "inherit": the child writes to our stdout/stderr; "pipe": the
 * last 20 kB are kept for log() and for the error message when it does not come up.
 */
async function launch({ name, args, env, url, readyUrl, readyTimeoutMs, output, cwd = ROOT }) {
  const piped = output === "pipe";
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", piped ? "pipe" : "inherit", piped ? "pipe" : "inherit"] });
  let captured = "";
  const keep = (chunk) => {
    captured = (captured + chunk.toString()).slice(-LOG_KEPT_CHARS);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (!isRunning()) return;
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(STOP_GRACE_MS)]);
    if (isRunning()) child.kill("SIGKILL");
    await exited;
  };
  const handle = { url, pid: child.pid ?? 0, child, exited, stop, log: () => captured };
  running.add(handle);
  void exited.then(() => running.delete(handle));
  if (!readyUrl) return handle;

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (!isRunning()) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready${piped ? `:\n${captured}` : "."}`);
    if (await answersOk(readyUrl)) return handle;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} did not answer ${readyUrl} within ${readyTimeoutMs / 1000} s${piped ? `:\n${captured}` : "."}`);
    }
    await sleep(200);
  }
}

/**
 * The ModelsLab simulator (`simulator/cli.ts` under tsx) on 127.0.0.1:`port` (a free one when omitted), with extra
 * CLI flags in `args`. Resolves once GET /__sim/stats answers.
 */
export async function startSimulator({ port, args = [], env = {}, output = "inherit", readyTimeoutMs = 30_000 } = {}) {
  const p = port ?? (await freePort());
  const url = `http://127.0.0.1:${p}`;
  return launch({
    name: "The simulator",
    args: [TSX_CLI, SIMULATOR_CLI, "--port", String(p), ...args],
    env: { ...process.env, ...env },
    url,
    readyUrl: `${url}/__sim/stats`,
    readyTimeoutMs,
    output,
  });
}

/**
 * `next start` of the existing production build on `port` (a free one when omitted), bound to `host` when given
 * (Next's default otherwise), with `env` over this process's environment and DATA_DIR=`dataDir` when given.
 * Resolves once GET /api/health answers 200, or right after spawning with `waitReady: false`. `root` is the
 * checkout whose build and node_modules to run (this one by default; the bench compares another commit's build).
 */
export async function startApp({ port, host, env = {}, dataDir, nodeArgs = [], output = "inherit", waitReady = true, readyTimeoutMs = 60_000, root = ROOT } = {}) {
  const p = port ?? (await freePort());
  const url = `http://${host ?? "localhost"}:${p}`;
  return launch({
    name: "next start",
    cwd: root,
    args: [...nodeArgs, path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(p), ...(host ? ["-H", host] : []), "--keepAliveTimeout", String(KEEP_ALIVE_MS)],
    // Fewer glibc malloc arenas: measured peak RSS under 50 concurrent uploads 422 → 333 MB (docs/performance.md).
    env: { MALLOC_ARENA_MAX: "2", ...process.env, ...env, NODE_ENV: "production", ...(dataDir ? { DATA_DIR: dataDir } : {}) },
    url,
    readyUrl: waitReady ? `${url}/api/health` : null,
    readyTimeoutMs,
    output,
  });
}

/** Stops every child started here that is still running. */
export async function stopAll() {
  await Promise.all([...running].map((h) => h.stop()));
}

function flag(args, name) {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return { value: undefined, rest: args };
  const arg = args[i];
  const inline = arg.includes("=");
  const value = inline ? arg.slice(arg.indexOf("=") + 1) : args[i + 1];
  return { value, rest: [...args.slice(0, i), ...args.slice(i + (inline ? 1 : 2))] };
}

async function main([what, ...args]) {
  const { value: portText, rest } = flag(args, "port");
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && !Number.isInteger(port)) throw new Error(`--port must be a whole number, got "${portText}"`);
  let handle;
  if (what === "simulator") {
    handle = await startSimulator({ port, args: rest });
  } else if (what === "app") {
    const { value: host, rest: unknown } = flag(rest, "host");
    if (unknown.length > 0) throw new Error(`Unknown arguments for app: ${unknown.join(" ")}`);
    handle = await startApp({ port, host });
  } else {
    throw new Error("Usage: node scripts/lib/boot.mjs simulator|app --port N [...]");
  }
  let stopping = false;
  const stop = () => {
    stopping = true;
    void stopAll().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  void handle.exited.then((code) => {
    if (!stopping) process.exit(code ?? 1);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
