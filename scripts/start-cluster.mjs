// `npm run start:cluster`: two app instances in shared mode behind a round-robin balancer on one machine, for
// trying several instances locally (scripts/lib/cluster.mjs starts the stack). Builds when sources changed.
//   PORT (3000)                    the balancer, the URL to open and the public URL (webhooks land there)
//   CLUSTER_INSTANCE_PORTS (3001,3002)  instances a and b
//   SIMULATOR_PORT (4010)          the simulator, when MODELSLAB_API_KEY is unset
//   DATABASE_URL / S3_BUCKET + AWS_* / SESSION_SECRET  used when set; else a throwaway Postgres, an in-process
//                                  s3rver and a random secret, all gone when this stops
import { buildIfStale } from "./lib/build-if-stale.mjs";
import { findPostgresBin } from "./lib/postgres.mjs";
import { NO_POSTGRES_MESSAGE, startClusterStack } from "./lib/cluster.mjs";

function port(name, raw) {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) {
    console.error(`${name} must be a port number, got "${raw}".`);
    process.exit(1);
  }
  return n;
}

// Checked before the build, so a machine without Postgres hears why at once.
if (!process.env.DATABASE_URL?.trim() && !findPostgresBin()) {
  console.error(NO_POSTGRES_MESSAGE);
  process.exit(1);
}

const balancerPort = port("PORT", process.env.PORT ?? 3000);
const instancePorts = (process.env.CLUSTER_INSTANCE_PORTS ?? "3001,3002").split(",").map((p) => port("CLUSTER_INSTANCE_PORTS", p.trim()));
if (instancePorts.length !== 2) {
  console.error(`CLUSTER_INSTANCE_PORTS must name two ports (instances a and b), got "${process.env.CLUSTER_INSTANCE_PORTS}".`);
  process.exit(1);
}
const simulatorPort = port("SIMULATOR_PORT", process.env.SIMULATOR_PORT ?? 4010);

buildIfStale();

// Each instance's lines prefixed with its name, so the two interleaved logs stay readable.
const pending = { a: "", b: "" };
const onLog = (name, chunk) => {
  const lines = (pending[name] + chunk).split("\n");
  pending[name] = lines.pop() ?? "";
  for (const line of lines) process.stdout.write(`[${name}] ${line}\n`);
};

let stack;
try {
  stack = await startClusterStack({ balancerPort, instancePorts, simulatorPort, output: "inherit", onLog });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const { urls } = stack;
console.log(
  [
    "",
    `Headshot Studio, two instances in shared mode — open ${urls.balancer}`,
    `  balancer    ${urls.balancer}  (round robin; PUBLIC_BASE_URL, so webhooks land here too)`,
    `  instance a  ${urls.a}`,
    `  instance b  ${urls.b}`,
    `  Postgres    ${stack.databaseUrl}${stack.ownPostgres ? "  (throwaway cluster, removed on stop)" : ""}`,
    `  bucket      ${stack.bucket}${process.env.S3_BUCKET ? "" : "  (in-process s3rver, removed on stop)"}`,
    urls.simulator ? `  simulator   ${urls.simulator}  (no MODELSLAB_API_KEY: demo mode)` : "  upstream    ModelsLab (MODELSLAB_API_KEY is set)",
    "Ctrl-C stops everything.",
    "",
  ].join("\n"),
);

let stopping = false;
const stopAllAndExit = async () => {
  if (stopping) return;
  stopping = true;
  try {
    await stack.stop();
    process.exit(0);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
};
process.on("SIGINT", () => void stopAllAndExit());
process.on("SIGTERM", () => void stopAllAndExit());
