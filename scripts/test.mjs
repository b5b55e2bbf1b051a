// `npm test`: every test — unit and integration (Vitest), then end-to-end (Playwright on the built app).
import { spawnSync } from "node:child_process";

const run = (args) => spawnSync(process.execPath, args, { stdio: "inherit", env: process.env }).status ?? 1;

const unit = run(["node_modules/vitest/vitest.mjs", "run"]);
if (unit !== 0) process.exit(unit);
process.exit(run(["scripts/e2e.mjs", ...process.argv.slice(2)]));
