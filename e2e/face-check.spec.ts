import { expect, test, type Page, type Response } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { E2E_STAFF_CODE } from "../playwright.config";
import { face, generate, SHOTS, waitForResult } from "./helpers";

// The on-device face check (issue 15): BlazeFace in a Web Worker on TensorFlow.js's WebAssembly backend, under
// the app's CSP (no 'unsafe-eval'), with the model served from the app itself.

const checklist = (page: Page) => page.getByRole("status").filter({ has: page.getByRole("list") });
const generateButton = (page: Page) => page.getByRole("button", { name: "Generate", exact: true });
const anyway = (page: Page) => page.getByRole("checkbox", { name: /Use this photo anyway/ });

async function upload(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByLabel("Face photo").setInputFiles(file);
  await expect(page.getByText(/Sending .*(KB|MB)/)).toBeVisible();
}

/** Screenshots of the home page with this verdict at 1280 and 360 px (e2e/.artifacts/screenshots). */
async function shoot(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(SHOTS, `face-check-${name}-1280.png`) });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.getByLabel("Face photo").scrollIntoViewIfNeeded();
  // Nothing sideways at 360 px, even with a long file name beside the preview.
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(SHOTS, `face-check-${name}-360.png`) });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Fails the test on anything the CSP blocked (an eval, a fetch to another host, a worker). */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

test("a portrait passes: one face, no advice; the check runs on this origin only and Generate stays on", async ({ page }) => {
  const violations = watchCsp(page);
  const hosts = new Set<string>();
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol.startsWith("http")) hosts.add(url.host);
  });
  await page.goto("/");
  await upload(page, face("portrait-a.jpg"));
  // The photo and the form are usable while the check runs; the first time, a hint says the check is loading.
  const hint = page.getByText("Loading the face check (first time only)…");
  if (await hint.isVisible()) await page.screenshot({ path: path.join(SHOTS, "face-check-loading-1280.png") });
  await expect(generateButton(page)).toBeEnabled();
  await expect(checklist(page)).toContainText("One face found", { timeout: 30_000 });
  await expect(checklist(page)).toContainText("Sharp, well lit and facing the camera");
  await expect(anyway(page)).toHaveCount(0);
  await expect(generateButton(page)).toBeEnabled();
  await shoot(page, "pass");
  expect(violations).toEqual([]);
  expect([...hosts]).toEqual([new URL(page.url()).host]);

  // The findings travel with the photo and come back on the face.
  const faceResponse = page.waitForResponse((r) => r.url().endsWith("/api/faces") && r.request().method() === "POST");
  await generate(page, "face check pass");
  const stored = (await (await faceResponse).json()) as { check: { faces: number; findings: string[] } | null };
  expect(stored.check).toMatchObject({ faces: 1, findings: ["one_face"] });
  await waitForResult(page);
});

test("a group photo reports 3 faces and needs “Use this photo anyway” before Generate; the choice is stored", async ({ page }) => {
  await page.goto("/");
  await upload(page, face("group-3-faces-gps.jpg"));
  await expect(checklist(page)).toContainText("3 faces found — use a photo of one person", { timeout: 30_000 });
  await expect(generateButton(page)).toBeDisabled();
  await expect(page.getByText("Check the photo above first.")).toBeVisible();
  await shoot(page, "group");
  await anyway(page).check();
  await expect(generateButton(page)).toBeEnabled();
  const faceResponse = page.waitForResponse((r) => r.url().endsWith("/api/faces") && r.request().method() === "POST");
  await generate(page, "face check group");
  const stored = (await (await faceResponse).json()) as { check: { faces: number; findings: string[]; confirmed?: boolean } | null };
  expect(stored.check).toMatchObject({ faces: 3, findings: expect.arrayContaining(["several_faces"]) as unknown, confirmed: true });
});

test("a landscape with no face reports “No face found” and needs confirmation", async ({ page }) => {
  // A sky-to-meadow gradient with a sun and some texture: a photo, but nobody in it.
  const width = 1600;
  const height = 1000;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const p = (y * width + x) * 3;
      const sky = y < height * 0.6;
      const sun = (x - 1200) ** 2 + (y - 200) ** 2 < 90 ** 2;
      const grain = ((x * 7919 + y * 104729) % 23) - 11;
      pixels[p] = sun ? 255 : sky ? 90 + y / 12 + grain : 40 + grain;
      pixels[p + 1] = sun ? 230 : sky ? 150 + y / 14 + grain : 120 + (x % 40) + grain;
      pixels[p + 2] = sun ? 120 : sky ? 230 + grain : 40 + grain;
    }
  }
  const buffer = await sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
  await page.goto("/");
  await upload(page, { name: "landscape.png", mimeType: "image/png", buffer });
  await expect(checklist(page)).toContainText("No face found", { timeout: 30_000 });
  await expect(generateButton(page)).toBeDisabled();
  await expect(anyway(page)).toBeVisible();
  await shoot(page, "no-face");
});

test("a blurred copy of a portrait is flagged as blurred (advice: Generate stays on)", async ({ page }) => {
  const buffer = await sharp(readFileSync(face("portrait-a.jpg"))).blur(4).jpeg({ quality: 90 }).toBuffer();
  await page.goto("/");
  await upload(page, { name: "blurred.jpg", mimeType: "image/jpeg", buffer });
  await expect(checklist(page)).toContainText("Photo looks blurred", { timeout: 30_000 });
  await expect(checklist(page)).toContainText("One face found");
  await expect(generateButton(page)).toBeEnabled();
  await shoot(page, "blurred");
});

test("a dark copy of a portrait is flagged as very dark; the second check on the page is warm", async ({ page }) => {
  const buffer = await sharp(readFileSync(face("portrait-b.jpg"))).linear(0.25, 0).jpeg({ quality: 90 }).toBuffer();
  await page.goto("/");
  await upload(page, face("portrait-c.jpg"));
  await expect(checklist(page)).toContainText("One face found", { timeout: 30_000 });
  await upload(page, { name: "dark.jpg", mimeType: "image/jpeg", buffer });
  // No "first time" hint now: the detector is already loaded.
  await expect(page.getByText("Loading the face check (first time only)…")).toHaveCount(0);
  await expect(checklist(page)).toContainText("Photo is very dark");
  await shoot(page, "dark");
});

test("the check starts loading when the file picker opens, not before", async ({ page }) => {
  const loads: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/face-check/")) loads.push(r.url());
  });
  await page.goto("/", { waitUntil: "networkidle" });
  // Nothing of the detector comes with the page itself.
  expect(loads).toEqual([]);
  const model = page.waitForRequest((r) => r.url().endsWith("/face-check/blazeface.bin"));
  const chooser = page.waitForEvent("filechooser");
  await page.getByText("choose a file").click();
  // The model is fetched while the picker is still open, before any photo is chosen.
  await model;
  await (await chooser).setFiles(face("portrait-a.jpg"));
  await expect(checklist(page)).toContainText("One face found", { timeout: 30_000 });
});

/** Staff sign in and make a one-variant shoot (through the API: the form is team.spec.ts's business). */
async function newShoot(page: Page, label: string): Promise<{ id: string; invitePath: string }> {
  await page.goto("/sign-in?next=%2Fteam");
  await page.getByLabel("Team access code").fill(E2E_STAFF_CODE);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Team shoots" })).toBeVisible();
  const style = { prompt: `${label}, grey backdrop`, negativePrompt: "blurry", width: 512, height: 512, steps: 12, guidanceScale: 6 };
  const created = await page.request.post("/api/shoots", { data: { name: `${label} ${Date.now().toString(36)}`, ...style, variants: 1 } });
  expect(created.status(), await created.text()).toBe(201);
  const shoot = (await created.json()) as { id: string; invite: { path: string } | null };
  expect(shoot.invite).not.toBeNull();
  return { id: shoot.id, invitePath: shoot.invite!.path };
}

const joinPost = (r: Response) => /\/api\/join\/[^/]+$/.test(r.url()) && r.request().method() === "POST";
type JoinedPerson = { person: { name: string; face: { check: { faces: number; findings: string[]; confirmed?: boolean } | null } | null } };

test("the invite page checks the photo too: 3 faces hold “Create my headshots” until “Use this photo anyway”; the findings are stored", async ({ page, browser }) => {
  const shoot = await newShoot(page, "Face check on the invite page");
  // A colleague, in a browser of their own.
  const context = await browser.newContext();
  const colleague = await context.newPage();
  const violations = watchCsp(colleague);
  await colleague.goto(shoot.invitePath);
  await colleague.getByLabel("Your name").fill("Group Photo");
  await upload(colleague, face("group-3-faces-gps.jpg"));
  const create = colleague.getByRole("button", { name: "Create my headshots" });
  await expect(checklist(colleague)).toContainText("3 faces found — use a photo of one person", { timeout: 30_000 });
  await expect(create).toBeDisabled();
  await expect(colleague.getByText("Check the photo above first.")).toBeVisible();
  await colleague.screenshot({ path: path.join(SHOTS, "face-check-join-group-1280.png"), fullPage: true });
  await anyway(colleague).check();
  await expect(create).toBeEnabled();
  const joined = colleague.waitForResponse(joinPost);
  await create.click();
  const response = await joined;
  expect(response.status()).toBe(201);
  const { person } = (await response.json()) as JoinedPerson;
  expect(person.face?.check).toMatchObject({ faces: 3, findings: expect.arrayContaining(["several_faces"]) as unknown, confirmed: true });
  expect(violations).toEqual([]);

  // Stored with the person's face: the staff's view of the shoot carries the same findings.
  const staffView = (await (await page.request.get(`/api/shoots/${shoot.id}`)).json()) as { people: JoinedPerson["person"][] };
  expect(staffView.people.find((p) => p.name === "Group Photo")?.face?.check).toMatchObject({ faces: 3, confirmed: true });
  // …and the people table says it in words, so staff can ask for a better photo.
  await page.goto(`/team/${shoot.id}`);
  const row = page.getByRole("row", { name: /Group Photo/ });
  await expect(row.getByRole("list", { name: "Photo check" })).toHaveText("3 faces found — use a photo of one person (used anyway)");
  await context.close();
});

test("the invite page: “Create my headshots” pressed at once waits for the check and sends a portrait's findings", async ({ page, browser }) => {
  const shoot = await newShoot(page, "Face check pass on the invite page");
  const context = await browser.newContext();
  const colleague = await context.newPage();
  await colleague.goto(shoot.invitePath);
  await colleague.getByLabel("Your name").fill("Portrait Person");
  await upload(colleague, face("portrait-a.jpg"));
  // Most likely still checking (a fresh browser loads the detector): the join waits for the verdict.
  const joined = colleague.waitForResponse(joinPost);
  await colleague.getByRole("button", { name: "Create my headshots" }).click();
  const { person } = (await (await joined).json()) as JoinedPerson;
  expect(person.face?.check).toMatchObject({ faces: 1, findings: ["one_face"] });
  await page.goto(`/team/${shoot.id}`);
  await expect(page.getByRole("row", { name: /Portrait Person/ })).toContainText("Photo check: one face, no problems found");
  await context.close();
});
