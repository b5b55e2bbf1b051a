import { expect, test } from "@playwright/test";

test("the built app serves the home page with the demo banner", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByText(/Demo mode — images are simulated/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Generate", exact: true })).toBeVisible();
});

test("/api/health reports the simulated upstream reachable", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ ok: true, mode: "simulated", upstream: { reachable: true } });
});

test("every page carries the security headers", async ({ request }) => {
  const res = await request.get("/");
  const h = res.headers();
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("no-referrer");
  expect(h["set-cookie"]).toMatch(/hs_owner=.*HttpOnly/i);
  expect(h["set-cookie"]).toMatch(/SameSite=Lax/i);
});

test("static files skip proxy.ts: robots.txt is served as is, without an owner cookie", async ({ playwright, baseURL }) => {
  // A fresh client with no cookies, so a page would be given one (the control: "/" is).
  const fresh = await playwright.request.newContext({ baseURL });
  const robots = await fresh.get("/robots.txt");
  expect(robots.status()).toBe(200);
  expect(robots.headers()["content-type"]).toMatch(/^text\/plain/);
  expect(await robots.text()).toContain("Disallow: /api/");
  expect(robots.headers()["set-cookie"]).toBeUndefined();
  expect((await fresh.storageState()).cookies).toEqual([]);
  expect((await fresh.get("/")).headers()["set-cookie"]).toMatch(/hs_owner=/);
  await fresh.dispose();
});

test("pages hydrate without errors (a mismatch makes React throw the server HTML away)", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  for (const path of ["/", "/gallery", "/privacy", "/sign-in"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  expect(errors).toEqual([]);
});
