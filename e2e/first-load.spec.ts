import { expect, test, type Page } from "@playwright/test";
import { gzipSync } from "node:zlib";
import { chooseFace, generate, waitForResult } from "./helpers";

// The home page's First Load JS budget, gzip -9 as bench/pages.ts measures it.
const BUDGET_KB = 180;

// Code the home page must not make a phone download before it can render: each loads when it is used.
// Markers are strings that survive minification (property names and attribute values).
const DEFERRED = [
  { name: "react-query (loads with the header's quota and the result view)", marker: "refetchOnWindowFocus" },
  { name: "zod (loads on the form's first validation)", marker: "invalid_type" },
  { name: "sonner (its <Toaster> loads just after the page)", marker: "data-sonner-toaster" },
  { name: "libheif (loads for a HEIC photo)", marker: "HeifDecoder" },
  { name: "the face detector (loads in a Web Worker when a photo is chosen)", marker: "blazeface" },
  { name: "the face checklist (loads when a photo is chosen)", marker: "Use this photo anyway" },
];

test("the home page's first-load scripts stay within budget and leave out code that is only needed later", async ({ request }) => {
  const html = await (await request.get("/")).text();
  const scripts = [...new Set([...html.matchAll(/<script(?![^>]*noModule)[^>]+src="(\/_next\/static\/[^"]+\.js)[^"]*"/g)].map((m) => m[1] ?? ""))];
  expect(scripts.length).toBeGreaterThan(2);
  const bodies = await Promise.all(scripts.map(async (src) => (await request.get(src)).body()));
  const kb = bodies.reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0) / 1024;
  expect(kb, `First Load JS of / is ${kb.toFixed(1)} kB gzip`).toBeLessThanOrEqual(BUDGET_KB);
  const code = bodies.map((body) => body.toString("utf8")).join("\n");
  for (const { name, marker } of DEFERRED) expect(code.includes(marker), name).toBe(false);
});

test("the form's script is not in the first load but arrives on its own: the server-rendered form becomes live", async ({ page }) => {
  const formScripts: string[] = [];
  page.on("response", (res) => {
    if (!/\/_next\/static\/.+\.js/.test(res.url())) return;
    // (A body still being read when the test ends is of no interest.)
    res.text().then((body) => body.includes("Drop the photo to use it") && formScripts.push(res.url()), () => undefined);
  });
  const html = await (await page.goto("/"))!.text();
  // The page's own HTML already has the whole form (the server renders the lazy studio in full)...
  expect(html).toContain('aria-label="Headshot settings"');
  // ...but none of the scripts it lists carries the form's code (lazy-generate-studio.tsx)...
  const listed = [...html.matchAll(/<script[^>]+src="(\/_next\/static\/[^"]+\.js)[^"]*"/g)].map((m) => m[1] ?? "");
  // ...which the page then fetches by itself, with no click or scroll: the drop zone answers a keyboard Enter.
  await expect.poll(() => formScripts.length).toBeGreaterThan(0);
  expect(formScripts.every((url) => !listed.some((src) => url.endsWith(src)))).toBe(true);
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: /choose a file/i }).focus();
  await page.keyboard.press("Enter");
  await chooser;
});

async function generationsLeft(page: Page): Promise<number> {
  const status = page.getByRole("banner").getByRole("status").filter({ hasText: /generations? left/ });
  await expect(status).toBeVisible();
  return Number(/(\d+) generations? left/.exec((await status.textContent()) ?? "")?.[1]);
}

test("react-query arrives after the page loads: the header shows the allowance and counts a new job", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/");
  const before = await generationsLeft(page);
  expect(before).toBeGreaterThan(0);
  await chooseFace(page);
  await generate(page, "first-load check");
  await waitForResult(page);
  await expect.poll(() => generationsLeft(page)).toBeLessThan(before);
});
