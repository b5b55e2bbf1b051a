import { expect, test, type Browser, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import yauzl from "yauzl";
import { E2E_STAFF_CODE } from "../playwright.config";
import { face, SHOTS, simReceived } from "./helpers";

// Issue 13 end to end: staff make a shoot, two colleagues join through the invite link (separate browsers,
// one on a phone), each sees only their own headshots, staff regenerate and approve, everyone picks a
// favourite, the ZIP is unzipped and checked, a revoked link gets its page, and every make_gen body of the
// shoot carries the shoot's style and (for each person's first variants) its seed.

const RUN = Date.now().toString(36);
const PROMPT = `team shoot e2e ${RUN}, navy blazer, grey backdrop`;
/** What the shoot is created with; Edit style changes it to PROMPT (and steps 10 → 12) before anyone generates. */
const DRAFT_PROMPT = `${PROMPT}, first draft`;
const NEGATIVE = "blurry, cartoon";
const SEED = 424_200;
const PHONE = { viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true };

/** Uncaught errors in any of the test's pages (a hydration mismatch makes React throw one). */
const pageErrors: string[] = [];

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Full-page screenshots at desktop and phone width; at 360 px nothing may scroll sideways. */
async function shoot(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(SHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
  expect(await overflow(page), `${name} scrolls sideways at 360 px`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(SHOTS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

type Entry = { name: string; data: Buffer };

function unzip(buffer: Buffer): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error("no zip"));
      const entries: Entry[] = [];
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith("/")) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error("no stream"));
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            entries.push({ name: entry.fileName, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
          stream.on("error", reject);
        });
      });
      zip.on("end", () => resolve(entries));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

/** A colleague opens the invite link in a browser of their own and joins with a fixture face. */
async function join(browser: Browser, url: string, who: { name: string; title: string; email: string; photo: string; phone?: boolean }) {
  const context = await browser.newContext(who.phone ? PHONE : {});
  const page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(`${who.name}: ${e.message}`));
  await page.goto(url);
  // What is kept, who sees it and for how long — before anything is uploaded.
  await expect(page.getByRole("heading", { name: "Before you add your photo" })).toBeVisible();
  await expect(page.getByText("What is stored")).toBeVisible();
  await expect(page.getByText(/team's staff who run this shoot/)).toBeVisible();
  await expect(page.getByText(/Deleted automatically after 30 days/)).toBeVisible();
  // The header has no per-browser allowance here: a colleague spends the shoot's own cap. "Team sign-in"
  // comes from the same answer as the allowance, so once it shows, the allowance would have too.
  const banner = page.getByRole("banner");
  await expect(banner.getByRole("link", { name: "Team sign-in" })).toBeVisible();
  await expect(banner.getByText(/generations? left|No generations left|Demo budget/)).toHaveCount(0);
  if (!who.phone) await shoot(page, "team-join-form");
  else expect(await overflow(page)).toBeLessThanOrEqual(0);
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Job title").fill(who.title);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Face photo").setInputFiles(face(who.photo));
  await expect(page.getByText(/Sending .*(KB|MB)/)).toBeVisible();
  await page.getByRole("button", { name: "Create my headshots" }).click();
  await expect(page.getByRole("button", { name: /^Choose as favourite/ })).toHaveCount(2, { timeout: 30_000 });
  return { context, page };
}

const headshotSrcs = (page: Page) =>
  page.getByRole("img", { name: /^Your headshot/ }).evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).getAttribute("src") ?? ""));

test("a team shoot: create, invite two colleagues, regenerate, approve, favourites, ZIP, revoke", async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  page.on("pageerror", (e) => pageErrors.push(`staff: ${e.message}`));

  // Staff sign in: the staff pages send a visitor to the sign-in page and back.
  await page.goto("/team");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fteam$/);
  await page.getByLabel("Team access code").fill(E2E_STAFF_CODE);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Team shoots" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" })).toBeVisible();

  // The new-shoot form, with the home page's controls under the labels.
  await page.getByRole("link", { name: "New shoot" }).first().click();
  await expect(page.getByRole("heading", { name: "New shoot" })).toBeVisible();
  await expect(page.getByLabel("Seed", { exact: true })).toHaveValue(/^\d+$/);
  await shoot(page, "team-new-shoot");
  const name = `Sales team ${RUN}`;
  await page.getByLabel("Shoot name").fill(name);
  await page.getByLabel("Prompt", { exact: true }).fill(DRAFT_PROMPT);
  await page.getByLabel("Negative prompt").fill(NEGATIVE);
  await page.getByLabel("Steps", { exact: true }).fill("10");
  await page.getByLabel("Guidance scale", { exact: true }).fill("6.5");
  await page.getByLabel("Seed", { exact: true }).fill(String(SEED));
  await page.getByLabel("Variants per person").selectOption("2");
  await page.getByLabel("Regenerations per person").selectOption("1");
  for (const crop of ["Square 1024", "Portrait 4:5", "Avatar 512"]) await expect(page.getByLabel(crop)).toBeChecked();
  await page.getByLabel("Due date").fill("2099-12-31");
  await page.getByRole("button", { name: "Create shoot" }).click();
  await expect(page).toHaveURL(/\/team\/s_[A-Za-z0-9_-]+$/);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const shootUrl = page.url();
  const shootId = new URL(shootUrl).pathname.split("/").pop()!;
  await expect(page.getByText(String(SEED), { exact: true })).toBeVisible();
  await expect(page.getByText("Not used yet")).toBeVisible();

  // Edit style before anyone has generated: New shoot's controls, prefilled; bad values are explained, not sent.
  await page.getByRole("button", { name: "Edit style" }).click();
  const editor = page.getByRole("form", { name: "Edit style" });
  await expect(editor.getByLabel("Prompt", { exact: true })).toBeFocused();
  await expect(editor.getByLabel("Prompt", { exact: true })).toHaveValue(DRAFT_PROMPT);
  await expect(editor.getByLabel("Negative prompt")).toHaveValue(NEGATIVE);
  await expect(editor.getByLabel("Steps", { exact: true })).toHaveValue("10");
  await expect(editor.getByLabel("Guidance scale", { exact: true })).toHaveValue("6.5");
  await expect(editor.getByLabel("Seed", { exact: true })).toHaveValue(String(SEED));
  await expect(editor.getByRole("group", { name: "Style presets" })).toBeVisible();
  await expect(editor.getByRole("group", { name: "Size presets" })).toBeVisible();
  await shoot(page, "team-edit-style");
  await editor.getByLabel("Steps", { exact: true }).fill("40");
  await expect(editor.getByText("Steps must be between 1 and 26.")).toBeVisible();
  await editor.getByLabel("Seed", { exact: true }).fill("");
  await editor.getByRole("button", { name: "Save style" }).click();
  await expect(editor.getByText("Enter a seed, or press Random for a new one.")).toBeVisible();
  // Cancel leaves the shoot as it was; opening again starts from the saved style.
  await editor.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("button", { name: "Edit style" })).toBeFocused();
  await page.getByRole("button", { name: "Edit style" }).click();
  await expect(editor.getByLabel("Steps", { exact: true })).toHaveValue("10");
  await editor.getByLabel("Prompt", { exact: true }).fill(PROMPT);
  await editor.getByLabel("Steps", { exact: true }).fill("12");
  await editor.getByRole("button", { name: "Save style" }).click();
  await expect(editor).toHaveCount(0);
  await expect(page.getByText(PROMPT, { exact: true })).toBeVisible();
  await expect(page.getByText(DRAFT_PROMPT)).toHaveCount(0);
  await expect(page.getByText("Not used yet")).toBeVisible();
  // Nothing to export yet: the ZIP is a disabled button with a hint.
  await expect(page.getByRole("button", { name: "Download ZIP" })).toBeDisabled();
  await expect(page.getByText("Approve someone or choose a favourite to download the ZIP.")).toBeVisible();

  const invite = page.getByLabel("Invite link");
  await expect(invite).toHaveValue(new RegExp(`^${baseURL}/join/[A-Za-z0-9_-]{43}$`));
  const inviteUrl = await invite.inputValue();

  // Two colleagues, two browsers, two faces (one on a phone).
  const ada = await join(browser, inviteUrl, { name: "Ada Lovelace", title: "Engineer", email: "ada@example.com", photo: "portrait-a.jpg" });
  const grace = await join(browser, inviteUrl, { name: "Grace Hopper", title: "Admiral", email: "grace@example.com", photo: "portrait-b.jpg", phone: true });

  // Each sees only their own headshots, and cannot open the other's files.
  const adaSrcs = await headshotSrcs(ada.page);
  const graceSrcs = await headshotSrcs(grace.page);
  expect(adaSrcs).toHaveLength(2);
  expect(graceSrcs).toHaveLength(2);
  expect(adaSrcs.filter((s) => graceSrcs.includes(s))).toEqual([]);
  for (const src of graceSrcs) expect((await ada.page.request.get(src)).status()).toBe(404);
  for (const src of adaSrcs) expect((await grace.page.request.get(src)).status()).toBe(404);
  expect((await ada.page.request.get(adaSrcs[0]!)).status()).toBe(200);
  await grace.page.screenshot({ path: path.join(SHOTS, "team-join-results-phone.png"), fullPage: true });
  expect(await overflow(grace.page)).toBeLessThanOrEqual(0);

  // Staff see both (the page looks for newcomers every 30 s or on focus; a reload is quicker here).
  await page.reload();
  const row = (who: string) => page.getByRole("row").filter({ hasText: who });
  await expect(row("Ada Lovelace").getByText("Ready", { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(row("Grace Hopper").getByText("Ready", { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("2 of 2 ready")).toBeVisible();
  await expect(page.getByText("Style locked")).toBeVisible();
  // Locked: read-only with the reason, no Edit style, and the API refuses a change with a message.
  await expect(page.getByText("Style is locked because headshots have been generated — make a new shoot for a different look.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Edit style" })).toHaveCount(0);
  const refused = await page.request.patch(`/api/shoots/${shootId}`, { data: { prompt: "a different look" } });
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/style is locked because headshots were already generated/);

  // Staff add a photo themselves: the person is named from the file, renamed, then removed again.
  await page.getByLabel("Add photos").setInputFiles(face("portrait-c.jpg"));
  await expect(page.getByRole("list", { name: "Uploads" }).getByText("Added as “portrait c”")).toBeVisible();
  await expect(row("portrait c").getByText("Ready", { exact: true })).toBeVisible({ timeout: 20_000 });
  await row("portrait c").getByRole("button", { name: "Edit details of portrait c" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("Carol Chen");
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await expect(row("Carol Chen")).toHaveCount(1);
  await row("Carol Chen").getByRole("button", { name: /^Remove/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
  await expect(row("Carol Chen")).toHaveCount(0);
  await expect(page.getByText("2 of 2 ready")).toBeVisible();

  // Staff regenerate Ada: a second round with a new seed.
  await row("Ada Lovelace").getByRole("button", { name: /^Regenerate/ }).click();
  await expect(row("Ada Lovelace").getByText(/^Round 2 · seed \d+$/)).toBeVisible();
  await expect(row("Ada Lovelace").getByRole("button", { name: /as favourite|the favourite/ })).toHaveCount(4, { timeout: 30_000 });
  await expect(row("Ada Lovelace").getByRole("button", { name: /^Regenerate/ })).toBeDisabled(); // no regenerations left

  // Each colleague chooses a favourite (Ada from her newest round).
  await ada.page.reload();
  await expect(ada.page.getByRole("button", { name: /^Choose as favourite/ })).toHaveCount(4);
  await ada.page.getByRole("button", { name: /^Choose as favourite/ }).first().click();
  await expect(ada.page.getByText("Your favourite", { exact: true })).toBeVisible();
  await ada.page.setViewportSize({ width: 1280, height: 900 });
  await shoot(ada.page, "team-join-results");
  await grace.page.getByRole("button", { name: /^Choose as favourite/ }).nth(1).click();
  await expect(grace.page.getByText("Your favourite", { exact: true })).toBeVisible();

  // Staff approve (and the toggle goes back and forth).
  await page.reload();
  await expect(row("Ada Lovelace").getByText("Favourite chosen", { exact: true })).toBeVisible();
  await row("Grace Hopper").getByRole("button", { name: /^Approve/ }).click();
  await expect(row("Grace Hopper").getByText("Approved", { exact: true })).toBeVisible();
  await row("Grace Hopper").getByRole("button", { name: /^Unapprove/ }).click();
  await expect(row("Grace Hopper").getByText("Favourite chosen", { exact: true })).toBeVisible();
  await row("Grace Hopper").getByRole("button", { name: /^Approve/ }).click();
  await row("Ada Lovelace").getByRole("button", { name: /^Approve/ }).click();
  await expect(page.getByText("2 approved", { exact: true })).toBeVisible();
  await shoot(page, "team-shoot");

  // The ZIP: originals and three crop folders per person, plus the manifest.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download ZIP" }).click()]);
  const entries = await unzip(await readFile((await download.path())!));
  const names = entries.map((e) => e.name).sort();
  const files = ["ada-lovelace.png", "grace-hopper.png"];
  expect(names).toEqual(
    [...["original", "square-1024", "portrait-4x5", "avatar-512"].flatMap((dir) => files.map((f) => `${dir}/${f}`)), "manifest.csv"].sort(),
  );
  const entry = (n: string) => entries.find((e) => e.name === n)!.data;
  for (const f of files) {
    expect(await sharp(entry(`square-1024/${f}`)).metadata()).toMatchObject({ width: 1024, height: 1024 });
    expect(await sharp(entry(`portrait-4x5/${f}`)).metadata()).toMatchObject({ width: 800, height: 1000 });
    const avatar = sharp(entry(`avatar-512/${f}`));
    expect(await avatar.metadata()).toMatchObject({ width: 512, height: 512, hasAlpha: true });
    const { data, info } = await avatar.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const alphaAt = (x: number, y: number) => data[(y * info.width + x) * info.channels + 3];
    for (const [x, y] of [[0, 0], [511, 0], [0, 511], [511, 511]] as const) expect(alphaAt(x, y)).toBe(0);
    expect(alphaAt(256, 256)).toBe(255);
  }
  const rows = parse(entry("manifest.csv").toString("utf8"), { columns: true, bom: true }) as Record<string, string>[];
  expect(rows.map((r) => r.name).sort()).toEqual(["Ada Lovelace", "Grace Hopper"]);
  for (const r of rows) {
    expect(r).toMatchObject({ status: "approved", prompt: PROMPT, size: "1024x1024" });
    expect(r.files).toContain(`original/${r.name === "Ada Lovelace" ? files[0] : files[1]}`);
    expect(r.seed).toMatch(/^\d+$/);
  }
  expect(rows.find((r) => r.name === "Grace Hopper")).toMatchObject({ email: "grace@example.com", title: "Admiral" });
  // Grace chose her second first-round headshot: seed + 1.
  expect(rows.find((r) => r.name === "Grace Hopper")!.seed).toBe(String(SEED + 1));

  // Every make_gen of the shoot carries the same style; each person's first variants carry seed, seed + 1.
  type Received = { id: number; body: Record<string, unknown>; face?: { sha256: string } | null };
  const bodies = ((await simReceived()) as Received[]).filter((j) => j.body.prompt === PROMPT);
  expect(bodies).toHaveLength(8); // Ada 2 + 2, Grace 2, Carol 2
  for (const { body } of bodies) {
    expect(body).toMatchObject({ negative_prompt: NEGATIVE, width: 1024, height: 1024, num_inference_steps: 12, guidance_scale: 6.5 });
  }
  const byFace = new Map<string, number[]>();
  for (const j of [...bodies].sort((a, b) => a.id - b.id)) {
    expect(j.face?.sha256).toBeTruthy();
    byFace.set(j.face!.sha256, [...(byFace.get(j.face!.sha256) ?? []), Number(j.body.seed)]);
  }
  expect([...byFace.values()].map((seeds) => seeds.length).sort()).toEqual([2, 2, 4]);
  // A round's variants share a creation time, so the queue may send them in either order: compare sorted.
  const round = (seeds: number[], k: number) => seeds.slice(2 * k, 2 * k + 2).sort((a, b) => a - b);
  for (const seeds of byFace.values()) expect(round(seeds, 0)).toEqual([SEED, SEED + 1]);
  const [base, next] = round([...byFace.values()].find((seeds) => seeds.length === 4)!, 1);
  expect(base).not.toBe(SEED); // Ada's regeneration drew a new seed…
  expect(next).toBe(base! + 1); // …and her second variant used it + 1

  // "Delete my photos": a clear end state, and the files are gone for everyone, staff included.
  await grace.page.getByRole("button", { name: "Delete my photos" }).click();
  await grace.page.getByRole("dialog").getByRole("button", { name: "Delete my photos" }).click();
  await expect(grace.page.getByRole("heading", { name: "Your photos were deleted" })).toBeVisible();
  expect((await page.request.get(graceSrcs[0]!)).status()).toBe(404);
  await page.reload();
  await expect(page.getByText("1 of 1 ready")).toBeVisible();
  await expect(row("Grace Hopper")).toHaveCount(0);

  // A revoked link gets its own page; a new link can be made.
  await page.getByRole("button", { name: "Revoke link" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke link" }).click();
  await expect(page.getByRole("button", { name: "Create a new invite link" })).toBeVisible();
  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(inviteUrl);
  await expect(strangerPage.getByRole("heading", { name: "This invite link does not work" })).toBeVisible();
  await expect(strangerPage.getByLabel("Face photo")).toHaveCount(0);
  await shoot(strangerPage, "team-join-revoked");
  await page.getByRole("button", { name: "Create a new invite link" }).click();
  await expect(page.getByLabel("Invite link")).not.toHaveValue(inviteUrl);
  // Past its due date the (new) link closes with a page of its own too.
  const newInvite = await page.getByLabel("Invite link").inputValue();
  expect((await page.request.patch(`/api/shoots/${shootId}`, { data: { dueDate: "2001-01-31" } })).status()).toBe(200);
  await strangerPage.goto(newInvite);
  await expect(strangerPage.getByRole("heading", { name: "This shoot is closed" })).toBeVisible();
  await expect(strangerPage.getByText(/took new people until 31 Jan 2001/)).toBeVisible();

  // The list of shoots shows this one with its counters.
  await page.goto("/team");
  const listed = page.getByRole("row").filter({ hasText: name });
  await expect(listed).toContainText("1 of 1"); // Grace deleted her photos
  await expect(listed).toContainText("31 Jan 2001");
  await expect(listed).toContainText("Link closed");
  await shoot(page, "team-list");
  expect(page.url()).not.toBe(shootUrl);

  await Promise.all([ada.context.close(), grace.context.close(), stranger.close()]);
  expect(pageErrors).toEqual([]);
});
