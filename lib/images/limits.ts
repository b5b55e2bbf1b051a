// Isomorphic: the browser pre-checks a chosen photo with the same numbers and words the server enforces.
// It sits in the home page's first load (the upload form shows these messages and sizes), so it stays tiny.

export const FACE_LIMITS = {
  maxBytes: 20 * 1024 * 1024,
  maxPixels: 40_000_000,
  minShortSide: 256,
  maxLongSide: 2048,
} as const;

/** Every message a person can see about a refused photo. Kept verbatim: tests and e2e assert them. */
export const IMAGE_MESSAGES = {
  notImage: "This file is not an image. Use a JPEG, PNG, WebP or HEIC photo.",
  unreadable: "This image could not be read — it may be damaged or incomplete.",
  tooManyBytes: "This photo is too large. The limit is 20 MB.",
  tooManyPixels: "This photo is too large. The limit is 40 megapixels.",
  tooSmall: "This photo is too small. Use one at least 256 pixels on its shorter side.",
  animated: "Animated images are not supported. Use a still photo.",
  svg: "SVG files are not supported. Use a photo.",
} as const;

export type ImageMessageKey = keyof typeof IMAGE_MESSAGES;

/** The browser's refusal of a chosen photo; its message is safe to show as is. (The server's is ImageValidationError.) */
export class FaceInputError extends Error {
  readonly code: ImageMessageKey;

  constructor(code: ImageMessageKey) {
    super(IMAGE_MESSAGES[code]);
    this.name = "FaceInputError";
    this.code = code;
  }
}

const UNITS = ["KB", "MB", "GB"] as const;

/** Human file size in binary units, as shown beside a face photo: 319488 → "312 KB", 5033165 → "4.8 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "0 B";
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Whole KB are precise enough; MB and up keep one decimal unless it is ".0".
  const rounded = unit === 0 || value >= 100 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, "");
  if (rounded === "1024" && unit < UNITS.length - 1) return `1 ${UNITS[unit + 1]}`;
  return `${rounded} ${UNITS[unit]}`;
}
