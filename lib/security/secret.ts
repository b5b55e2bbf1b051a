import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getConfig } from "@/lib/config";

let cached: string | undefined;

/**
 * The key that signs owner cookies. SESSION_SECRET wins; otherwise one is generated on first start and
 * kept in DATA_DIR so cookies survive restarts without any manual set-up step.
 */
export function getSessionSecret(): string {
  if (cached) return cached;
  const config = getConfig();
  if (config.sessionSecret) return (cached = config.sessionSecret);
  const file = path.join(config.dataDir, "session-secret");
  try {
    cached = readFileSync(file, "utf8").trim();
    if (cached.length >= 32) return cached;
  } catch {
    // first start: fall through and create it
  }
  mkdirSync(config.dataDir, { recursive: true });
  const fresh = randomBytes(32).toString("base64url");
  try {
    writeFileSync(file, fresh, { flag: "wx", mode: 0o600 });
    cached = fresh;
  } catch {
    // another worker won the race: use its secret
    cached = readFileSync(file, "utf8").trim();
  }
  return cached;
}
