import { z } from "zod";

export const listQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  status: z.enum(["queued", "processing", "succeeded", "failed"], { error: "Unknown status filter." }).optional(),
  q: z.string().max(200, { error: "Search text is too long." }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(24),
});
export type ListQuery = z.output<typeof listQuerySchema>;
