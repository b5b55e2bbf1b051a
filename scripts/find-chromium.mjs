// Finds a Chromium for Playwright: its own download, else CHROMIUM_PATH, else /usr/bin/chromium, else
// installs Debian's package when running as root with apt-get. Exits 1 with one sentence when none.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

function playwrightOwnChromium() {
  try {
    const path = require("playwright-core").chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export function findChromium() {
  const own = playwrightOwnChromium();
  if (own) return { path: own, own: true };
  for (const candidate of [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (candidate && existsSync(candidate)) return { path: candidate, own: false };
  }
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (root && spawnSync("sh", ["-c", "command -v apt-get"]).status === 0) {
    console.error("No Chromium found: installing Debian's chromium package…");
    execFileSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null"], { stdio: "inherit" });
    if (existsSync("/usr/bin/chromium")) return { path: "/usr/bin/chromium", own: false };
  }
  console.error("No Chromium browser found: install one (e.g. `apt-get install -y chromium`) or set CHROMIUM_PATH to its executable.");
  process.exit(1);
}
