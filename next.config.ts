import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The no-key-leak test (lib/http) builds a second copy with its own folder and tsconfig so it never
  // touches .next or tsconfig.json; nothing else sets these.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typescript: {
    tsconfigPath: process.env.NEXT_TSCONFIG_PATH || "tsconfig.json",
    ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === "1",
  },
  // Native modules must stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "sharp", "heic-convert"],
  async headers() {
    // API answers get the same headers from `route()` (lib/http/route.ts): Next compiling this rule for
    // every request was ~4 % of the CPU of a status poll.
    return [{ source: "/((?!api/).*)", headers: SECURITY_HEADERS.map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
