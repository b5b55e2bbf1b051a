export type Size = { width: number; height: number };

/** Scales (never enlarges) so the longer side is at most `max`, keeping the aspect ratio. */
export function fitWithin(width: number, height: number, max: number): Size {
  const long = Math.max(width, height);
  if (long <= max) return { width, height };
  const scale = max / long;
  return {
    width: Math.max(1, width >= height ? max : Math.round(width * scale)),
    height: Math.max(1, height > width ? max : Math.round(height * scale)),
  };
}
