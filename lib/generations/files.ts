import "server-only";
import { getOwnedFace } from "@/lib/db/queries/faces";
import { getOwnedGeneration } from "@/lib/db/queries/generations";
import { getOutput } from "@/lib/db/queries/outputs";
import type { GenerationDeps } from "./deps";

export type FileKind = "outputs" | "thumbs" | "faces";
export type StoredFile = { key: string; mime: string };

const MIME: Record<string, string> = { png: "image/png", jpg: "image/jpeg", webp: "image/webp" };
const mimeOf = (key: string) => MIME[key.slice(key.lastIndexOf(".") + 1)] ?? "application/octet-stream";

/** Resolves a file URL to a storage key, only for its owner. Anything else is simply not there. */
export function resolveOwnedFile(deps: Pick<GenerationDeps, "db">, ownerId: string, kind: string, segments: string[]): StoredFile | null {
  if (kind === "faces" && segments.length === 1) {
    const face = getOwnedFace(deps.db, segments[0] ?? "", ownerId);
    return face ? { key: face.path, mime: face.mime } : null;
  }
  if ((kind === "outputs" || kind === "thumbs") && segments.length === 2) {
    const [id = "", idxText = ""] = segments;
    if (!/^\d{1,2}$/.test(idxText) || !getOwnedGeneration(deps.db, id, ownerId)) return null;
    const output = getOutput(deps.db, id, Number(idxText));
    if (!output) return null;
    const key = kind === "outputs" ? output.path : output.thumbPath;
    return { key, mime: mimeOf(key) };
  }
  return null;
}
