import path from "node:path";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";

type FindChromium = { findChromium: () => { path: string } };

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** The Chromium the e2e tests use (scripts/find-chromium.mjs), driven by playwright-core. */
export async function chromiumPath(): Promise<string> {
  const modulePath = path.join(process.cwd(), "scripts", "find-chromium.mjs");
  const { findChromium } = (await import(modulePath)) as FindChromium;
  return findChromium().path;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), args: CHROMIUM_ARGS });
}

/** Bundles a browser entry (with the `@/` alias from tsconfig) into one IIFE script. */
export async function bundleForBrowser(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [path.join(process.cwd(), entry)],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    write: false,
    minify: true,
    // Only HEIC photos need the 2 MB converter; the benchmark sends a JPEG.
    external: ["libheif-js/libheif-wasm/libheif-bundle.mjs"],
    logLevel: "silent",
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error(`esbuild produced nothing for ${entry}`);
  return file.text;
}
