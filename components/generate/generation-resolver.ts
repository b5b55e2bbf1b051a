import { zodResolver } from "@hookform/resolvers/zod";
import { generationParamsSchema } from "@/lib/validations/schemas";

/** The shared schema as a react-hook-form resolver; imported lazily so zod is not in the page's first load. */
export const generationResolver = zodResolver(generationParamsSchema);
