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

test("pages hydrate without errors (a mismatch makes React throw the server HTML away)", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  for (const path of ["/", "/gallery", "/privacy", "/sign-in"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  expect(errors).toEqual([]);
});
