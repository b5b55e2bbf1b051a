import { defineConfig, devices } from "@playwright/test";
import path from "node:path";

// E2E_APP_PORT / E2E_SIM_PORT let parallel runs on one machine use other ports.
const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
const SIM_PORT = Number(process.env.E2E_SIM_PORT ?? 4110);
process.env.E2E_DATA_DIR ??= path.join(process.cwd(), "e2e", ".artifacts", `data-${Date.now()}`);
const dataDir = process.env.E2E_DATA_DIR;
const executablePath = process.env.CHROMIUM_PATH;

export const E2E = { appOrigin: `http://127.0.0.1:${APP_PORT}`, simOrigin: `http://127.0.0.1:${SIM_PORT}`, dataDir };

export default defineConfig({
  testDir: "e2e",
  outputDir: "e2e/.artifacts/results",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: E2E.appOrigin,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  // Both booted the same way as `npm start` and the benchmarks (scripts/lib/boot.mjs).
  webServer: [
    {
      command: `node scripts/lib/boot.mjs simulator --port ${SIM_PORT} --complete-after-ms 1500`,
      url: `${E2E.simOrigin}/__sim/stats`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node scripts/lib/boot.mjs app --port ${APP_PORT} --host 127.0.0.1`,
      url: `${E2E.appOrigin}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      // A roomier demo quota and rate limits: each spec is a visitor making several jobs, and without
      // TRUST_PROXY every visitor shares one bucket. Quotas and rate limits have their own tests.
      env: { SIMULATOR_URL: E2E.simOrigin, DATA_DIR: dataDir, SWEEP_INTERVAL_MS: "1000", MODELSLAB_API_KEY: "", QUOTAS: '{"demo":{"perOwner":40,"perIp":40}}', RATE_LIMITS: '{"uploads":{"limit":600},"create":{"limit":600}}' },
    },
  ],
});
