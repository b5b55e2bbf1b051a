// A child process for lib/generations/jobs/pg-boss-kill.test.ts: starts a pg-boss scheduler on the given database, books
// one check, and runs its handler — which writes "start" to the side-effect file, prints "started" and then
// waits far longer than the test will let it live. The test SIGKILLs it mid-handler.
// Run as: node --conditions=react-server --import tsx test/pg-boss-child.ts <connectionString> <file> <generationId> <tuning JSON>
import { appendFileSync } from "node:fs";
import { createPgBossScheduler, type PgBossSchedulerOptions } from "@/lib/generations/jobs/pg-boss-scheduler";

const [connectionString, file, generationId, tuning] = process.argv.slice(2);
if (!connectionString || !file || !generationId || !tuning) throw new Error("usage: pg-boss-child.ts <connectionString> <file> <generationId> <tuning JSON>");

const scheduler = createPgBossScheduler({
  connectionString,
  ...(JSON.parse(tuning) as Omit<PgBossSchedulerOptions, "connectionString" | "handlers">),
  handlers: {
    check: async (id) => {
      appendFileSync(file, `start ${id} child\n`);
      process.stdout.write("started\n");
      await new Promise((r) => setTimeout(r, 120_000));
      appendFileSync(file, `done ${id} child\n`);
    },
    submissions: () => undefined,
  },
});
await scheduler.start();
await scheduler.checkAt(generationId, Date.now());
