// Spike for issue 14: would PGlite as the embedded default remove the second SQL dialect without losing speed?
// PGlite vs better-sqlite3 (and node-postgres over loopback TCP when PG_URL is set) on the app's hot queries —
// a status poll by id + owner, a gallery page (first and deep, keyset) and an insert — at 10k rows, the two
// engines interleaved in one process so load changes hit both. PGlite is not a dependency; to run:
//   npm install --no-save @electric-sql/pglite && node docs/spikes/pglite-vs-sqlite.mjs
// Figures and the decision: docs/performance.md, "Shared mode (issue 14)".
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pglite-spike-"));
const N = 10_000, OWNERS = 50;
const rows = Array.from({ length: N }, (_, i) => ({ id: randomUUID(), owner: `o${i % OWNERS}`, status: i % 7 ? "succeeded" : "processing", created: 1_700_000_000_000 + i * 1000, prompt: "a professional headshot ".repeat(4), seed: i }));
const DDL = `CREATE TABLE generations (id text primary key, owner_id text not null, status text not null, created_at bigint not null, prompt text not null, seed bigint not null);
CREATE INDEX gen_owner_created ON generations(owner_id, created_at DESC, id DESC);`;
const probe = rows.filter((r) => r.owner === "o7");
const now = () => Number(process.hrtime.bigint()) / 1e6;
async function time(label, n, fn) {
  for (let i = 0; i < 200; i++) await fn(i);
  const t = [];
  for (let i = 0; i < n; i++) { const a = now(); await fn(i); t.push(now() - a); }
  t.sort((a, b) => a - b);
  return { label, p50: t[Math.floor(n / 2)], p95: t[Math.floor(n * 0.95)] };
}
// SQLite
fs.rmSync(path.join(dir, "s.db"), { force: true });
const s = new Database(path.join(dir, "s.db")); s.pragma("journal_mode = WAL"); s.exec(DDL);
const ins = s.prepare("INSERT INTO generations VALUES (?,?,?,?,?,?)");
s.transaction(() => rows.forEach((r) => ins.run(r.id, r.owner, r.status, r.created, r.prompt, r.seed)))();
const sPoll = s.prepare("SELECT * FROM generations WHERE id = ? AND owner_id = ?");
const sPage = s.prepare("SELECT * FROM generations WHERE owner_id = ? ORDER BY created_at DESC, id DESC LIMIT 24");
const sDeep = s.prepare("SELECT * FROM generations WHERE owner_id = ? AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT 24");
const sIns = s.prepare("INSERT INTO generations VALUES (?,?,?,?,?,?)");
// PGlite (on disk like the embedded default would be)
fs.rmSync(path.join(dir, "pgdata"), { recursive: true, force: true });
let t0 = now();
const p = await PGlite.create(path.join(dir, "pgdata"));
const pgliteStart = now() - t0;
await p.exec(DDL);
await p.transaction(async (tx) => { for (const r of rows) await tx.query("INSERT INTO generations VALUES ($1,$2,$3,$4,$5,$6)", [r.id, r.owner, r.status, r.created, r.prompt, r.seed]); });
t0 = now(); await p.close(); const p2 = await PGlite.create(path.join(dir, "pgdata")); const pgliteReopen = now() - t0;
// node-postgres to a local cluster, if given
const pgUrl = process.env.PG_URL; let c;
if (pgUrl) { c = new pg.Client({ connectionString: pgUrl }); await c.connect(); await c.query("DROP TABLE IF EXISTS generations"); await c.query(DDL);
  for (let i = 0; i < N; i += 500) { const chunk = rows.slice(i, i + 500); const vals = chunk.flatMap((r) => [r.id, r.owner, r.status, r.created, r.prompt, r.seed]); await c.query(`INSERT INTO generations VALUES ${chunk.map((_, j) => `($${j*6+1},$${j*6+2},$${j*6+3},$${j*6+4},$${j*6+5},$${j*6+6})`).join(",")}`, vals); } }
const deepAt = probe[100];
const out = [];
const K = 3000;
for (let round = 0; round < 2; round++) {
  out.push(await time("sqlite poll", K, (i) => sPoll.get(probe[i % probe.length].id, "o7")));
  out.push(await time("pglite poll", K, (i) => p2.query("SELECT * FROM generations WHERE id = $1 AND owner_id = $2", [probe[i % probe.length].id, "o7"])));
  if (c) out.push(await time("pg(tcp) poll", K, (i) => c.query({ name: "poll", text: "SELECT * FROM generations WHERE id = $1 AND owner_id = $2", values: [probe[i % probe.length].id, "o7"] })));
  out.push(await time("sqlite page1", K, () => sPage.all("o7")));
  out.push(await time("pglite page1", K, () => p2.query("SELECT * FROM generations WHERE owner_id = $1 ORDER BY created_at DESC, id DESC LIMIT 24", ["o7"])));
  if (c) out.push(await time("pg(tcp) page1", K, () => c.query({ name: "page", text: "SELECT * FROM generations WHERE owner_id = $1 ORDER BY created_at DESC, id DESC LIMIT 24", values: ["o7"] })));
  out.push(await time("sqlite deep page", K, () => sDeep.all("o7", deepAt.created, deepAt.id)));
  out.push(await time("pglite deep page", K, () => p2.query("SELECT * FROM generations WHERE owner_id = $1 AND (created_at, id) < ($2, $3) ORDER BY created_at DESC, id DESC LIMIT 24", ["o7", deepAt.created, deepAt.id])));
  out.push(await time("sqlite insert", 1000, () => sIns.run(randomUUID(), "o9", "queued", Date.now(), "p", 1)));
  out.push(await time("pglite insert", 1000, () => p2.query("INSERT INTO generations VALUES ($1,$2,$3,$4,$5,$6)", [randomUUID(), "o9", "queued", Date.now(), "p", 1])));
}
for (const o of out) console.log(o.label.padEnd(18), "p50", o.p50.toFixed(4), "ms  p95", o.p95.toFixed(4), "ms");
console.log("pglite create (fresh dir)", pgliteStart.toFixed(0), "ms; reopen", pgliteReopen.toFixed(0), "ms; rss", (process.memoryUsage().rss / 1e6).toFixed(0), "MB");
await p2.close(); await c?.end();
fs.rmSync(dir, { recursive: true, force: true });
