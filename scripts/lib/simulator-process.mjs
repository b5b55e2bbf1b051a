import { spawn } from "node:child_process";

/** Starts the ModelsLab simulator as a child process and resolves with its origin once it listens. */
export function startSimulatorProcess({ port, env = {} }) {
  const child = spawn(process.execPath, ["--conditions=react-server", "node_modules/tsx/dist/cli.mjs", "simulator/cli.ts", "--port", String(port)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error("The simulator did not start within 30 s.")), 30_000);
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      buffer += chunk.toString();
      const m = buffer.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, origin: m[1] });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The simulator exited early (code ${code}).`));
    });
  });
}
