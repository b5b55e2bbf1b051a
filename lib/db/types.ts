import type { faces, generations, outputs, shootPeople, shoots } from "./schema";

export type FaceRow = typeof faces.$inferSelect;
export type NewFaceRow = typeof faces.$inferInsert;
export type GenerationRow = typeof generations.$inferSelect;
export type NewGenerationRow = typeof generations.$inferInsert;
export type GenerationPatch = Partial<Omit<NewGenerationRow, "id" | "ownerId" | "createdAt">>;
export type OutputRow = typeof outputs.$inferSelect;
export type NewOutputRow = typeof outputs.$inferInsert;
export type GenerationStatus = GenerationRow["status"];

// team shoots:
export type ShootRow = typeof shoots.$inferSelect;
export type NewShootRow = typeof shoots.$inferInsert;
export type ShootPersonRow = typeof shootPeople.$inferSelect;
export type NewShootPersonRow = typeof shootPeople.$inferInsert;
