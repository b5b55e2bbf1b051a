// Database fixtures for tests and the bench: a fresh in-memory database, and rows to put in it. The
// look-ups at the end read tables directly for assertions no app query needs; app code never does that.
import { eq } from "drizzle-orm";
import { openDb, type Db } from "@/lib/db/client";
import { faces, generations, quotaEvents, type FaceRow, type GenerationRow, type NewFaceRow, type NewGenerationRow, type QuotaEventRow } from "@/lib/db/schema";

export function memoryDb(): Db {
  return openDb(":memory:");
}

let n = 0;
const uid = (p: string) => `${p}_${(++n).toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

export function faceRow(over: Partial<NewFaceRow> = {}): NewFaceRow {
  const id = over.id ?? uid("face");
  return {
    id,
    ownerId: "owner-a",
    sha256: `sha-${id}`,
    path: `faces/owner-a/${id}.jpg`,
    mime: "image/jpeg",
    width: 600,
    height: 700,
    bytes: 1234,
    createdAt: 1_000,
    ...over,
  };
}

export function generationRow(faceId: string, over: Partial<NewGenerationRow> = {}): NewGenerationRow {
  return {
    id: uid("gen"),
    ownerId: "owner-a",
    faceId,
    prompt: "corporate headshot, navy suit",
    negativePrompt: "blurry",
    width: 1024,
    height: 1024,
    steps: 20,
    guidanceScale: 5,
    seed: 42,
    base64: false,
    status: "queued",
    webhookSecret: uid("whs"),
    simulated: true,
    createdAt: 1_000,
    updatedAt: 1_000,
    ...over,
  };
}

/** Every generation row, in no particular order. */
export function allGenerations(db: Db): GenerationRow[] {
  return db.select().from(generations).all();
}

/** Every face row, in no particular order. */
export function allFaces(db: Db): FaceRow[] {
  return db.select().from(faces).all();
}

/** Quota events, all of them or one generation's. */
export function quotaEventRows(db: Db, generationId?: string): QuotaEventRow[] {
  const q = db.select().from(quotaEvents);
  return generationId === undefined ? q.all() : q.where(eq(quotaEvents.generationId, generationId)).all();
}

/** Back-dates a face, e.g. past the retention period. */
export function setFaceCreatedAt(db: Db, faceId: string, createdAt: number): void {
  db.update(faces).set({ createdAt }).where(eq(faces.id, faceId)).run();
}
