import { expect, test } from "@playwright/test";
import path from "node:path";
import { chooseFace, generate, SHOTS, waitForResult } from "./helpers";

test.use({ viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });

test("at 360 px the whole flow fits: no sideways scrolling, result and gallery readable", async ({ page }) => {
  await page.goto("/");
  // The header hides the allowance on a phone; it sits by the Generate button instead.
  await expect(page.getByText(/generations left today/).filter({ visible: true })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, "phone-home.png"), fullPage: true });
  await chooseFace(page);
  await generate(page, "corporate headshot on a phone");
  await waitForResult(page);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.getByRole("button", { name: "Generate", exact: true }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, "phone-result.png"), fullPage: true });
  const id = new URL(page.url()).searchParams.get("g");
  await page.goto("/gallery");
  await expect(page.getByRole("link", { name: /corporate headshot on a phone/ })).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(SHOTS, "phone-gallery.png"), fullPage: true });
  await page.goto(`/gallery/${id}`);
  await expect(page.getByRole("link", { name: "Remix" })).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(SHOTS, "phone-detail.png"), fullPage: true });
});
