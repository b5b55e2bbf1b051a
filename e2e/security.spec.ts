import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import sharp from "sharp";
import { chooseFace, face, generate, waitForResult } from "./helpers";

const XSS = "<img src=x onerror=window.__xss=1> headshot";

test("a prompt with HTML is shown as text everywhere and never runs", async ({ page }) => {
  await page.goto("/");
  await chooseFace(page);
  await generate(page, XSS);
  await waitForResult(page);
  const xss = () => page.evaluate(() => (window as unknown as { __xss?: number }).__xss);
  expect(await xss()).toBeUndefined();
  await expect(page.getByText(XSS).first()).toBeVisible();

  const list = (await (await page.request.get("/api/generations")).json()) as { items: { id: string; params: { prompt: string } }[] };
  const mine = list.items.find((g) => g.params.prompt === XSS);
  expect(mine).toBeDefined();

  for (const url of ["/gallery", `/gallery/${mine!.id}`]) {
    await page.goto(url);
    await expect(page.getByText(XSS).first()).toBeVisible();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await xss()).toBeUndefined();
  }
});

test.describe("cross-site requests are refused even with the owner cookie", () => {
  const evil = { origin: "https://evil.example" };

  test("foreign Origin → 403 on every mutating route", async ({ request }) => {
    await request.get("/");
    const cases = [
      request.post("/api/generations", { headers: evil, data: { prompt: "x" } }),
      request.post("/api/faces", { headers: evil, multipart: { file: { name: "a.jpg", mimeType: "image/jpeg", buffer: readFileSync(face("portrait-a.jpg")) } } }),
      request.delete("/api/generations/g_abcdefghijkl", { headers: evil }),
      request.delete("/api/me", { headers: evil }),
      request.post("/api/generations", { headers: { origin: "null" }, data: {} }),
      request.post("/api/generations", { headers: { "sec-fetch-site": "cross-site" }, data: {} }),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.status(), res.url()).toBe(403);
      expect((await res.json()).error.message).toBe("Requests from other sites are not allowed.");
    }
  });

  test("a form auto-posted by a page on another site does not start a job", async ({ page, context }) => {
    await page.goto("/");
    const target = new URL("/api/generations", page.url()).href;
    const before = (await (await context.request.get("/api/generations")).json()) as { items: unknown[] };
    // A real page on a foreign origin (served by Playwright), submitting a JSON-looking text/plain form to the app.
    const html = `<form id=f method=post action="${target}" enctype="text/plain"><input name='{"prompt":"x","a":"' value='"}'></form><script>document.getElementById("f").submit()</script>`;
    await page.route("http://evil.test/**", (route) => route.fulfill({ body: html, contentType: "text/html" }));
    const [res] = await Promise.all([page.waitForResponse((r) => r.url() === target), page.goto("http://evil.test/attack")]);
    expect(res.status()).toBe(403);
    const after = (await (await context.request.get("/api/generations")).json()) as { items: unknown[] };
    expect(after.items.length).toBe(before.items.length);
  });
});

test("security headers on pages and API answers", async ({ request }) => {
  for (const url of ["/", "/gallery", "/privacy", "/api/generations", "/api/health"]) {
    const h = (await request.get(url)).headers();
    expect(h["content-security-policy"], url).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"], url).toContain("object-src 'none'");
    expect(h["content-security-policy"], url).not.toContain("'unsafe-eval'");
    expect(h["x-content-type-options"], url).toBe("nosniff");
    expect(h["referrer-policy"], url).toBe("no-referrer");
    expect(h["x-frame-options"], url).toBe("DENY");
  }
});

test.describe("uploads through the built server", () => {
  test("more than 20 MB is refused with 413 and a message", async ({ request }) => {
    await request.get("/");
    const big = Buffer.alloc(25 * 1024 * 1024, 0x41);
    readFileSync(face("portrait-a.jpg")).copy(big);
    const res = await request.post("/api/faces", { multipart: { file: { name: "big.jpg", mimeType: "image/jpeg", buffer: big } } });
    expect(res.status()).toBe(413);
    expect((await res.json()).error.message).toMatch(/too large/);
  });

  test("a genuine 12 MB photo (between the proxy's default 10 MB and our 20 MB) is accepted", async ({ request }) => {
    await request.get("/");
    const noise = Buffer.alloc(2400 * 1800 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const png = await sharp(noise, { raw: { width: 2400, height: 1800, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    expect(png.length).toBeGreaterThan(11 * 1024 * 1024);
    expect(png.length).toBeLessThan(20 * 1024 * 1024);
    const res = await request.post("/api/faces", { multipart: { file: { name: "big.png", mimeType: "image/png", buffer: png } } });
    expect(res.status(), await res.text()).toBe(201);
  });
});
