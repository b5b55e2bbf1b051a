// @vitest-environment node
import { createHash } from "node:crypto";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { animated, fixture, pngClaiming, solid } from "@/test/images";
import { ImageValidationError, inspectOutput, validateAndNormalizeFace } from "./face";
import { IMAGE_MESSAGES } from "./limits";

async function refusal(input: Buffer): Promise<ImageValidationError> {
  const err = await validateAndNormalizeFace(input).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImageValidationError);
  expect(err).toBeInstanceOf(AppError);
  return err as ImageValidationError;
}

describe("validateAndNormalizeFace accepts photos", () => {
  it.each(["portrait-a.jpg", "portrait-b.jpg", "portrait-c.jpg", "group-3-faces-gps.jpg"])(
    "%s becomes a metadata-free JPEG of the same size",
    async (name) => {
      const input = fixture(name);
      const before = await sharp(input).metadata();
      const face = await validateAndNormalizeFace(input);
      expect(face.mime).toBe("image/jpeg");
      expect([face.width, face.height]).toEqual([before.width, before.height]);
      const after = await sharp(face.bytes).metadata();
      expect(after).toMatchObject({ format: "jpeg", width: face.width, height: face.height });
      expect(face.sha256).toBe(createHash("sha256").update(face.bytes).digest("hex"));
    },
  );

  it("strips EXIF including GPS", async () => {
    const input = fixture("group-3-faces-gps.jpg");
    const before = await sharp(input).metadata();
    expect(before.exif?.includes(Buffer.from([0x88, 0x25]))).toBe(true); // GPSInfo IFD pointer tag
    const after = await sharp((await validateAndNormalizeFace(input)).bytes).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
  });

  it("applies EXIF orientation 6 so the photo is stored upright", async () => {
    // Left half red, right half blue, stored landscape; orientation 6 means "rotate 90° clockwise to view".
    const left = await solid(300, 400, "#ff0000").png().toBuffer();
    const input = await solid(600, 400, "#0000ff")
      .composite([{ input: left, left: 0, top: 0 }])
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    expect((await sharp(input).metadata()).orientation).toBe(6);
    const face = await validateAndNormalizeFace(input);
    expect([face.width, face.height]).toEqual([400, 600]);
    const { data, info } = await sharp(face.bytes).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    expect(px(200, 100)[0]).toBeGreaterThan(200); // top is red
    expect(px(200, 500)[2]).toBeGreaterThan(200); // bottom is blue
  });

  it("downscales so the long side is at most 2048", async () => {
    const face = await validateAndNormalizeFace(await solid(3000, 2000).jpeg().toBuffer());
    expect([face.width, face.height]).toEqual([2048, 1365]);
  });

  it("converts PNG and WebP, flattening transparency onto white", async () => {
    const clear = await sharp({ create: { width: 300, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const face = await validateAndNormalizeFace(clear);
    const { data } = await sharp(face.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(250);
    expect((await validateAndNormalizeFace(await solid(300, 300).webp().toBuffer())).mime).toBe("image/jpeg");
  });

  it("converts the HEIC fixture to JPEG", async () => {
    const face = await validateAndNormalizeFace(fixture("group-3-faces.heic"));
    expect([face.width, face.height]).toEqual([640, 427]);
    expect((await sharp(face.bytes).metadata()).format).toBe("jpeg");
    const stats = await sharp(face.bytes).stats();
    expect(stats.isOpaque).toBe(true);
    expect(stats.channels[0]?.stdev).toBeGreaterThan(10); // real picture content, not a blank frame
  });

  it("gives the same sha256 for the same upload", async () => {
    const a = await validateAndNormalizeFace(fixture("portrait-b.jpg"));
    const b = await validateAndNormalizeFace(fixture("portrait-b.jpg"));
    expect(a.sha256).toBe(b.sha256);
  });
});

describe("validateAndNormalizeFace refuses", () => {
  it.each([
    ["zero bytes", Buffer.alloc(0)],
    ["garbage", Buffer.from("this is not an image, just some text pretending")],
    ["HTML", Buffer.from("<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>")],
    ["ZIP", Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(100)])],
    ["PDF", Buffer.from("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")],
  ])("%s as not an image (415)", async (_name, bytes) => {
    const err = await refusal(bytes);
    expect(err).toMatchObject({ code: "unsupported_media", status: 415, message: IMAGE_MESSAGES.notImage });
  });

  it("SVG with its own message", async () => {
    const err = await refusal(Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="999" height="999"/>'));
    expect(err).toMatchObject({ code: "unsupported_media", message: "SVG files are not supported. Use a photo." });
  });

  it("a truncated JPEG (first half of portrait-a.jpg) as unreadable", async () => {
    const whole = fixture("portrait-a.jpg");
    const err = await refusal(whole.subarray(0, whole.length >> 1));
    expect(err).toMatchObject({ code: "validation", status: 422, message: "This image could not be read — it may be damaged or incomplete." });
  });

  it("a JPEG header followed by noise as unreadable", async () => {
    const err = await refusal(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 0x41)]));
    expect(err.message).toBe(IMAGE_MESSAGES.unreadable);
  });

  it("more than 20 MB before looking at the bytes", async () => {
    const big = Buffer.alloc(20 * 1024 * 1024 + 1);
    fixture("portrait-a.jpg").copy(big);
    const err = await refusal(big);
    expect(err).toMatchObject({ code: "payload_too_large", status: 413, message: "This photo is too large. The limit is 20 MB." });
  });

  it("a PNG claiming 50,000×50,000 pixels, from its header alone", async () => {
    // The file is only a header: decoding it would fail as "damaged", so this message proves no decode ran.
    const err = await refusal(await pngClaiming(50_000, 50_000));
    expect(err.message).toBe("This photo is too large. The limit is 40 megapixels.");
    expect(err.detail).toBe("50000x50000");
  });

  it("just over 40 megapixels", async () => {
    expect((await refusal(await pngClaiming(8000, 5001))).message).toBe(IMAGE_MESSAGES.tooManyPixels);
  });

  it("exif-orientation-6.jpg (200×300 upright) as too small", async () => {
    const err = await refusal(fixture("exif-orientation-6.jpg"));
    expect(err).toMatchObject({ code: "validation", message: "This photo is too small. Use one at least 256 pixels on its shorter side." });
  });

  it("255 px on the short side, but accepts 256", async () => {
    expect((await refusal(await solid(1000, 255).jpeg().toBuffer())).message).toBe(IMAGE_MESSAGES.tooSmall);
    await expect(validateAndNormalizeFace(await solid(1000, 256).jpeg().toBuffer())).resolves.toMatchObject({ width: 1000, height: 256 });
  });

  it.each(["gif", "webp"] as const)("an animated %s", async (format) => {
    const err = await refusal(await animated(format));
    expect(err).toMatchObject({ code: "unsupported_media", message: "Animated images are not supported. Use a still photo." });
  });

  it("a still GIF as not a supported photo type", async () => {
    expect((await refusal(await solid(400, 400).gif().toBuffer())).message).toBe(IMAGE_MESSAGES.notImage);
  });

  it("a damaged HEIC as unreadable", async () => {
    const heic = fixture("group-3-faces.heic");
    const err = await refusal(heic.subarray(0, 2000));
    expect(err.message).toBe(IMAGE_MESSAGES.unreadable);
  });
});

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
