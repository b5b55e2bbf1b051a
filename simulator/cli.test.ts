// @vitest-environment node
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("simulator CLI", () => {
  it("prints the listening line, serves, and exits cleanly on SIGTERM", async () => {
    const child = spawn(`${root}node_modules/.bin/tsx`, ["simulator/cli.ts", "--port", "0", "--mode", "sync"], { cwd: root });
    let out = "";
    const origin = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 15_000);
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /ModelsLab simulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    const res = await fetch(`${origin}/api/v1/enterprise/flux_headshot/system_details`, { method: "POST", body: JSON.stringify({ key: "simulator-key" }) });
    expect(await res.json()).toEqual({ status: "ok", queue_time: 0, model_count: 1 });
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", (c) => resolve(c));
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
  });
});
