// @vitest-environment node
// Every API route answers every method it does not define the same way (issue 12): 405 with a JSON message,
// `Allow` and the security headers; OPTIONS 204 with the same `Allow`. Walks every app/api route file, so a new
// route that forgets `otherMethods` fails here.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allowHeader, isOtherMethodHandler, ROUTE_METHODS, type RouteMethod } from "@/lib/http/route";

const API = path.join(process.cwd(), "app", "api");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "route.ts" ? [full] : [];
  });
}

const files = routeFiles(API).map((f) => path.relative(process.cwd(), f)).sort();

type Handler = (request: Request, context: unknown) => Promise<Response>;

describe("API routes and the methods they do not define", () => {
  it("finds the route files", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files)("%s", async (file) => {
    const mod = (await import(/* @vite-ignore */ path.join(process.cwd(), file))) as Partial<Record<RouteMethod, Handler>>;
    const defined = ROUTE_METHODS.filter((m) => typeof mod[m] === "function" && !isOtherMethodHandler(mod[m]));
    expect(defined.length).toBeGreaterThan(0);
    const allow = allowHeader(defined);
    for (const method of ROUTE_METHODS) {
      if (defined.includes(method)) continue;
      // Next answers HEAD from GET by itself; every other missing export would get Next's empty 405 (or its
      // automatic OPTIONS listing the wrong methods).
      if (method === "HEAD" && defined.includes("GET")) continue;
      const handler = mod[method];
      expect(handler, `${file} must export ${method} from otherMethods()`).toBeTypeOf("function");
      expect(isOtherMethodHandler(handler), `${file}: ${method}`).toBe(true);
      const res = await handler!(new Request(`http://localhost/${file}`, { method, headers: { host: "localhost" } }), { params: Promise.resolve({}) });
      expect(res.headers.get("allow"), `${file}: ${method}`).toBe(allow);
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      if (method === "OPTIONS") {
        expect(res.status).toBe(204);
        continue;
      }
      expect(res.status, `${file}: ${method}`).toBe(405);
      if (method === "HEAD") continue;
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("method_not_allowed");
      expect(body.error.message).toBe(`This address does not accept ${method} requests. Allowed: ${allow}.`);
    }
  });
});
