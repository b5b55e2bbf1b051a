import { expect, test, type Page } from "@playwright/test";
import path from "node:path";
import { chooseFace, generate, SHOTS, simReceived, waitForResult } from "./helpers";

async function makeOne(page: Page, prompt: string, seed?: string) {
  await page.goto("/");
  await chooseFace(page);
  if (seed) await page.getByLabel("Seed", { exact: true }).fill(seed);
  await generate(page, prompt);
  const image = await waitForResult(page);
  const id = new URL(page.url()).searchParams.get("g");
  expect(id).toBeTruthy();
  return { id: id!, src: (await image.getAttribute("src"))! };
}

async function imageBytes(page: Page, src: string) {
  const res = await page.request.get(src);
  expect(res.status()).toBe(200);
  return res.body();
}

test("generate → gallery → Reuse seed → generate: same seed sent, identical simulated image", async ({ page }) => {
  const first = await makeOne(page, "studio headshot, charcoal backdrop", "777001");
  await page.goto("/gallery");
  const list = page.getByRole("list", { name: "Your generations" });
  await expect(list.getByRole("link", { name: /studio headshot, charcoal backdrop/ })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(SHOTS, "gallery-desktop.png"), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: path.join(SHOTS, "gallery-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  await list.getByRole("link", { name: /studio headshot, charcoal backdrop/ }).click();
  await expect(page.getByRole("link", { name: "Reuse seed" })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, "detail-desktop.png"), fullPage: true });
  await page.getByRole("link", { name: "Reuse seed" }).click();
  await expect(page.getByLabel("Seed", { exact: true })).toHaveValue("777001");

  // Same face photo again, same prompt and defaults: the simulator must return the same bytes.
  await chooseFace(page);
  await generate(page, "studio headshot, charcoal backdrop");
  const image = await waitForResult(page);
  const [a, b] = (await simReceived()).slice(-2);
  expect(b!.body.seed).toBe(777001);
  expect({ ...a!.body, track_id: null }).toEqual({ ...b!.body, track_id: null });
  const again = (await image.getAttribute("src"))!;
  expect(again).not.toBe(first.src);
  expect((await imageBytes(page, again)).equals(await imageBytes(page, first.src))).toBe(true);
});

test("Remix opens the form with every setting and the same face photo", async ({ page }) => {
  await page.goto("/");
  await chooseFace(page);
  await page.getByRole("button", { name: /Landscape/ }).click();
  await page.getByLabel("Steps", { exact: true }).fill("9");
  await page.getByLabel("Guidance scale", { exact: true }).fill("4.5");
  await page.getByLabel("Negative prompt", { exact: true }).fill("hats");
  await page.getByLabel("Seed", { exact: true }).fill("31337");
  await generate(page, "outdoor headshot, golden hour");
  await waitForResult(page);
  const id = new URL(page.url()).searchParams.get("g")!;

  await page.goto(`/gallery/${id}`);
  await page.getByRole("link", { name: "Remix" }).click();
  await expect(page.getByLabel("Prompt", { exact: true })).toHaveValue("outdoor headshot, golden hour");
  await expect(page.getByLabel("Negative prompt", { exact: true })).toHaveValue("hats");
  await expect(page.getByLabel("Width", { exact: true })).toHaveValue("1216");
  await expect(page.getByLabel("Height", { exact: true })).toHaveValue("832");
  await expect(page.getByLabel("Steps", { exact: true })).toHaveValue("9");
  await expect(page.getByLabel("Guidance scale", { exact: true })).toHaveValue("4.5");
  await expect(page.getByLabel("Seed", { exact: true })).toHaveValue("31337");
  // No new upload needed: generating straight away reuses the same face photo.
  await page.getByRole("button", { name: "Generate", exact: true }).click();
  await waitForResult(page);
  const [a, b] = (await simReceived()).slice(-2);
  expect({ ...a!.body, track_id: null }).toEqual({ ...b!.body, track_id: null });
});

test("Delete removes the generation and its files; the image URL then 404s", async ({ page }) => {
  const made = await makeOne(page, "delete me headshot");
  await page.goto(`/gallery/${made.id}`);
  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/gallery$/);
  expect((await page.request.get(made.src)).status()).toBe(404);
  expect((await page.request.get(`/api/generations/${made.id}`)).status()).toBe(404);
});

test("another owner sees none of it: 404 on the item, its image and its face photo", async ({ page, browser }) => {
  const made = await makeOne(page, "private headshot");
  const detail = await (await page.request.get(`/api/generations/${made.id}`)).json();
  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  await other.goto("/gallery");
  await expect(other.getByRole("link", { name: /private headshot/ })).toHaveCount(0);
  for (const url of [`/api/generations/${made.id}`, made.src, detail.face.url, detail.outputs[0].thumbUrl]) {
    expect((await other.request.get(url)).status(), url).toBe(404);
  }
  await other.goto(`/gallery/${made.id}`);
  await expect(other.getByText(/not found/i).first()).toBeVisible();
  await stranger.close();
});
