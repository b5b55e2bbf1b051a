import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import path from "node:path";
import { chooseFace, face, generate, SHOTS, SIM, simReceived, waitForResult } from "./helpers";

test("photo + parameters → Generate → the stored result with its seed", async ({ page }) => {
  await page.goto("/");
  await chooseFace(page);
  await page.getByRole("button", { name: /Portrait/ }).click();
  await page.getByLabel("Steps", { exact: true }).fill("12");
  await page.getByLabel("Guidance scale", { exact: true }).fill("6.5");
  await page.getByLabel("Seed", { exact: true }).fill("424242");
  await generate(page, "corporate headshot, grey suit, soft light");
  const image = await waitForResult(page);
  await expect(page.getByText("424242").first()).toBeVisible();
  const src = await image.getAttribute("src");
  expect(src).toMatch(/^\/api\/files\/outputs\//);
  const body = (await simReceived()).at(-1)!.body;
  expect(body).toMatchObject({ prompt: "corporate headshot, grey suit, soft light", width: 832, height: 1216, num_inference_steps: 12, guidance_scale: 6.5, seed: 424242 });
  expect(String(body.key ?? "")).toBe("");
  const download = page.getByRole("link", { name: /Download/ });
  await expect(download).toHaveAttribute("download", /corporate-headshot.*424242\.png$/);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(SHOTS, "result-desktop.png"), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: path.join(SHOTS, "result-phone.png"), fullPage: true });
});

test("an empty seed is replaced by a random one that is shown", async ({ page }) => {
  await page.goto("/");
  await chooseFace(page);
  await generate(page, "studio headshot");
  await waitForResult(page);
  const seed = (await simReceived()).at(-1)!.body.seed;
  expect(typeof seed).toBe("number");
  await expect(page.getByText(String(seed)).first()).toBeVisible();
});

test("a photo dropped on the drop zone is prepared; Enter on the zone opens the file picker", async ({ page }) => {
  await page.goto("/");
  const zone = page.getByRole("button", { name: /choose a file/ });
  const bytes = readFileSync(face("portrait-a.jpg")).toString("base64");
  // Playwright cannot drag a file from the desktop: build the same DataTransfer a drop from a file manager has.
  const files = await page.evaluateHandle((data) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], "dropped.jpg", { type: "image/jpeg" }));
    return transfer;
  }, bytes);
  await zone.dispatchEvent("dragenter", { dataTransfer: files });
  // The zone is named by its status line, which now says what a drop does.
  const dropTarget = page.getByRole("button", { name: "Drop the photo to use it" });
  await expect(dropTarget).toBeVisible();
  await dropTarget.dispatchEvent("drop", { dataTransfer: files });
  await expect(page.getByText(/Sending .*(KB|MB)/)).toBeVisible();
  await expect(page.getByText("dropped.jpg", { exact: false })).toBeVisible();

  await page.getByRole("button", { name: "Remove" }).click();
  await expect(zone).toBeFocused();
  const chooser = page.waitForEvent("filechooser");
  await page.keyboard.press("Enter");
  await (await chooser).setFiles(face("portrait-a.jpg"));
  await expect(page.getByText(/Sending .*(KB|MB)/)).toBeVisible();
});

test("a HEIC photo is converted in the browser and accepted", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Face photo").setInputFiles(face("group-3-faces.heic"));
  await expect(page.getByText(/Sending .*KB/)).toBeVisible({ timeout: 30_000 });
  // Decoded to real pixels (libheif, under the CSP without 'unsafe-eval'), not just renamed.
  await expect(page.getByText(/640 × 427 px/)).toBeVisible();
});

test("a damaged HEIC photo gets a clear message, not a crash", async ({ page }) => {
  await page.goto("/");
  const real = readFileSync(face("group-3-faces.heic"));
  // A genuine HEIC header (ftyp box) with the image data cut short.
  const damaged = Buffer.concat([real.subarray(0, 400), Buffer.alloc(4000, 7)]);
  await page.getByLabel("Face photo").setInputFiles({ name: "broken.heic", mimeType: "image/heic", buffer: damaged });
  await expect(page.getByText("This image could not be read — it may be damaged or incomplete.")).toBeVisible({ timeout: 30_000 });
});

test("the Advanced section's base64 switch can be turned on and its value is sent", async ({ page }) => {
  await page.goto("/");
  await chooseFace(page);
  await page.getByText("Advanced", { exact: true }).click();
  const toggle = page.getByRole("switch", { name: "Return base64" });
  await expect(toggle).not.toBeChecked();
  await toggle.click();
  await expect(toggle).toBeChecked();
  await generate(page, "base64 switch check");
  await waitForResult(page);
  expect((await simReceived()).at(-1)!.body).toMatchObject({ prompt: "base64 switch check", base64: true });
});

test("out-of-range values are explained before submit", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Steps", { exact: true }).fill("40");
  await page.getByLabel("Steps", { exact: true }).blur();
  await expect(page.getByText("Steps must be between 1 and 26.")).toBeVisible();
  await page.getByLabel("Guidance scale", { exact: true }).fill("11");
  await page.getByLabel("Guidance scale", { exact: true }).blur();
  await expect(page.getByText("Guidance scale must be between 1.0 and 10.0.")).toBeVisible();
});

test("the server refuses out-of-range values with per-field messages", async ({ request }) => {
  await request.get("/");
  const res = await request.post("/api/generations", { data: { faceId: "f_abcdefgh", prompt: "x", negativePrompt: "", width: 4096, height: 512, steps: 0, guidanceScale: 7.5, base64: false } });
  expect(res.status()).toBe(422);
  const body = await res.json();
  expect(body.error.fields).toMatchObject({ width: "Width must be between 256 and 2048.", steps: "Steps must be between 1 and 26." });
});

test("a file that is not an image gets a clear message", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Face photo").setInputFiles({ name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("hello, this is not a photo") });
  await expect(page.getByText("This file is not an image. Use a JPEG, PNG, WebP or HEIC photo.")).toBeVisible();
});

test("an upstream refusal reads as a person would want", async ({ page }) => {
  await page.goto("/");
  await chooseFace(page);
  await generate(page, "headshot [sim:402]");
  await expect(page.getByText(/Out of credits/).first()).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, "error-desktop.png") });
});

test("double-clicking Generate creates one job", async ({ page }) => {
  await page.goto("/");
  await chooseFace(page);
  await page.getByLabel("Prompt", { exact: true }).fill("double click headshot");
  const before = (await simReceived()).length;
  await page.getByRole("button", { name: "Generate", exact: true }).dblclick();
  await waitForResult(page);
  await page.waitForTimeout(500);
  expect((await simReceived()).length - before).toBe(1);
  const list = await (await page.request.get("/api/generations")).json();
  expect(list.items.filter((g: { params: { prompt: string } }) => g.params.prompt === "double click headshot")).toHaveLength(1);
});

test("leaving mid-job and coming back: the job kept going and shows its result", async ({ page }) => {
  await fetch(`${SIM}/__sim/options`, { method: "POST", body: JSON.stringify({ completeAfterMs: 6000 }), headers: { "content-type": "application/json" } });
  try {
    await page.goto("/");
    await chooseFace(page);
    await generate(page, "patient headshot");
    await expect(page).toHaveURL(/[?&]g=/);
    const id = new URL(page.url()).searchParams.get("g")!;
    await expect(page.getByText(/elapsed|left|Queued|Generating/i).first()).toBeVisible();
    await page.goto("/gallery");
    await expect(page.getByRole("link", { name: /patient headshot \((Queued|Processing|In progress)/i })).toBeVisible();
    await page.goto(`/?g=${id}`);
    await waitForResult(page);
  } finally {
    await fetch(`${SIM}/__sim/options`, { method: "POST", body: JSON.stringify({ completeAfterMs: 1500 }), headers: { "content-type": "application/json" } });
  }
});

test("settings typed before the form finished loading are kept, and checked once it has", async ({ page }) => {
  // Hold the scripts back so the values are typed into the server-rendered form before React hydrates it.
  await page.route("**/_next/static/chunks/**", async (route) => {
    await new Promise((r) => setTimeout(r, 1_000));
    await route.continue();
  });
  await page.goto("/", { waitUntil: "domcontentloaded" });
  await page.getByLabel("Prompt", { exact: true }).fill("typed while loading");
  await page.getByLabel("Width", { exact: true }).fill("512");
  await page.getByLabel("Steps", { exact: true }).fill("40");
  await page.getByLabel("Seed", { exact: true }).fill("77");
  // Steps is a controlled input: without the form taking the early value, hydrating put 21 back.
  await expect(page.getByText("Steps must be between 1 and 26.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel("Steps", { exact: true })).toHaveValue("40");
  await expect(page.getByLabel("Prompt", { exact: true })).toHaveValue("typed while loading");
  await expect(page.getByLabel("Width", { exact: true })).toHaveValue("512");
  await expect(page.getByLabel("Seed", { exact: true })).toHaveValue("77");
});

test("a photo chosen before the page finished loading is not lost", async ({ page }) => {
  // Hold the scripts back so the file is set on the server-rendered input before React hydrates.
  await page.route("**/_next/static/chunks/**", async (route) => {
    await new Promise((r) => setTimeout(r, 1_000));
    await route.continue();
  });
  await page.goto("/", { waitUntil: "domcontentloaded" });
  await page.getByLabel("Face photo").setInputFiles(face("portrait-a.jpg"));
  await expect(page.getByText(/Sending .*KB/)).toBeVisible({ timeout: 30_000 });
});
