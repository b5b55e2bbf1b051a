import { openDb, type Db } from "./open";
import type { NewFaceRow, NewGenerationRow } from "./types";

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
