// The one contract every BlobStore driver passes (lib/storage/blob-store.ts), run by local-storage.test.ts
// against the disk and by s3-storage.test.ts against a real S3-compatible server (s3rver, in-process).
// Not a test file itself: each driver's test calls blobStoreContract with a way to make a fresh, empty store.
import { createHash, randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { BlobStore } from "./blob-store";

export type ContractSubject = {
  store: BlobStore;
  /** Every key the store holds, sorted: to see that nothing was written (or left) where it should not be. */
  listKeys(): Promise<string[]>;
  /** Keys per deletePrefix page for a driver that pages (S3), so a test can cross page boundaries; else null. */
  pageSize: number | null;
  close(): Promise<void>;
};

export const UNSAFE_KEYS = [
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
];

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Buffer; chunks: number }> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  return { bytes: Buffer.concat(parts), chunks: parts.length };
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

export function blobStoreContract(driver: string, fresh: () => Promise<ContractSubject>): void {
  describe(`BlobStore contract: ${driver}`, () => {
    const open: ContractSubject[] = [];
    const subject = async () => {
      const s = await fresh();
      open.push(s);
      return s;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });

    it("puts, gets, stats, streams, overwrites and deletes", async () => {
      const { store, listKeys } = await subject();
      await store.put("outputs/gen_1/0.png", Buffer.from("hello"), "image/png");
      expect((await store.get("outputs/gen_1/0.png"))?.toString()).toBe("hello");
      const info = await store.stat("outputs/gen_1/0.png");
      expect(info?.size).toBe(5);
      expect(Math.abs((info?.mtimeMs ?? 0) - Date.now())).toBeLessThan(60_000);
      const opened = await store.open("outputs/gen_1/0.png");
      expect(opened?.size).toBe(5);
      expect((await readAll(opened!.body)).bytes.toString()).toBe("hello");
      await store.put("outputs/gen_1/0.png", Buffer.from("replaced"), "image/png");
      expect((await store.get("outputs/gen_1/0.png"))?.toString()).toBe("replaced");
      expect((await store.stat("outputs/gen_1/0.png"))?.size).toBe(8);
      expect(await listKeys()).toEqual(["outputs/gen_1/0.png"]);
      await store.delete("outputs/gen_1/0.png");
      expect(await store.get("outputs/gen_1/0.png")).toBeNull();
      expect(await store.stat("outputs/gen_1/0.png")).toBeNull();
      expect(await store.open("outputs/gen_1/0.png")).toBeNull();
      expect(await listKeys()).toEqual([]);
    });

    it("keeps an empty object as an object of size 0", async () => {
      const { store } = await subject();
      await store.put("thumbs/g/0.webp", Buffer.alloc(0));
      expect((await store.get("thumbs/g/0.webp"))?.length).toBe(0);
      expect(await store.stat("thumbs/g/0.webp")).toMatchObject({ size: 0 });
      const opened = await store.open("thumbs/g/0.webp");
      expect(opened?.size).toBe(0);
      expect((await readAll(opened!.body)).bytes.length).toBe(0);
    });

    it("answers null for missing keys, and deleting what is not there is not an error", async () => {
      const { store } = await subject();
      await store.put("faces/owner/other.jpg", Buffer.from("x"));
      expect(await store.get("faces/owner/none.jpg")).toBeNull();
      expect(await store.stat("faces/owner/none.jpg")).toBeNull();
      expect(await store.open("faces/owner/none.jpg")).toBeNull();
      // A "folder" is not an object.
      expect(await store.get("faces/owner")).toBeNull();
      expect(await store.stat("faces/owner")).toBeNull();
      expect(await store.open("faces/owner")).toBeNull();
      await expect(store.delete("faces/owner/none.jpg")).resolves.toBeUndefined();
      await expect(store.deletePrefix("faces/nobody")).resolves.toBeUndefined();
      expect((await store.get("faces/owner/other.jpg"))?.toString()).toBe("x");
    });

    it.each(UNSAFE_KEYS)("refuses the unsafe key %j for every operation and stores nothing", async (key) => {
      const { store, listKeys } = await subject();
      await expect(store.put(key, Buffer.from("x"))).rejects.toThrow(/unsafe storage key/);
      await expect(store.get(key)).rejects.toThrow(/unsafe storage key/);
      await expect(store.stat(key)).rejects.toThrow(/unsafe storage key/);
      await expect(store.open(key)).rejects.toThrow(/unsafe storage key/);
      await expect(store.delete(key)).rejects.toThrow(/unsafe storage key/);
      await expect(store.deletePrefix(key)).rejects.toThrow(/unsafe storage key/);
      expect(await listKeys()).toEqual([]);
    });

    it("overwrites atomically: every concurrent read sees all of the old bytes or all of the new", async () => {
      const { store } = await subject();
      // Different sizes and fills, so a torn read (old length, new bytes, a short file) cannot pass for either.
      const a = Buffer.alloc(300_000, 0xaa);
      const b = Buffer.alloc(200_000, 0xbb);
      const key = "outputs/g/0.png";
      await store.put(key, a);
      let writing = true;
      const writer = (async () => {
        for (let i = 0; i < 15; i++) await store.put(key, i % 2 === 0 ? b : a);
        writing = false;
      })();
      const seen = { a: 0, b: 0 };
      const check = (bytes: Buffer | null) => {
        if (bytes === null) throw new Error("a read during an overwrite found no object at all");
        const which = bytes.equals(a) ? "a" : bytes.equals(b) ? "b" : null;
        expect(which, `a read of ${bytes.length} bytes is neither version`).not.toBeNull();
        seen[which!]++;
      };
      const reader = async () => {
        while (writing) {
          check(await store.get(key));
          const opened = await store.open(key);
          if (opened === null) throw new Error("an open during an overwrite found no object at all");
          const streamed = (await readAll(opened.body)).bytes;
          expect(streamed.length).toBe(opened.size);
          check(streamed);
        }
      };
      await Promise.all([writer, reader(), reader()]);
      expect(seen.a + seen.b).toBeGreaterThan(0);
    });

    it("streams a large object in pieces, with its size, byte for byte", async () => {
      const { store } = await subject();
      const big = randomBytes(8 * 1024 * 1024);
      await store.put("outputs/big/0.png", big, "image/png");
      const opened = await store.open("outputs/big/0.png");
      expect(opened?.size).toBe(big.length);
      const { bytes, chunks } = await readAll(opened!.body);
      // More than one piece: the object reaches the reader as a stream, not as one buffer.
      expect(chunks).toBeGreaterThan(1);
      expect(sha(bytes)).toBe(sha(big));
    });

    it("a reader that stops early leaves the store usable", async () => {
      const { store } = await subject();
      const big = randomBytes(4 * 1024 * 1024);
      await store.put("outputs/big/1.png", big);
      const opened = await store.open("outputs/big/1.png");
      const reader = opened!.body.getReader();
      expect((await reader.read()).done).toBe(false);
      await reader.cancel();
      await store.put("outputs/big/1.png", Buffer.from("small"));
      expect((await store.get("outputs/big/1.png"))?.toString()).toBe("small");
      await store.deletePrefix("outputs/big");
      expect(await store.stat("outputs/big/1.png")).toBeNull();
    });

    it("keeps concurrent puts of different keys apart", async () => {
      const { store, listKeys } = await subject();
      const keys = Array.from({ length: 40 }, (_, i) => `outputs/g${i % 4}/${i}.png`);
      const bodyOf = (k: string) => Buffer.from(`${k} `.repeat(1000 + keys.indexOf(k)));
      await Promise.all(keys.map((k) => store.put(k, bodyOf(k))));
      const back = await Promise.all(keys.map((k) => store.get(k)));
      back.forEach((b, i) => expect(b?.equals(bodyOf(keys[i]!)), keys[i]).toBe(true));
      expect(await listKeys()).toEqual([...keys].sort());
    });

    it("deletePrefix removes everything under prefix/ and nothing beside it", async () => {
      const { store, listKeys } = await subject();
      const gone = ["outputs/a/0.png", "outputs/a/1.png", "outputs/a/x/2.png"];
      const kept = ["outputs/ab/0.png", "outputs/a.png", "outputs/b/0.png", "faces/a/0.jpg", "thumbs/a/0.webp"];
      await Promise.all([...gone, ...kept].map((k) => store.put(k, Buffer.from(k))));
      await store.deletePrefix("outputs/a");
      expect(await listKeys()).toEqual([...kept].sort());
      for (const k of gone) expect(await store.get(k), k).toBeNull();
      for (const k of kept) expect((await store.get(k))?.toString(), k).toBe(k);
    });

    it("deletePrefix deletes across several pages of keys", async () => {
      const { store, listKeys, pageSize } = await subject();
      // Two full pages and one more key: the last page is where an unpaged delete would leave some behind.
      const count = (pageSize ?? 12) * 2 + 1;
      const keys = Array.from({ length: count }, (_, i) => `faces/owner_1/${String(i).padStart(4, "0")}.jpg`);
      for (let i = 0; i < keys.length; i += 20) await Promise.all(keys.slice(i, i + 20).map((k) => store.put(k, Buffer.from("f"))));
      await store.put("faces/owner_10/0.jpg", Buffer.from("sibling"));
      expect((await listKeys()).length).toBe(count + 1);
      await store.deletePrefix("faces/owner_1");
      expect(await listKeys()).toEqual(["faces/owner_10/0.jpg"]);
    });
  });
}
