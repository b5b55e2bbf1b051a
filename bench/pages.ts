import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { delta, LAYOUT_ONLY_PATH, times } from "./lib/floors";
import { request } from "./lib/http";
import { runLighthouse, type LighthouseScores } from "./lib/lighthouse-run";
import { check, type BenchResult, type Check } from "./lib/report";
import type { RunningApp } from "./lib/servers";
import { AppSession } from "./lib/session";
import { median, round } from "./lib/stats";

const ROUTES = ["/", "/gallery", "/sign-in"];
const LIGHTHOUSE_ROUTES = ["/", "/gallery"];

const gzipKb = (file: string) => round(gzipSync(readFileSync(file), { level: 9 }).length / 1024);

/**
 * First Load JS as the browser sees it: every script the route's HTML asks for, read from `root`'s .next/static
 * (the checkout whose build answers) and gzipped. (Next 16 no longer prints sizes after a build.)
 */
export async function firstLoad(session: AppSession, route: string, root = process.cwd()) {
  const res = await request(`${session.origin}${route}`, { headers: session.headers });
  if (res.status !== 200) throw new Error(`${route} answered ${res.status}`);
  const html = res.body.toString("utf8");
  const files = (kind: RegExp) => [...new Set([...html.matchAll(kind)].map((m) => m[1] ?? ""))].filter(Boolean);
  // noModule scripts are polyfills that modern browsers skip; Next never counted them either.
  const scripts = files(/<script(?![^>]*noModule)[^>]+src="\/_next\/(static\/[^"?]+\.js)[^"]*"/g);
  const css = files(/<link[^>]+href="\/_next\/(static\/[^"?]+\.css)[^"]*"/g);
  const size = (list: string[]) => round(list.reduce((sum, f) => sum + gzipKb(path.join(root, ".next", f)), 0));
  return { route, jsKb: size(scripts), cssKb: size(css), scripts: scripts.length };
}

const CATEGORIES = ["performance", "accessibility", "best-practices"] as const;
// Issue 11: performance within 3 points of the layout-only page in the same run (issue 6 asked ≥ 95 absolute,
// which on a loaded machine measures the machine), accessibility 100; issue 6: best practices ≥ 95.
const TARGETS: Record<(typeof CATEGORIES)[number], { text: string; met: (score: number, floor: number) => boolean }> = {
  performance: { text: "≥ floor − 3", met: (s, floor) => s >= floor - 3 },
  accessibility: { text: "= 100", met: (s) => s === 100 },
  "best-practices": { text: "≥ 95", met: (s) => s >= 95 },
};

/**
 * Each page beside the layout-only page (/bench-floor: the root layout and nothing else) of this build.
 * Lighthouse runs in `rounds` rounds: each round runs the floor, then every page (each page of `before`, another
 * checkout's build, right after this build's), so drift during the run hits all of them alike. Each figure, the
 * floor's too, is the median of its rounds: one Lighthouse run of the same page swings by up to ±8 points here
 * (docs/performance.md, "Issue 11"), more than the 3 points the bar allows.
 */
export async function benchPages(app: RunningApp, before: RunningApp | null = null, rounds = 3): Promise<BenchResult> {
  const session = await AppSession.open(app.origin);
  const beforeSession = before ? await AppSession.open(before.origin) : null;
  const floorSize = await firstLoad(session, LAYOUT_ONLY_PATH, app.root);
  const sizes = [];
  for (const route of ROUTES) {
    sizes.push({ label: "", ...(await firstLoad(session, route, app.root)) });
    if (before && beforeSession) sizes.push({ label: "before: ", ...(await firstLoad(beforeSession, route, before.root)) });
  }
  const targets = LIGHTHOUSE_ROUTES.flatMap((route) => [
    { label: "", route, origin: app.origin },
    ...(before ? [{ label: "before: ", route, origin: before.origin }] : []),
  ]);
  const floorRuns: LighthouseScores[] = [];
  const runs = targets.map(() => [] as LighthouseScores[]);
  for (let round = 0; round < rounds; round++) {
    floorRuns.push(await runLighthouse(`${app.origin}${LAYOUT_ONLY_PATH}`));
    for (const [i, t] of targets.entries()) runs[i]?.push(await runLighthouse(`${t.origin}${t.route}`));
  }
  const scoreOf = (list: LighthouseScores[], id: string) => median(list.map((r) => r.scores[id] ?? 0));
  const floorScore = (id: string) => scoreOf(floorRuns, id);
  const lighthouse = targets.map((t, i) => ({ ...t, runs: runs[i] ?? [] }));

  const checks: Check[] = sizes.map((s) => {
    // Issue 11's budget (issue 6 asked 150 kB, out of reach with Next 16's runtime: docs/performance.md point 5).
    const targeted = s.route === "/" && !s.label;
    return check(`${s.label}First Load JS ${s.route} (gzip)`, s.jsKb, "kB", targeted ? "≤ 180 kB" : "", targeted ? s.jsKb <= 180 : null, { value: floorSize.jsKb, vs: times(s.jsKb, floorSize.jsKb) });
  });
  for (const lh of lighthouse) {
    for (const id of CATEGORIES) {
      const score = scoreOf(lh.runs, id);
      const floor = floorScore(id);
      const target = lh.label ? null : TARGETS[id];
      checks.push(check(`${lh.label}Lighthouse ${lh.route} ${id.replace("-", " ")}`, score, "", target?.text ?? "", target ? target.met(score, floor) : null, { value: floor, vs: delta(score, floor) }));
    }
  }
  return {
    name: "pages",
    checks,
    figures: {
      firstLoad: sizes,
      lighthouse,
      rounds,
      floor: { what: `${LAYOUT_ONLY_PATH}: the root layout and nothing else, this build`, firstLoad: floorSize, lighthouse: floorRuns },
      ...(before ? { before: before.root } : {}),
    },
  };
}
