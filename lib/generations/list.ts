import "server-only";
import type { GenerationListDto } from "@/lib/client/types";
import { listGenerations } from "@/lib/db/queries/generations";
import { listOutputsForGenerations } from "@/lib/db/queries/outputs";
import type { ListQuery } from "@/lib/validations/list-query";
import type { GenerationDeps } from "./deps";
import { toGenerationDto } from "./to-dto";

export function listOwnedGenerations(deps: Pick<GenerationDeps, "db">, ownerId: string, query: ListQuery): GenerationListDto {
  const page = listGenerations(deps.db, { ownerId, status: query.status, q: query.q, cursor: query.cursor, limit: query.limit });
  const outputs = listOutputsForGenerations(deps.db, page.items.map((g) => g.id));
  return {
    items: page.items.map((g) => toGenerationDto(g, outputs.filter((o) => o.generationId === g.id))),
    nextCursor: page.nextCursor,
  };
}
