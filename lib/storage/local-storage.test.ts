import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { blobStoreContract } from "./blob-store.contract";
import { createLocalStorage } from "./local-storage";

function tempRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "storage-"));
}

/** Every file under `root` (temp files included: none may be left behind), as sorted keys. */
const listFiles = (root: string) =>
  fs.existsSync(root)
    ? fs
        .readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => path.relative(root, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
        .sort()
    : [];

blobStoreContract("disk", async () => {
  const root = tempRoot();
  return {
    store: createLocalStorage(root),
    listKeys: async () => listFiles(root),
    pageSize: null,
    close: async () => fs.rmSync(root, { recursive: true, force: true }),
  };
});

describe("local storage (disk only)", () => {
  const roots: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
  });
  const temp = () => {
    const root = tempRoot();
    roots.push(root);
    return { root, storage: createLocalStorage(root) };
  };

  it("keeps files as plain files under its folder, creating subfolders", async () => {
    const { root, storage } = temp();
    await storage.put("outputs/gen_1/0.png", Buffer.from("hello"));
    expect(fs.readFileSync(path.join(root, "outputs/gen_1/0.png"), "utf8")).toBe("hello");
  });

  it("an unsafe key never reaches a file outside its folder", async () => {
    const { root, storage } = temp();
    const outside = path.join(path.dirname(root), "outside-target.txt");
    await expect(storage.put("../outside-target.txt", Buffer.from("x"))).rejects.toThrow(/unsafe storage key/);
    expect(fs.existsSync(outside)).toBe(false);
  });

  it("deletePrefix leaves a file named like the prefix (a key of its own, as on S3)", async () => {
    const { storage } = temp();
    await storage.put("outputs/a", Buffer.from("own key"));
    await storage.deletePrefix("outputs/a");
    expect((await storage.get("outputs/a"))?.toString()).toBe("own key");
  });

  it("a reader that stops early closes its file", async () => {
    const { storage } = temp();
    await storage.put("outputs/g/0.png", Buffer.alloc(4 * 1024 * 1024, 1));
    const fds = () => fs.readdirSync("/proc/self/fd").length;
    const before = fds();
    const opened = await storage.open("outputs/g/0.png");
    expect(fds()).toBe(before + 1);
    const reader = opened!.body.getReader();
    await reader.read();
    await reader.cancel();
    const deadline = Date.now() + 2_000;
    while (fds() > before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(fds()).toBe(before);
  });

  it("turns a full disk into a user-safe error and leaves neither a partial nor a temp file", async () => {
    const { root, storage } = temp();
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
    expect(listFiles(root)).toEqual(["faces/o1/f1.jpg"]);
    expect((await storage.get("faces/o1/f1.jpg"))?.toString()).toBe("original");
  });
});
