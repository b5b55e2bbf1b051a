import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native modules must stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "sharp"],
  typedRoutes: false,
};

export default nextConfig;
