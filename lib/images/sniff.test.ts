// @vitest-environment node
import { describe, expect, it } from "vitest";
import { animated, fixture, solid } from "@/test/images";
import { SNIFF_BYTES, sniffImageType } from "./sniff";

const text = (s: string) => new TextEncoder().encode(s);
/** An ftyp box, as at the start of HEIF/MP4 files. */
const ftyp = (major: string, ...compatible: string[]) => {
  const body = text(`ftyp${major}\0\0\0\0${compatible.join("")}`);
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, out.length);
  out.set(body, 4);
  return out;
};
/** What the browser reads of a chosen file. */
const head = (name: string) => new Uint8Array(fixture(name).subarray(0, SNIFF_BYTES));

describe("sniffImageType", () => {
  it("recognises real JPEG, PNG, WebP, GIF and HEIC bytes", async () => {
    expect(sniffImageType(fixture("portrait-a.jpg"))).toBe("jpeg");
    expect(sniffImageType(await solid(8, 8).png().toBuffer())).toBe("png");
    expect(sniffImageType(await solid(8, 8).webp().toBuffer())).toBe("webp");
    expect(sniffImageType(await animated("gif"))).toBe("gif");
    expect(sniffImageType(fixture("group-3-faces.heic"))).toBe("heic");
  });

  it("decides from the first SNIFF_BYTES bytes, as the browser reads them", () => {
    expect(sniffImageType(head("portrait-a.jpg"))).toBe("jpeg");
    expect(sniffImageType(head("exif-orientation-6.jpg"))).toBe("jpeg");
    expect(sniffImageType(head("group-3-faces.heic"))).toBe("heic");
  });

  it("recognises bare PNG, WebP and GIF signatures", () => {
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe("png");
    expect(sniffImageType(text("RIFF\x10\0\0\0WEBPVP8 "))).toBe("webp");
    expect(sniffImageType(text("GIF89a"))).toBe("gif");
  });

  it("reads HEIF brands, major or compatible, and generic HEIF, but does not call AVIF HEIC", () => {
    expect(sniffImageType(ftyp("heic", "mif1", "heic"))).toBe("heic");
    expect(sniffImageType(ftyp("heix"))).toBe("heic");
    expect(sniffImageType(ftyp("heix", "mif1"))).toBe("heic");
    expect(sniffImageType(ftyp("mif1", "heic"))).toBe("heic");
    expect(sniffImageType(ftyp("mif1", "mif1", "heic"))).toBe("heic");
    expect(sniffImageType(ftyp("msf1", "hevc"))).toBe("heic");
    expect(sniffImageType(ftyp("avif", "mif1", "miaf"))).toBeNull();
    expect(sniffImageType(ftyp("mif1", "avif"))).toBeNull();
    expect(sniffImageType(ftyp("mif1", "avif", "mif1"))).toBeNull();
    expect(sniffImageType(ftyp("isom", "mp41"))).toBeNull();
  });

  it("spots SVG, with or without an XML prolog, doctype, BOM or leading whitespace", () => {
    expect(sniffImageType(text('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe("svg");
    expect(sniffImageType(text('\uFEFF  <?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg width="1">'))).toBe("svg");
    expect(sniffImageType(text('\uFEFF  <?xml version="1.0"?>\n<svg></svg>'))).toBe("svg");
    expect(sniffImageType(text("<!DOCTYPE svg PUBLIC><svg/>"))).toBe("svg");
  });

  it.each([
    ["empty", new Uint8Array()],
    ["garbage", text("definitely not an image at all")],
    ["HTML", text("<!doctype html><html><body><svg></svg></body></html>")],
    ["XML", text('<?xml version="1.0"?><note>hi</note>')],
    ["ZIP", Buffer.from("PK\x03\x04\x14\x00\x00\x00", "latin1")],
    ["PDF", Buffer.from("%PDF-1.7\n%âãÏÓ")],
    ["two JPEG bytes", new Uint8Array([0xff, 0xd8])],
    ["RIFF that is not WebP", text("RIFF\x10\0\0\0WAVEfmt ")],
  ])("returns null for %s", (_name, bytes) => {
    expect(sniffImageType(bytes)).toBeNull();
  });
});
