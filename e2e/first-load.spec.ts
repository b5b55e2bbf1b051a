import { expect, test, type Page } from "@playwright/test";
import { chooseFace, generate, waitForResult } from "./helpers";

// Code the home page must not make a phone download before it can render: each loads when it is used.
// Markers are strings that survive minification (property names and attribute values).
const DEFERRED = [
  { name: "react-query (loads with the header's quota and the result view)", marker: "refetchOnWindowFocus" },
  { name: "zod (loads on the form's first validation)", marker: "invalid_type" },
  { name: "sonner (loads on the first toast)", marker: "data-sonner-toaster" },
  { name: "libheif (loads for a HEIC photo)", marker: "HeifDecoder" },
];

test("the home page's first-load scripts leave out code that is only needed later", async ({ request }) => {
  const html = await (await request.get("/")).text();
  const scripts = [...html.matchAll(/<script(?![^>]*noModule)[^>]+src="(\/_next\/static\/[^"]+\.js)[^"]*"/g)].map((m) => m[1] ?? "");
  expect(scripts.length).toBeGreaterThan(2);
  const bodies = await Promise.all(scripts.map(async (src) => (await request.get(src)).text()));
  const code = bodies.join("\n");
  // The form itself must be in the first load: react-dropzone is what makes the photo area work.
  expect(code).toContain("getFilesFromEvent");
  for (const { name, marker } of DEFERRED) expect(code.includes(marker), name).toBe(false);
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
