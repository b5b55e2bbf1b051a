import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { request } from "./lib/http";
import { runLighthouse, type LighthouseScores } from "./lib/lighthouse-run";
import { check, type BenchResult, type Check } from "./lib/report";
import type { RunningApp } from "./lib/servers";
import { AppSession } from "./lib/session";
import { round } from "./lib/stats";

const ROUTES = ["/", "/gallery", "/sign-in"];
const LIGHTHOUSE_ROUTES = ["/", "/gallery"];

const gzipKb = (file: string) => round(gzipSync(readFileSync(file), { level: 9 }).length / 1024);

/**
 * First Load JS as the browser sees it: every script the route's HTML asks for, read from .next/static
 * and gzipped. (Next 16 no longer prints sizes after a build.)
 */
export async function firstLoad(session: AppSession, route: string) {
  const html = (await request(`${session.origin}${route}`, { headers: session.headers })).body.toString("utf8");
  const files = (kind: RegExp) => [...new Set([...html.matchAll(kind)].map((m) => m[1] ?? ""))].filter(Boolean);
  // noModule scripts are polyfills that modern browsers skip; Next never counted them either.
  const scripts = files(/<script(?![^>]*noModule)[^>]+src="\/_next\/(static\/[^"?]+\.js)[^"]*"/g);
  const css = files(/<link[^>]+href="\/_next\/(static\/[^"?]+\.css)[^"]*"/g);
  const size = (list: string[]) => round(list.reduce((sum, f) => sum + gzipKb(path.join(".next", f)), 0));
  return { route, jsKb: size(scripts), cssKb: size(css), scripts: scripts.length };
}

export async function benchPages(app: RunningApp): Promise<BenchResult> {
  const session = await AppSession.open(app.origin);
  const sizes = [];
  for (const route of ROUTES) sizes.push(await firstLoad(session, route));
  const lighthouse: LighthouseScores[] = [];
  for (const route of LIGHTHOUSE_ROUTES) lighthouse.push(await runLighthouse(`${app.origin}${route}`));

  const checks: Check[] = sizes.map((s) => check(`First Load JS ${s.route} (gzip)`, s.jsKb, "kB", s.route === "/" ? "≤ 150 kB" : "", s.route === "/" ? s.jsKb <= 150 : null));
  for (const lh of lighthouse) {
    const route = new URL(lh.url).pathname;
    const perf = lh.scores.performance ?? 0;
    const a11y = lh.scores.accessibility ?? 0;
    const bp = lh.scores["best-practices"] ?? 0;
    checks.push(check(`Lighthouse ${route} performance`, perf, "", "≥ 95", perf >= 95));
    checks.push(check(`Lighthouse ${route} accessibility`, a11y, "", "= 100", a11y === 100));
    checks.push(check(`Lighthouse ${route} best practices`, bp, "", "≥ 95", bp >= 95));
  }
  return { name: "pages", checks, figures: { firstLoad: sizes, lighthouse } };
}
