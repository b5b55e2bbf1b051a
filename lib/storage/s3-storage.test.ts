import { GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { startS3Server, type RunningS3 } from "@/test/s3-server";
import { blobStoreContract } from "./blob-store.contract";
import { createS3Storage } from "./s3-storage";

let s3: RunningS3;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.close();
});

// A small page, so the contract crosses page boundaries with a few dozen keys put through the API (the
// default page of 1000 is covered below with 1001 keys seeded straight into the server).
const PAGE = 10;

blobStoreContract("s3 (s3rver)", async () => {
  const settings = await s3.newBucket();
  return {
    store: createS3Storage({ ...settings, listPageSize: PAGE }),
    listKeys: () => s3.listKeys(settings.bucket),
    pageSize: PAGE,
    close: async () => undefined,
  };
});

describe("S3 storage (S3 only)", () => {
  it("keeps the content type with the object", async () => {
    const settings = await s3.newBucket();
    const store = createS3Storage(settings);
    await store.put("outputs/g/0.png", Buffer.from("png bytes"), "image/png");
    await store.put("outputs/g/1.bin", Buffer.from("bytes"));
    const client = new S3Client({ region: settings.region, endpoint: settings.endpoint!, forcePathStyle: true, credentials: settings.credentials! });
    const head = (key: string) => client.send(new HeadObjectCommand({ Bucket: settings.bucket, Key: key }));
    expect((await head("outputs/g/0.png")).ContentType).toBe("image/png");
    expect((await head("outputs/g/1.bin")).ContentType).toBe("application/octet-stream");
    const got = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: "outputs/g/0.png" }));
    expect(await got.Body?.transformToString()).toBe("png bytes");
    client.destroy();
  });

  it("deletePrefix with S3's own page of 1000 deletes 1001 keys, and not the sibling", async () => {
    const settings = await s3.newBucket();
    const keys = Array.from({ length: 1001 }, (_, i) => `outputs/g1/${i}.png`);
    await s3.seed(settings.bucket, [...keys, "outputs/g10/0.png"], Buffer.from("x"));
    expect((await s3.listKeys(settings.bucket)).length).toBe(1002);
    await createS3Storage(settings).deletePrefix("outputs/g1");
    expect(await s3.listKeys(settings.bucket)).toEqual(["outputs/g10/0.png"]);
  });

  it("a bucket that is not there: saving fails with the user-safe message, reading is an error, not a missing file", async () => {
    const settings = await s3.newBucket();
    const store = createS3Storage({ ...settings, bucket: "no-such-bucket" });
    const err = await store.put("faces/o/f.jpg", Buffer.from("x")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "internal", message: "Could not save the image. Please try again." });
    expect((err as AppError).detail).toMatch(/NoSuchBucket/);
    await expect(store.get("faces/o/f.jpg")).rejects.toThrow();
    await expect(store.open("faces/o/f.jpg")).rejects.toThrow();
    await expect(store.deletePrefix("faces/o")).rejects.toThrow();
  });
});
