// Several app instances in shared mode on one machine, the way a real deployment looks: one Postgres, one
// S3-compatible bucket, the ModelsLab simulator, two `next start` processes with the same environment, and a
// small round-robin load balancer in front whose URL is the public one (PUBLIC_BASE_URL, so webhooks land on
// whichever instance the balancer picks). Used by `npm run start:cluster` (scripts/start-cluster.mjs) and the
// two-instance test (e2e/cluster.spec.ts). Plain ESM so it runs without tsx.
//
// DATABASE_URL given → that database; else a throwaway cluster from the installed Postgres binaries with a fresh
// database. S3_BUCKET given → that bucket (with the AWS_* variables as set); else an in-process s3rver.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort, startApp, startSimulator } from "./boot.mjs";
import { findPostgresBin, startCluster } from "./postgres.mjs";
import { startS3Server } from "./s3-server.mjs";

export const NO_POSTGRES_MESSAGE =
  "Several instances need Postgres: set DATABASE_URL=postgres://… or install the Postgres binaries (`apt-get install -y postgresql`) so a throwaway cluster can be started.";

const INSTANCE_NAMES = ["a", "b"];
const DATABASE_NAME = "headshots";
const BUCKET_NAME = "headshots";
// Hop-by-hop headers belong to one connection and are not forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization", "proxy-authenticate"]);

const withoutHopByHop = (headers) => Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));

/**
 * Round-robin over `targets()` (ports on 127.0.0.1): each request goes to the next instance; when that one
 * refuses the connection (it is down), to the one after, so a dead instance costs a refused connect, not an
 * error. The body is read first so it can be sent again; only a refused connection is retried, never a request
 * an instance may have received (a POST must not run twice). Resolves with the listening server.
 */
function startBalancer({ port, host, targets }) {
  let next = 0;
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    try {
      for await (const chunk of req) chunks.push(chunk);
    } catch {
      return res.destroy();
    }
    const body = Buffer.concat(chunks);
    const ports = targets();
    const first = next++ % ports.length;
    const headers = {
      ...withoutHopByHop(req.headers),
      "content-length": String(body.length),
      "x-forwarded-for": [req.headers["x-forwarded-for"], req.socket.remoteAddress].filter(Boolean).join(", "),
      "x-forwarded-host": req.headers.host ?? "",
      "x-forwarded-proto": "http",
    };
    if (body.length === 0 && (req.method === "GET" || req.method === "HEAD")) delete headers["content-length"];
    const attempt = (i) => {
      const upstream = http.request({ host: "127.0.0.1", port: ports[(first + i) % ports.length], method: req.method, path: req.url, headers, agent: false }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.statusMessage, withoutHopByHop(up.headers));
        up.pipe(res);
        up.on("error", () => res.destroy());
      });
      upstream.on("error", (error) => {
        if (error.code === "ECONNREFUSED" && i + 1 < ports.length) return attempt(i + 1);
        if (res.headersSent) return res.destroy();
        res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "bad_gateway", message: "No app instance answered." } }));
      });
      upstream.end(body);
    };
    attempt(0);
  });
  // Longer than any client's idle keep-alive, so a client never reuses a socket the balancer is closing.
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function createDatabase(adminUrl, name) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Starts the whole stack; on any failure, stops what was already started and throws. See cluster.d.mts for the
 * options and the handle.
 */
export async function startClusterStack(opts = {}) {
  const { host = "127.0.0.1", simulatorArgs = [], env = {}, output = "pipe", onLog, readyTimeoutMs = 90_000, root } = opts;
  const given = { ...process.env, ...env };
  const cleanups = [];
  const runCleanups = async () => {
    const errors = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, "Stopping the cluster stack failed in part.");
  };

  try {
    // Postgres
    let databaseUrl = given.DATABASE_URL?.trim() || null;
    let ownCluster = false;
    if (!databaseUrl) {
      const bin = findPostgresBin();
      if (!bin) throw new Error(NO_POSTGRES_MESSAGE);
      const cluster = startCluster(bin, opts.postgresPort ?? (await freePort()));
      cleanups.push(() => cluster.stop());
      databaseUrl = await createDatabase(cluster.url, DATABASE_NAME);
      ownCluster = true;
    }

    // The bucket
    let s3Env = {};
    let bucket = given.S3_BUCKET?.trim() || null;
    if (!bucket) {
      const s3 = await startS3Server({ port: opts.s3Port ?? 0 });
      cleanups.push(() => s3.close());
      bucket = (await s3.newBucket(BUCKET_NAME)).bucket;
      s3Env = s3.envFor(bucket);
    }

    // The upstream: the simulator unless a real key (or another simulator) is configured.
    let simulator = null;
    if (!given.MODELSLAB_API_KEY?.trim() && !given.SIMULATOR_URL) {
      simulator = await startSimulator({ port: opts.simulatorPort, args: simulatorArgs, output });
      cleanups.push(() => simulator.stop());
    }

    const ports = opts.instancePorts ?? [await freePort(), await freePort()];
    if (ports.length !== INSTANCE_NAMES.length) throw new Error(`instancePorts must name ${INSTANCE_NAMES.length} ports.`);
    const balancer = await startBalancer({ port: opts.balancerPort ?? (await freePort()), host, targets: () => ports });
    cleanups.push(
      () =>
        new Promise((resolve) => {
          balancer.close(() => resolve());
          balancer.closeAllConnections();
        }),
    );
    const balancerUrl = `http://${host}:${balancer.address().port}`;

    const sessionSecret = given.SESSION_SECRET?.trim() || randomBytes(32).toString("base64url");
    const appEnv = {
      ...env,
      DATABASE_URL: databaseUrl,
      ...s3Env,
      SESSION_SECRET: sessionSecret,
      PUBLIC_BASE_URL: given.PUBLIC_BASE_URL ?? balancerUrl,
      ...(simulator ? { SIMULATOR_URL: simulator.url, MODELSLAB_API_KEY: "" } : {}),
    };
    // Each instance: a fixed port (a restarted instance comes back where the balancer expects it) and its own
    // DATA_DIR, created before anything starts so a failed start still removes them all.
    const instances = new Map(
      INSTANCE_NAMES.map((name, i) => [name, { port: ports[i], dataDir: mkdtempSync(path.join(tmpdir(), `headshot-cluster-${name}-`)), handle: null }]),
    );
    cleanups.push(async () => {
      await Promise.all([...instances.values()].map((i) => i.handle?.stop()));
      for (const i of instances.values()) rmSync(i.dataDir, { recursive: true, force: true });
    });
    const launchInstance = async (name) => {
      const entry = instances.get(name);
      const handle = await startApp({ port: entry.port, host, env: appEnv, dataDir: entry.dataDir, output: onLog ? "pipe" : output, readyTimeoutMs, root });
      entry.handle = handle;
      if (onLog) {
        onLog(name, handle.log()); // what it wrote while starting
        for (const stream of [handle.child.stdout, handle.child.stderr]) stream?.on("data", (chunk) => onLog(name, chunk.toString()));
        void handle.exited.then((code) => onLog(name, `\n(instance ${name} exited: ${code ?? handle.child.signalCode})\n`));
      }
    };
    // Both at once: migrations run at start-up under an advisory lock, so simultaneous starts must be safe.
    // allSettled: a failed start must not leave the other still starting while the stack is taken down.
    const started = await Promise.allSettled(INSTANCE_NAMES.map((name) => launchInstance(name)));
    const failed = started.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;

    const instance = (name) => {
      const found = instances.get(name);
      if (!found?.handle) throw new Error(`No instance "${name}" (there are ${INSTANCE_NAMES.join(", ")}).`);
      return found;
    };
    const alive = (name) => {
      const { child } = instance(name).handle;
      return child.exitCode === null && child.signalCode === null;
    };
    return {
      urls: {
        balancer: balancerUrl,
        ...Object.fromEntries(INSTANCE_NAMES.map((name, i) => [name, `http://${host}:${ports[i]}`])),
        simulator: simulator?.url ?? null,
      },
      databaseUrl,
      ownPostgres: ownCluster,
      bucket,
      sessionSecret,
      pid: (name) => instance(name).handle.pid,
      alive,
      log: (name) => instance(name).handle.log(),
      async kill(name, signal = "SIGKILL") {
        const { handle } = instance(name);
        if (!alive(name)) return;
        handle.child.kill(signal);
        await handle.exited;
      },
      async restart(name) {
        if (alive(name)) throw new Error(`Instance "${name}" is still running; kill it first.`);
        await launchInstance(name);
      },
      stop: runCleanups,
    };
  } catch (error) {
    await runCleanups().catch(() => undefined);
    throw error;
  }
}
