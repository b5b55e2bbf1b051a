import { expect, type Page } from "@playwright/test";
import path from "node:path";

export const SIM = `http://127.0.0.1:${process.env.E2E_SIM_PORT ?? 4110}`;
export const face = (name: string) => path.join(process.cwd(), "e2e", "fixtures", "faces", name);
export const SHOTS = path.join(process.cwd(), "e2e", ".artifacts", "screenshots");

export type SimReceived = { id: number; body: Record<string, unknown> };

export async function simReceived(): Promise<SimReceived[]> {
  const res = await fetch(`${SIM}/__sim/received`);
  const json = (await res.json()) as { jobs?: SimReceived[] } | SimReceived[];
  return Array.isArray(json) ? json : (json.jobs ?? []);
}

/** Uploads a face photo and waits until it is prepared and shown. */
export async function chooseFace(page: Page, name = "portrait-a.jpg") {
  await page.getByLabel("Face photo").setInputFiles(face(name));
  await expect(page.getByText(/Sending .*(KB|MB)/)).toBeVisible();
}

export async function generate(page: Page, prompt: string) {
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  await page.getByRole("button", { name: "Generate", exact: true }).click();
}

export async function waitForResult(page: Page) {
  const image = page.getByRole("img", { name: /headshot/i }).first();
  await expect(image).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => image.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
  return image;
}
