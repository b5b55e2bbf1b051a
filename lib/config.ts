import "server-only";
import { parseConfig, type AppConfig } from "./config-schema";

let cached: AppConfig | undefined;

/** The app's configuration, parsed once. A bad value throws an error naming the setting. */
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Tests only: forget the parsed config so a changed environment is read again. */
export function resetConfigForTests(): void {
  cached = undefined;
}
