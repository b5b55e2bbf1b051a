import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { closeDb, openDb, openPgDb, type Db } from "@/lib/db/client";
import { insertFaceOrGetExisting } from "@/lib/db/queries/faces";
import { encodeCursor, insertGenerationsWithOutputs, listGenerations } from "@/lib/db/queries/generations";
import { faceRow, generationRow } from "@/test/db";
import { listOwnedGenerations } from "@/lib/generations/read";
import { makeThumbnail } from "@/lib/images/thumbnails";
import { makeSimulatedPng } from "@/simulator/images";
import { PAGE_SIZE, SIZE_PRESETS } from "@/lib/validations/generation";
import { PORTRAIT } from "./lib/images";
import { check, type BenchResult } from "./lib/report";
import { tempDir } from "./lib/servers";
import { round, summarize } from "./lib/stats";

const ROWS = 10_000;
const REPEAT = 50;
const OWNER = "owner-a";
const STATUSES = ["succeeded", "succeeded", "succeeded", "failed", "processing"] as const;

async function seed(db: Db): Promise<string[]> {
  const face = faceRow({ ownerId: OWNER });
  await insertFaceOrGetExisting(db, face);
  const items = Array.from({ length: ROWS }, (_, i) => {
    const row = generationRow(face.id, { ownerId: OWNER, createdAt: 1_700_000_000_000 + i * 1000, status: STATUSES[i % STATUSES.length], prompt: `headshot ${i} navy suit` });
    const output = { id: `${row.id}_0`, generationId: row.id, idx: 0, path: `outputs/${row.id}/0.png`, thumbPath: `thumbs/${row.id}/0.webp`, width: 1024, height: 1024, bytes: 1000, createdAt: row.createdAt };
    return { generation: row, outputs: [output] };
  });
  return (await insertGenerationsWithOutputs(db, items)).map((r) => r.id);
}

async function time(fn: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return summarize(ms);
}

/** WebP thumbnails of simulator outputs at each size preset (the real demo-mode outputs). */
async function thumbnailSizes() {
  const face = readFileSync(PORTRAIT);
  const sizes = [];
  for (const preset of SIZE_PRESETS) {
    for (const s of [1, 2]) {
      const png = await makeSimulatedPng({ face, prompt: "corporate headshot, navy suit", seed: s, width: preset.width, height: preset.height });
      const thumb = await makeThumbnail(png);
      sizes.push({ preset: preset.id, seed: s, outputKb: round(png.length / 1024), thumbKb: round(thumb.bytes.length / 1024), thumb: `${thumb.width}x${thumb.height}` });
    }
  }
  return sizes;
}

/** The gallery at 10,000 rows: on a SQLite file, or with `databaseUrl` on that Postgres (shared mode). */
export async function benchGalleryScale(databaseUrl?: string): Promise<BenchResult> {
  const dir = tempDir("gallery");
  const db = databaseUrl ? await openPgDb(databaseUrl) : openDb(path.join(dir, "app.db"));
  try {
    const ids = await seed(db);
    // Newest first: the cursor of the row 9,000 places down the list.
    const deepCursor = encodeCursor({ createdAt: 1_700_000_000_000 + (ROWS - 1 - 9_000) * 1000, id: ids[ROWS - 1 - 9_000] ?? "" });
    const q = { limit: PAGE_SIZE };
    const figures = {
      firstPageDb: await time(() => listGenerations(db, { ownerId: OWNER, limit: PAGE_SIZE })),
      deepPageDb: await time(() => listGenerations(db, { ownerId: OWNER, limit: PAGE_SIZE, cursor: deepCursor })),
      firstPageRoute: await time(() => listOwnedGenerations({ db }, OWNER, q)),
      deepPageRoute: await time(() => listOwnedGenerations({ db }, OWNER, { ...q, cursor: deepCursor })),
      statusFilterRoute: await time(() => listOwnedGenerations({ db }, OWNER, { ...q, status: "failed" })),
      searchRoute: await time(() => listOwnedGenerations({ db }, OWNER, { ...q, q: "9999 navy" })),
      thumbnails: await thumbnailSizes(),
      rows: ROWS,
      deepCursorPosition: 9_000,
    };
    const maxThumb = Math.max(...figures.thumbnails.map((t) => t.thumbKb));
    return {
      name: databaseUrl ? "gallery-scale-postgres" : "gallery-scale",
      checks: [
        check("first page (query + outputs + DTO) p95", round(figures.firstPageRoute.p95, 2), "ms", "≤ 30 ms", figures.firstPageRoute.p95 <= 30),
        check("deep cursor page p95", round(figures.deepPageRoute.p95, 2), "ms", "≤ 30 ms", figures.deepPageRoute.p95 <= 30),
        check("status filter page p95", round(figures.statusFilterRoute.p95, 2), "ms", "", null),
        check("text search (no match) p95", round(figures.searchRoute.p95, 2), "ms", "", null),
        check("largest thumbnail", maxThumb, "KB", "≤ 30 KB", maxThumb <= 30),
      ],
      figures,
    };
  } finally {
    await closeDb(db);
    rmSync(dir, { recursive: true, force: true });
  }
}
