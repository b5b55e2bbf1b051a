// Builds the app if sources changed, finds a browser, then runs Playwright (which starts the simulator and
// the production server itself, see playwright.config.ts).
import { spawnSync } from "node:child_process";
import { buildIfStale } from "./lib/build-if-stale.mjs";
import { findChromium } from "./find-chromium.mjs";

const browser = findChromium();
buildIfStale();
const env = { ...process.env, ...(browser.own ? {} : { CHROMIUM_PATH: browser.path }) };
const r = spawnSync(process.execPath, ["node_modules/@playwright/test/cli.js", "test", ...process.argv.slice(2)], { stdio: "inherit", env });
process.exit(r.status ?? 1);
