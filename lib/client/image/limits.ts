export const FACE_LIMITS = {
  maxInputBytes: 20 * 1024 * 1024,
  minShortSide: 256,
  maxLongSide: 2048,
  targetBytes: 400 * 1024,
  quality: 0.88,
  fallbackQuality: 0.8,
} as const;
