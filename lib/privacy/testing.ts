import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { createGeneration } from "@/lib/generations/create";
import type { GenerationDeps } from "@/lib/generations/deps";
import { addFace } from "@/lib/generations/testing/harness";
import { params } from "@/lib/generations/testing/params";
import { thumbnailsIdle } from "@/lib/images/thumbnails";

/** A face and `n` finished generations (with outputs and thumbnails) for one owner. */
export async function ownerWithWork(deps: GenerationDeps, ownerId: string, n = 2, faceName = "portrait-a.jpg") {
  const face = await addFace(deps, ownerId, faceName);
  const gens = [];
  for (let i = 0; i < n; i++) {
    gens.push((await createGeneration(deps, { ownerId, input: params(face.id, { seed: i + 1 }), idempotencyKey: null })).generation);
  }
  // Thumbnails are made in the background after a job succeeds; the promise above includes them.
  await thumbnailsIdle();
  return { face, gens };
}

/** Every file under `root`, relative, sorted. */
export function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(path.relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}
