// `npm start`: build when sources changed, start the ModelsLab simulator when no API key is set, then
// serve the app in production mode on http://localhost:3000. Both are booted by scripts/lib/boot.mjs.
import { buildIfStale } from "./lib/build-if-stale.mjs";
import { startApp, startSimulator, stopAll } from "./lib/boot.mjs";

const port = Number(process.env.PORT ?? 3000);
let exiting = false;
// The first reason to stop wins: stopping one child must not report the other's exit as a failure.
const exitAll = async (code) => {
  if (exiting) return;
  exiting = true;
  await stopAll();
  process.exit(code);
};
process.on("SIGINT", () => void exitAll(0));
process.on("SIGTERM", () => void exitAll(0));

buildIfStale();

const env = {};
if (!process.env.MODELSLAB_API_KEY?.trim() && !process.env.SIMULATOR_URL) {
  try {
    const sim = await startSimulator({ port: Number(process.env.SIMULATOR_PORT ?? 4010) });
    void sim.exited.then(() => exitAll(1));
    env.SIMULATOR_URL = sim.url;
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    await exitAll(1);
  }
  console.log("No MODELSLAB_API_KEY: demo mode, images come from the local simulator.");
}

// `next start` prints its own "Ready" line; this process only has to follow it.
const app = await startApp({ port, env, waitReady: false });
void app.exited.then((code) => exitAll(code ?? 0));
