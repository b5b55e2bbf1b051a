// The benchmarks' floor for API routes (docs/performance.md): a handler that does nothing, behind the same
// `route()` wrapper as every API route, so the floor includes our own plumbing (same-site check, request id,
// security headers) and a ratio above 1 is what the real route does on top. It exists only in a server
// started with BENCH_FLOORS=1 (the bench's servers); anywhere else it answers 404 like an unknown path.
import { otherMethods, route } from "@/lib/http/route";

const empty = route(async () => new Response(null, { status: 204 }));

export function GET(request: Request, context: unknown): Promise<Response> | Response {
  if (process.env.BENCH_FLOORS !== "1") return new Response(null, { status: 404 });
  return empty(request, context);
}

// Every other method: 405 with Allow, like every API route (app/api/methods.test.ts) — it reveals no more than
// that an empty handler exists.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
