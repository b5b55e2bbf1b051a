import "server-only";
import type { GenerationDto } from "@/lib/client/types";
import { listOutputs } from "@/lib/db/queries/outputs";
import type { GenerationRow } from "@/lib/db/types";
import type { GenerationDeps } from "./deps";
import { toGenerationDto } from "./to-dto";

export function generationDto(deps: Pick<GenerationDeps, "db">, gen: GenerationRow): GenerationDto {
  return toGenerationDto(gen, gen.status === "succeeded" ? listOutputs(deps.db, gen.id) : []);
}
