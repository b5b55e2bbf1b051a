import "server-only";
import type { Db } from "./open";

/**
 * One prepared statement per database and query. drizzle otherwise rebuilds the SQL and better-sqlite3
 * re-prepares it on every call, which was a fifth of the CPU of a status poll.
 */
export function preparedOnce<P>(build: (db: Db) => P): (db: Db) => P {
  const cache = new WeakMap<Db, P>();
  return (db) => {
    let prepared = cache.get(db);
    if (!prepared) {
      prepared = build(db);
      cache.set(db, prepared);
    }
    return prepared;
  };
}
