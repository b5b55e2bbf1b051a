import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import lighthouse from "lighthouse";
import { findChromium } from "./scripts/find-chromium.mjs";

async function startChromium() {
  const profile = mkdtempSync(os.tmpdir() + "/lhc-");
  const args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank"];
  const child = spawn(findChromium().path, args, { stdio: ["ignore", "ignore", "pipe"] });
  const port = await new Promise((resolve) => { let err = ""; child.stderr.on("data", (c) => { err += c; const m = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(err); if (m) resolve(Number(m[1])); }); });
  return { port, stop: async () => { const e = new Promise((r) => child.once("exit", r)); child.kill("SIGKILL"); await e; rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 300 }); } };
}
const [base, n, ...paths] = process.argv.slice(2);
for (let i = 0; i < Number(n); i++) {
  for (const p of paths) {
    const c = await startChromium();
    try {
      const { lhr } = await lighthouse(base + p, { port: c.port, output: "json", logLevel: "error", onlyCategories: ["performance"] });
      const a = lhr.audits;
      const m = (id) => `${Math.round(a[id].numericValue)}(${Math.round(a[id].score*100)})`;
      const boot = (a["bootup-time"].details?.items ?? []).slice(0, 4).map((x) => `${x.url.replace(/.*\//, "")}:${Math.round(x.scripting)}`).join(" ");
      const mt = (a["mainthread-work-breakdown"].details?.items ?? []).map((x) => `${x.group}:${Math.round(x.duration)}`).join(" ");
      console.log(`${p.padEnd(14)} perf ${Math.round(lhr.categories.performance.score*100)} FCP ${m("first-contentful-paint")} LCP ${m("largest-contentful-paint")} TBT ${m("total-blocking-time")} CLS ${a["cumulative-layout-shift"].numericValue.toFixed(3)} SI ${m("speed-index")}`);
      console.log(`   boot: ${boot}\n   mt: ${mt}`);
      if (process.env.SAVE) writeFileSync(`/tmp/lh/${p.replace(/\W/g, "_")}-${i}.json`, JSON.stringify(lhr));
    } finally { await c.stop(); }
  }
}
