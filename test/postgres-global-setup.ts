// Vitest global setup: one Postgres for the whole run (see test/postgres.ts). TEST_DATABASE_URL wins; else a
// throwaway cluster when Postgres is installed; else the suites that need it fail with the install hint.
import net from "node:net";
import type { TestProject } from "vitest/node";
import { findPostgresBin, INSTALL_HINT, startCluster, type Cluster } from "./postgres";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

let cluster: Cluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide("postgres", { url: given });
    return;
  }
  const bin = findPostgresBin();
  if (!bin) {
    project.provide("postgres", { error: INSTALL_HINT });
    return;
  }
  try {
    cluster = startCluster(bin, await freePort());
    project.provide("postgres", { url: cluster.url });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    project.provide("postgres", { error: `Could not start a test Postgres from ${bin}: ${detail}\n${INSTALL_HINT}` });
  }
}

export function teardown(): void {
  cluster?.stop();
  cluster = undefined;
}
