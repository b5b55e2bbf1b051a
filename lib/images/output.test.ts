// @vitest-environment node
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ImageValidationError } from "./errors";
import { inspectOutput, makeThumbnail } from "./output";
import { animated, fixture, solid } from "./test-images";

const photoPng = (name: string, width: number, height: number) => sharp(fixture(name)).resize(width, height, { fit: "cover" }).png().toBuffer();

describe("inspectOutput", () => {
  it("reads size and type of PNG, JPEG and WebP", async () => {
    expect(await inspectOutput(await solid(1024, 768).png().toBuffer())).toEqual({ width: 1024, height: 768, mime: "image/png" });
    expect(await inspectOutput(await solid(832, 1216).jpeg().toBuffer())).toEqual({ width: 832, height: 1216, mime: "image/jpeg" });
    expect(await inspectOutput(await solid(512, 512).webp().toBuffer())).toEqual({ width: 512, height: 512, mime: "image/webp" });
  });

  it.each([
    ["HTML", async () => Buffer.from("<html><body>502 Bad Gateway</body></html>")],
    ["JSON", async () => Buffer.from('{"status":"error"}')],
    ["SVG", async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ["GIF", () => animated("gif")],
    ["HEIC", async () => fixture("group-3-faces.heic")],
    ["empty", async () => Buffer.alloc(0)],
  ])("refuses %s", async (_name, make) => {
    await expect(inspectOutput(await make())).rejects.toBeInstanceOf(ImageValidationError);
  });
});

describe("makeThumbnail", () => {
  it.each([
    ["portrait-c.jpg", 1024, 1024, 512, 512],
    ["group-3-faces-c-gps.jpg", 1024, 1024, 512, 512],
    ["portrait-a.jpg", 832, 1216, 350, 512],
    ["group-3-faces-b-gps.jpg", 1216, 832, 512, 350],
  ])("makes a WebP of %s at %i×%i that fits 512 px and 30 KB", async (name, w, h, tw, th) => {
    const thumb = await makeThumbnail(await photoPng(name, w, h));
    expect([thumb.width, thumb.height]).toEqual([tw, th]);
    expect(thumb.bytes.length).toBeLessThanOrEqual(30 * 1024);
    const meta = await sharp(thumb.bytes).metadata();
    expect(meta).toMatchObject({ format: "webp", width: tw, height: th });
    expect(meta.exif).toBeUndefined();
  });

  it("never enlarges a small image", async () => {
    const thumb = await makeThumbnail(await solid(300, 200).png().toBuffer());
    expect([thumb.width, thumb.height]).toEqual([300, 200]);
  });

  it("refuses bytes that are not an image", async () => {
    await expect(makeThumbnail(Buffer.from("nope"))).rejects.toBeInstanceOf(ImageValidationError);
  });
});
