import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { describe, expect, it } from "vitest";
import { config } from "./proxy";

// Which requests proxy.ts (the owner cookie) runs for, through Next's own matcher code.
const runsFor = (path: string) => unstable_doesMiddlewareMatch({ config, url: `http://localhost${path}` });

describe("proxy matcher", () => {
  it("runs for pages, including ones with ids and query strings", () => {
    for (const path of ["/", "/gallery", "/gallery/g_Ab-9_x", "/privacy", "/sign-in?next=%2Fteam", "/team", "/team/new", "/team/s_x1-Y", "/join/AbCdEf_-0123456789abcdefghijklmnopqrstuvwxyzAB"]) {
      expect(runsFor(path), path).toBe(true);
    }
  });

  it("skips the API, Next's assets and every static file (public/ and app/icon.svg)", () => {
    for (const path of [
      "/robots.txt",
      "/favicon.ico",
      "/icon.svg",
      "/face-check/blazeface.json",
      "/face-check/tfjs-backend-wasm-simd.wasm",
      "/_next/static/chunks/main.js",
      "/_next/image?url=%2Fx.png&w=64&q=75",
      "/api/generations",
      "/api/shoots/s_x/export.zip",
    ]) {
      expect(runsFor(path), path).toBe(false);
    }
  });
});
