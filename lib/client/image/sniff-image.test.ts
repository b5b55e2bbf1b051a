import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SNIFF_BYTES, sniffImage } from "./sniff-image";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(path.resolve(__dirname, "../../../e2e/fixtures/faces", name)).subarray(0, SNIFF_BYTES));
const text = (s: string) => new TextEncoder().encode(s);
const ftyp = (major: string, ...compatible: string[]) => {
  const body = text(`ftyp${major}\0\0\0\0${compatible.join("")}`);
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, out.length);
  out.set(body, 4);
  return out;
};

describe("sniffImage", () => {
  it("recognises the real fixtures by content", () => {
    expect(sniffImage(fixture("portrait-a.jpg"))).toBe("jpeg");
    expect(sniffImage(fixture("exif-orientation-6.jpg"))).toBe("jpeg");
    expect(sniffImage(fixture("group-3-faces.heic"))).toBe("heic");
  });

  it("recognises PNG and WebP signatures", () => {
    expect(sniffImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe("png");
    expect(sniffImage(text("RIFF\x10\0\0\0WEBPVP8 "))).toBe("webp");
    expect(sniffImage(text("RIFF\x10\0\0\0WAVEfmt "))).toBeNull();
  });

  it("accepts HEIF brands and generic HEIF, but not AVIF", () => {
    expect(sniffImage(ftyp("heic", "mif1", "heic"))).toBe("heic");
    expect(sniffImage(ftyp("heix"))).toBe("heic");
    expect(sniffImage(ftyp("mif1", "mif1", "heic"))).toBe("heic");
    expect(sniffImage(ftyp("avif", "mif1", "miaf"))).toBeNull();
    expect(sniffImage(ftyp("mif1", "avif", "mif1"))).toBeNull();
    expect(sniffImage(ftyp("isom", "mp41"))).toBeNull();
  });

  it("flags SVG in its common spellings", () => {
    expect(sniffImage(text('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe("svg");
    expect(sniffImage(text('\uFEFF  <?xml version="1.0"?>\n<svg></svg>'))).toBe("svg");
    expect(sniffImage(text("<!DOCTYPE svg PUBLIC><svg/>"))).toBe("svg");
    expect(sniffImage(text('<?xml version="1.0"?><note/>'))).toBeNull();
  });

  it("rejects other content even when short or empty", () => {
    expect(sniffImage(new Uint8Array())).toBeNull();
    expect(sniffImage(new Uint8Array([0xff, 0xd8]))).toBeNull();
    expect(sniffImage(text("%PDF-1.7"))).toBeNull();
    expect(sniffImage(text("GIF89a"))).toBeNull();
  });
});
