export type SniffedFormat = "jpeg" | "png" | "webp" | "heic" | "svg";

/** How many leading bytes `sniffImage` needs to decide. */
export const SNIFF_BYTES = 1024;

const HEIF_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "heif"]);
const GENERIC_HEIF_BRANDS = new Set(["mif1", "msf1", "mif2"]);

const ascii = (bytes: Uint8Array, start: number, end: number) =>
  String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));

const startsWith = (bytes: Uint8Array, signature: readonly number[]) =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

function isHeif(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== "ftyp") return false;
  const major = ascii(bytes, 8, 12);
  if (HEIF_BRANDS.has(major)) return true;
  if (!GENERIC_HEIF_BRANDS.has(major)) return false;
  // A generic HEIF container may hold AVIF, which the HEIC converter cannot decode: look at the compatible brands.
  const boxSize = Math.min(((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0), bytes.length);
  const brands: string[] = [];
  for (let i = 16; i + 4 <= boxSize; i += 4) brands.push(ascii(bytes, i, i + 4));
  if (brands.some((b) => b === "avif" || b === "avis")) return false;
  return true;
}

function isSvg(bytes: Uint8Array): boolean {
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes).replace(/^\uFEFF/, "").trimStart().toLowerCase();
  if (head.startsWith("<svg")) return true;
  if (!head.startsWith("<?xml") && !head.startsWith("<!doctype svg") && !head.startsWith("<!--")) return false;
  return head.includes("<svg");
}

/** Identifies an image by its magic bytes; file names and MIME types are never trusted. */
export function sniffImage(bytes: Uint8Array): SniffedFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return "webp";
  if (isHeif(bytes)) return "heic";
  if (isSvg(bytes)) return "svg";
  return null;
}
