export type SniffedType = "jpeg" | "png" | "webp" | "heic" | "gif" | "svg";

const ascii = (buf: Uint8Array, start: number, end: number) => String.fromCharCode(...buf.subarray(start, end));

// HEIF brands for HEVC-coded stills and sequences, plus the generic HEIF brands. AVIF (av01) is not HEIC.
const HEIC_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs"]);
const GENERIC_HEIF_BRANDS = new Set(["mif1", "msf1"]);

function ftypBrands(buf: Uint8Array): string[] {
  if (buf.length < 16 || ascii(buf, 4, 8) !== "ftyp") return [];
  const boxSize = Math.min(buf.length, (buf[0]! << 24) | (buf[1]! << 16) | (buf[2]! << 8) | buf[3]!, 256);
  const brands = [ascii(buf, 8, 12)];
  for (let i = 16; i + 4 <= boxSize; i += 4) brands.push(ascii(buf, i, i + 4));
  return brands;
}

function isHeic(buf: Uint8Array): boolean {
  const brands = ftypBrands(buf);
  if (brands.some((b) => HEIC_BRANDS.has(b))) return true;
  return brands.some((b) => GENERIC_HEIF_BRANDS.has(b)) && !brands.some((b) => b.startsWith("avi") || b === "avis");
}

function isSvg(buf: Uint8Array): boolean {
  const head = Buffer.from(buf.subarray(0, 2048)).toString("utf8").replace(/^\uFEFF/, "").trimStart().toLowerCase();
  if (!head.startsWith("<")) return false;
  return /<svg[\s>]/.test(head) && !/<html[\s>]/.test(head);
}

/** The image type named by the file's first bytes (never its name or declared type), or null. */
export function sniffImageType(buf: Uint8Array): SniffedType | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return "jpeg";
  if (buf.length >= 8 && ascii(buf, 0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (buf.length >= 12 && ascii(buf, 0, 4) === "RIFF" && ascii(buf, 8, 12) === "WEBP") return "webp";
  if (buf.length >= 6 && (ascii(buf, 0, 6) === "GIF87a" || ascii(buf, 0, 6) === "GIF89a")) return "gif";
  if (isHeic(buf)) return "heic";
  if (isSvg(buf)) return "svg";
  return null;
}
