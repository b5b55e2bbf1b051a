import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { createLocalStorage } from "./local-storage";

const roots: string[] = [];
function tempStorage() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "storage-"));
  roots.push(root);
  return { root, storage: createLocalStorage(root) };
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
});

const listFiles = (dir: string) => fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);

describe("local storage", () => {
  it("puts (creating folders), gets, stats and deletes", async () => {
    const { root, storage } = tempStorage();
    await storage.put("outputs/gen_1/0.png", Buffer.from("hello"));
    expect(fs.readFileSync(path.join(root, "outputs/gen_1/0.png"), "utf8")).toBe("hello");
    expect((await storage.get("outputs/gen_1/0.png"))?.toString()).toBe("hello");
    expect(await storage.stat("outputs/gen_1/0.png")).toMatchObject({ size: 5 });
    await storage.put("outputs/gen_1/0.png", Buffer.from("replaced"));
    expect((await storage.get("outputs/gen_1/0.png"))?.toString()).toBe("replaced");
    await storage.delete("outputs/gen_1/0.png");
    expect(await storage.get("outputs/gen_1/0.png")).toBeNull();
    expect(await storage.stat("outputs/gen_1/0.png")).toBeNull();
    await expect(storage.delete("outputs/gen_1/0.png")).resolves.toBeUndefined();
    expect(listFiles(root)).toEqual([]);
  });

  it("returns null for missing keys", async () => {
    const { storage } = tempStorage();
    expect(await storage.get("faces/owner/none.jpg")).toBeNull();
    expect(await storage.stat("faces/owner/none.jpg")).toBeNull();
    expect(await storage.createReadStream("faces/owner/none.jpg")).toBeNull();
  });

  it("streams a stored file", async () => {
    const { storage } = tempStorage();
    const bytes = Buffer.alloc(200_000, 7);
    await storage.put("thumbs/g1/0.webp", bytes);
    const stream = await storage.createReadStream("thumbs/g1/0.webp");
    expect(stream).not.toBeNull();
    const body = Buffer.from(await new Response(stream).arrayBuffer());
    expect(body.equals(bytes)).toBe(true);
  });

  it("deletes everything under a prefix", async () => {
    const { storage } = tempStorage();
    await storage.put("outputs/g1/0.png", Buffer.from("a"));
    await storage.put("outputs/g1/1.png", Buffer.from("b"));
    await storage.put("outputs/g2/0.png", Buffer.from("c"));
    await storage.deletePrefix?.("outputs/g1");
    expect(await storage.get("outputs/g1/0.png")).toBeNull();
    expect(await storage.get("outputs/g2/0.png")).not.toBeNull();
  });

  it.each([
    "../etc/passwd",
    "faces/../../secret",
    "faces/./x.jpg",
    "/etc/passwd",
    "faces\\..\\x.jpg",
    "faces//x.jpg",
    "faces/x.jpg/",
    "",
    ".env",
    "faces/.hidden",
    "faces/x%2e%2e/y",
    "faces/owner/x.jpg\u0000.png",
    "C:/windows/x",
    "a/b/c/d/e/f/g.png",
  ])("refuses the unsafe key %j for every operation", async (key) => {
    const { root, storage } = tempStorage();
    const outside = path.join(path.dirname(root), "outside-target.txt");
    await expect(storage.put(key, Buffer.from("x"))).rejects.toThrow(/unsafe storage key/);
    await expect(storage.get(key)).rejects.toThrow(/unsafe storage key/);
    await expect(storage.stat(key)).rejects.toThrow(/unsafe storage key/);
    await expect(storage.createReadStream(key)).rejects.toThrow(/unsafe storage key/);
    await expect(storage.delete(key)).rejects.toThrow(/unsafe storage key/);
    await expect(storage.deletePrefix?.(key)).rejects.toThrow(/unsafe storage key/);
    expect(fs.existsSync(outside)).toBe(false);
    expect(listFiles(root)).toEqual([]);
  });

  it("turns a full disk into a user-safe error and leaves neither a partial nor a temp file", async () => {
    const { root, storage } = tempStorage();
    await storage.put("faces/o1/f1.jpg", Buffer.from("original"));
    const realOpen = fsp.open;
    vi.spyOn(fsp, "open").mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
      const fh = await realOpen(...args);
      fh.writeFile = async (data) => {
        await fh.write(Buffer.from(data as Buffer).subarray(0, 3));
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      };
      return fh;
    });
    const err = await storage.put("faces/o1/f1.jpg", Buffer.from("new bytes")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "internal", status: 500, message: "Could not save the image. Please try again." });
    expect((err as AppError).detail).toMatch(/ENOSPC/);
    const fresh = await storage.put("faces/o1/f2.jpg", Buffer.from("new")).catch((e: unknown) => e);
    expect(fresh).toBeInstanceOf(AppError);
    vi.restoreAllMocks();
    expect(listFiles(root)).toEqual(["f1.jpg"]);
    expect((await storage.get("faces/o1/f1.jpg"))?.toString()).toBe("original");
  });
});
