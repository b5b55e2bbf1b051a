/**
 * lib/images/ owns everything about image bytes: this byte sniffer and the face limits with their messages
 * (`limits.ts`, both isomorphic: the browser's photo preparation uses them too), and on the server the face
 * photo check and re-encode plus the output check (`face.ts`), the face-upload gate (`upload-gate.ts`) and
 * output thumbnails (`thumbnails.ts`).
 *
 * This module is the ONE sniffer for browser and server, so it imports nothing and uses no Node API.
 * It is hand-written rather than `file-type`: that package would add ~20 kB gzip to the browser's photo
 * preparation (today ~2 kB), yet it covers only JPEG/PNG/WebP/GIF here — it knows no SVG, names HEIF by
 * its major brand alone (calling an AVIF in a `mif1` box HEIC) and its API is async.
 */

export type SniffedType = "jpeg" | "png" | "webp" | "heic" | "gif" | "svg";

/** How many leading bytes `sniffImageType` looks at; the browser reads only this much of a chosen file. */
export const SNIFF_BYTES = 2048;

// HEVC-coded HEIF stills and sequences: HEIC whatever the other brands say.
const HEVC_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs"]);
// Generic HEIF brands: HEIC unless a brand says AVIF, which the HEIC converters cannot decode.
const GENERIC_HEIF_BRANDS = new Set(["mif1", "msf1", "mif2", "heif"]);

const ascii = (buf: Uint8Array, start: number, end: number) => String.fromCharCode(...buf.subarray(start, end));

/** The major and compatible brands of an ISO-BMFF `ftyp` box at the start of the file (at most 60). */
function ftypBrands(buf: Uint8Array): string[] {
  if (buf.length < 16 || ascii(buf, 4, 8) !== "ftyp") return [];
  const boxSize = Math.min(buf.length, ((buf[0]! << 24) | (buf[1]! << 16) | (buf[2]! << 8) | buf[3]!) >>> 0, 256);
  const brands = [ascii(buf, 8, 12)];
  for (let i = 16; i + 4 <= boxSize; i += 4) brands.push(ascii(buf, i, i + 4));
  return brands;
}

function isHeic(buf: Uint8Array): boolean {
  const brands = ftypBrands(buf);
  if (brands.some((b) => HEVC_BRANDS.has(b))) return true;
  return brands.some((b) => GENERIC_HEIF_BRANDS.has(b)) && !brands.some((b) => b.startsWith("avi"));
}

// An SVG is text: refused with its own message rather than "not an image". An HTML page holding an <svg> is not one.
function isSvg(buf: Uint8Array): boolean {
  const head = new TextDecoder().decode(buf.subarray(0, SNIFF_BYTES)).replace(/^\uFEFF/, "").trimStart().toLowerCase();
  if (!head.startsWith("<")) return false;
  return /<svg[\s>/]/.test(head) && !/<html[\s>]/.test(head);
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
