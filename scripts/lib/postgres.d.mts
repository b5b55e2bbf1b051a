// Types for postgres.mjs (the repo compiles no JavaScript).

/** A running throwaway cluster: its superuser URL, and stop() (immediate shutdown, directory removed). */
export type Cluster = { url: string; stop: () => void };

/** The directory holding initdb/pg_ctl, or null when Postgres is not installed. */
export function findPostgresBin(): string | null;
/** initdb + pg_ctl start of a throwaway cluster on 127.0.0.1:`port` (synchronous). */
export function startCluster(bin: string, port: number): Cluster;
