import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import path from "node:path";

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      "@": import.meta.dirname,
      // `server-only` throws outside React Server Components; unit tests run server modules directly.
      "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts"),
    },
  },
  test: {
    include: ["{app,components,lib,scripts,bench,simulator,test}/**/*.test.{ts,tsx}", "proxy.test.ts"],
    environment: "node",
    // One throwaway Postgres per run for the shared-mode contract suites (test/postgres.ts).
    globalSetup: ["test/postgres-global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Server modules log JSON lines; show them only for failing tests.
    silent: "passed-only",
  },
});
