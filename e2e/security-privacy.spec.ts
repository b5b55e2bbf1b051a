import { expect, test } from "@playwright/test";
import { chooseFace, generate, waitForResult } from "./helpers";

test("'Delete all my data' removes every job and image of this browser after a confirmation", async ({ page }) => {
  await page.goto("/");
  await chooseFace(page);
  await generate(page, "privacy check headshot");
  const image = await waitForResult(page);
  const src = (await image.getAttribute("src"))!;
  const list = async () => ((await (await page.request.get("/api/generations")).json()) as { items: { face: { url: string } }[] }).items;
  const [job] = await list();
  expect(job).toBeDefined();

  await page.getByRole("link", { name: "Privacy and your data" }).click();
  await expect(page.getByText(/deleted automatically after 30 days/)).toBeVisible();
  await page.getByRole("button", { name: "Delete all my data" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText("Delete all your data?")).toBeVisible();
  await dialog.getByRole("button", { name: "Delete everything" }).click();
  await expect(page.getByText(/Deleted 1 generation and 1 face photo/)).toBeVisible();

  expect(await list()).toEqual([]);
  expect((await page.request.get(src)).status()).toBe(404);
  expect((await page.request.get(job!.face.url)).status()).toBe(404);
});
