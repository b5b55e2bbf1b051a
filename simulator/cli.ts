// `npm run simulator -- --port 4010 [--mode sync|queued] [--complete-after-ms N] [--error-style 200|4xx]
// [--retention-ms N] [--queue-limit N]`: the ModelsLab simulator (see server.ts) as a program of its own.
// Flags fall back to SIMULATOR_* environment variables (options.ts). Prints "listening on <origin>" once ready.
import { parseCliOptions } from "./options";
import { startSimulator } from "./server";

async function main(): Promise<void> {
  const sim = await startSimulator(parseCliOptions(process.argv.slice(2), process.env));
  console.log(`ModelsLab simulator listening on ${sim.origin}`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`ModelsLab simulator stopping (${signal})`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e: unknown) => {
  console.error(`ModelsLab simulator failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
