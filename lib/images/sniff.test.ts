// @vitest-environment node
import { describe, expect, it } from "vitest";
import { animated, fixture, solid } from "./test-images";
import { sniffImageType } from "./sniff";

const ftyp = (major: string, ...compat: string[]) => {
  const size = 16 + compat.length * 4;
  const b = Buffer.alloc(size + 8);
  b.writeUInt32BE(size, 0);
  b.write(`ftyp${major}\0\0\0\0${compat.join("")}`, 4, "latin1");
  return b;
};

describe("sniffImageType", () => {
  it("recognises real JPEG, PNG, WebP, GIF and HEIC bytes", async () => {
    expect(sniffImageType(fixture("portrait-a.jpg"))).toBe("jpeg");
    expect(sniffImageType(await solid(8, 8).png().toBuffer())).toBe("png");
    expect(sniffImageType(await solid(8, 8).webp().toBuffer())).toBe("webp");
    expect(sniffImageType(await animated("gif"))).toBe("gif");
    expect(sniffImageType(fixture("group-3-faces.heic"))).toBe("heic");
  });

  it("reads HEIF brands, but does not call AVIF HEIC", () => {
    expect(sniffImageType(ftyp("heix", "mif1"))).toBe("heic");
    expect(sniffImageType(ftyp("mif1", "heic"))).toBe("heic");
    expect(sniffImageType(ftyp("msf1", "hevc"))).toBe("heic");
    expect(sniffImageType(ftyp("avif", "mif1", "miaf"))).toBeNull();
    expect(sniffImageType(ftyp("mif1", "avif"))).toBeNull();
    expect(sniffImageType(ftyp("isom", "mp41"))).toBeNull();
  });

  it("spots SVG, with or without an XML prolog, BOM or leading whitespace", () => {
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe("svg");
    expect(sniffImageType(Buffer.from('\uFEFF  <?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg width="1">'))).toBe("svg");
  });

  it.each([
    ["empty", Buffer.alloc(0)],
    ["garbage", Buffer.from("definitely not an image at all")],
    ["HTML", Buffer.from("<!doctype html><html><body><svg></svg></body></html>")],
    ["XML", Buffer.from('<?xml version="1.0"?><note>hi</note>')],
    ["ZIP", Buffer.from("PK\x03\x04\x14\x00\x00\x00", "latin1")],
    ["PDF", Buffer.from("%PDF-1.7\n%âãÏÓ")],
    ["two JPEG bytes", Buffer.from([0xff, 0xd8])],
    ["RIFF that is not WebP", Buffer.from("RIFF\0\0\0\0WAVEfmt ", "latin1")],
  ])("returns null for %s", (_name, bytes) => {
    expect(sniffImageType(bytes)).toBeNull();
  });
});
