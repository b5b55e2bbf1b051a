import type { NextConfig } from "next";

const csp = [
  "default-src 'self'",
  // Next's bootstrap is inline; no third-party script is ever loaded. 'unsafe-eval' is needed by the
  // in-browser HEIC converter (heic2any's libheif build evaluates generated code); it is only loaded when a
  // HEIC photo is chosen. See README "Security and limits".
  "script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The no-key-leak test (lib/security) builds a second copy with its own folder and tsconfig so it never
  // touches .next or tsconfig.json; nothing else sets these.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typescript: {
    tsconfigPath: process.env.NEXT_TSCONFIG_PATH || "tsconfig.json",
    ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === "1",
  },
  // Native modules must stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "sharp", "heic-convert"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: csp },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
