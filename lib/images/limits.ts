// Plain numbers so the browser can pre-check uploads with the same limits the server enforces.
export const FACE_LIMITS = {
  maxBytes: 20 * 1024 * 1024,
  maxPixels: 40_000_000,
  minShortSide: 256,
  maxLongSide: 2048,
  jpegQuality: 90,
} as const;

export const THUMB_LIMITS = { longSide: 512, webpQuality: 75 } as const;
