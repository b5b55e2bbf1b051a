import type { SimulatorOptions } from "./options";

// Same values as lib/config-schema.ts (SIMULATOR_KEY, DEFAULT_SIMULATOR_PORT); the simulator imports nothing from the app.
export const CLI_DEFAULT_PORT = 4010;

type Env = Record<string, string | undefined>;

function flagValue(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === `--${name}`) return argv[i + 1];
    if (arg?.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

function int(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (!(allowed as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${allowed.join(", ")}, got "${raw}"`);
  return raw as T;
}

/** Flags win over environment variables; anything unset keeps the simulator default (port: 4010). */
export function parseCliOptions(argv: string[], env: Env): Partial<SimulatorOptions> {
  const pick = (flag: string, envName: string) => flagValue(argv, flag) ?? env[envName];
  return {
    port: int("--port", pick("port", "SIMULATOR_PORT")) ?? CLI_DEFAULT_PORT,
    mode: oneOf("--mode", pick("mode", "SIMULATOR_MODE"), ["queued", "sync"] as const),
    completeAfterMs: int("--complete-after-ms", pick("complete-after-ms", "SIMULATOR_COMPLETE_AFTER_MS")),
    errorStyle: oneOf("--error-style", pick("error-style", "SIMULATOR_ERROR_STYLE"), ["200", "4xx"] as const),
    retentionMs: int("--retention-ms", pick("retention-ms", "SIMULATOR_RETENTION_MS")),
    queueLimit: int("--queue-limit", pick("queue-limit", "SIMULATOR_QUEUE_LIMIT")),
  };
}
