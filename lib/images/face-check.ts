// The face check's numbers and words, in one place (isomorphic: the browser's checker, the checklist and the
// server's stored findings all read this file). Pure functions over the detector's output and pixel statistics
// of the prepared photo (long side ≤ 2048); no DOM, no detector, no zod. The browser glue that runs the detector
// is lib/client/face-check.ts; the zod schema of a stored check is faceCheckSchema in lib/validations/schemas.ts.
//
// The findings are advice, not security: the server stores and shows them, and trusts none of them.

/** Every threshold, with the reason for its value. Calibrated on e2e/fixtures/faces (see docs/performance.md). */
export const FACE_CHECK = {
  /**
   * The detector's confidence (0–1) a box needs to count as a face. BlazeFace scores real faces in the
   * fixtures 0.77–0.95 and gradients or landscapes below 0.3; 0.6 keeps a clear margin on both sides.
   */
  minScore: 0.6,
  /**
   * A face is "small" when its box (the detector's box grown to include hair and chin) is under this share of
   * the photo's shorter side. A headshot made from such a photo upsamples a face of little detail; at arm's
   * length a selfie's box is 40–60 % of the shorter side, a half-length shot ~25 %, a full-length one ~10 %.
   */
  minFaceShare: 0.2,
  /** …or under this many pixels of the prepared photo: too little detail for a sharp headshot whatever the framing. */
  minFacePixels: 128,
  /**
   * Sharpness is measured on a square crop of the face (the whole photo when there is no face) resampled to
   * at most this many pixels a side (never enlarged: enlarging would itself blur). A fixed size per face makes
   * the figure independent of the photo's resolution: "blurred" means blurred at the size of a thumbnail,
   * which is how far a generator's result will show it. The fixtures' faces measure the same at 600 px and
   * upscaled to 2048.
   */
  sharpnessCrop: 96,
  /**
   * Sharpness = variance of the 4-neighbour Laplacian ÷ variance of the grey levels, on that crop: fine detail
   * relative to the picture's contrast, so a dark (low-contrast) photo is not called blurred too. The sharp
   * fixtures measure 0.10–0.18 (also darkened to 40 %); blurred by a Gaussian of 1 % of the face's width
   * (σ = 2 px on their ~200-px faces) 0.02–0.04, by 0.5 % 0.06–0.11. The line sits between: a blur that shows.
   */
  minSharpness: 0.05,
  /** Below this grey-level variance (σ < 5 levels) the crop is flat: there is nothing to be sharp, the ratio is not used. */
  minContrastVariance: 25,
  /**
   * Mean luma (Rec. 601, 0–255) of the face (of the whole photo when there is no face). Below `darkLuma` the
   * face is lost in noise and the generator invents detail; above `brightLuma` it is washed out. A face in the
   * fixtures measures 90–150; mid-grey is 118.
   */
  darkLuma: 50,
  brightLuma: 215,
  /**
   * Turned away: the nose's offset from the midpoint of the eyes, along the eye line, as a share of the distance
   * between the eyes. 0 looking straight on; ~0.25 at a three-quarter-ish 20°; past ~0.6 one eye is hidden
   * behind the nose (about 35–40°), which is when generators start to invent the hidden half of the face.
   */
  maxYaw: 0.6,
} as const;

export type Point = { x: number; y: number };
/** A box in pixels of the analysed image. */
export type Box = { x: number; y: number; width: number; height: number };

/** One face as the detector reports it, in pixels of the analysed image. */
export type DetectedFace = {
  box: Box;
  score: number;
  /** Eyes and nose when the detector gives them (BlazeFace does): the image's left and right. */
  landmarks?: { leftEye: Point; rightEye: Point; nose: Point };
};

/** Greyscale pixels, 0–255, row by row. */
export type Grey = { data: Float32Array; width: number; height: number };
/** RGBA pixels as canvas ImageData holds them. */
export type Rgba = { data: Uint8ClampedArray | Uint8Array; width: number; height: number };

export const FACE_FINDINGS = ["one_face", "no_face", "several_faces", "small_face", "turned_away", "blurred", "dark", "bright"] as const;
export type FaceFinding = (typeof FACE_FINDINGS)[number];

/** What is stored with a face photo (faces.check) and shown on the checklist. Version 1. */
export type FaceCheckResult = {
  v: 1;
  /** Faces found (score ≥ minScore). */
  faces: number;
  /** The face-count line first, then advice; "one_face" is the only finding that is good news. */
  findings: FaceFinding[];
  /** The measurements behind the findings, rounded (for staff and for tuning the thresholds). */
  metrics: { sharpness: number; luma: number; faceShare: number | null; facePixels: number | null; yaw: number | null };
  /** The person chose "Use this photo anyway" for a photo with no face or several faces. */
  confirmed?: boolean;
};

/** No face and several faces need an explicit "Use this photo anyway": the detector can be wrong. */
export const BLOCKING_FINDINGS: readonly FaceFinding[] = ["no_face", "several_faces"];

export function needsConfirmation(result: Pick<FaceCheckResult, "findings">): boolean {
  return result.findings.some((f) => BLOCKING_FINDINGS.includes(f));
}

/** The line a person reads for a finding. `faces` words "several_faces". */
export function findingMessage(finding: FaceFinding, faces = 0): string {
  switch (finding) {
    case "one_face":
      return "One face found";
    case "no_face":
      return "No face found — use a photo where your face is clearly visible";
    case "several_faces":
      return `${faces} faces found — use a photo of one person`;
    case "small_face":
      return "Face is small in the frame — move closer or crop";
    case "turned_away":
      return "Face is turned away — look straight at the camera";
    case "blurred":
      return "Photo looks blurred — use a sharper photo";
    case "dark":
      return "Photo is very dark — use one taken in better light";
    case "bright":
      return "Photo is very bright — avoid strong light on the face";
  }
}

/** Good news, advice, or a finding that needs "Use this photo anyway". */
export function findingKind(finding: FaceFinding): "ok" | "advice" | "blocking" {
  if (finding === "one_face") return "ok";
  return BLOCKING_FINDINGS.includes(finding) ? "blocking" : "advice";
}

// ------------------------------------------------------------------------------------------ pixel statistics

/** Rec. 601 luma of RGBA pixels (alpha ignored: prepared photos are opaque JPEGs). */
export function toGrey({ data, width, height }: Rgba): Grey {
  const out = new Float32Array(width * height);
  for (let i = 0, p = 0; i < out.length; i += 1, p += 4) {
    out[i] = 0.299 * (data[p] ?? 0) + 0.587 * (data[p + 1] ?? 0) + 0.114 * (data[p + 2] ?? 0);
  }
  return { data: out, width, height };
}

/** Mean of the greyscale values (0–255). */
export function meanLuma({ data }: Grey): number {
  if (data.length === 0) return 0;
  let sum = 0;
  for (const v of data) sum += v;
  return sum / data.length;
}

/**
 * Variance of the 4-neighbour Laplacian over the interior pixels: high when there are crisp edges, low when
 * the image is blurred (or featureless). Scale- and contrast-dependent: see `sharpness`.
 */
export function laplacianVariance({ data, width, height }: Grey): number {
  if (width < 3 || height < 3) return 0;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y += 1) {
    const row = y * width;
    for (let x = 1; x < width - 1; x += 1) {
      const i = row + x;
      const v = (data[i - 1] ?? 0) + (data[i + 1] ?? 0) + (data[i - width] ?? 0) + (data[i + width] ?? 0) - 4 * (data[i] ?? 0);
      sum += v;
      sumSq += v * v;
      n += 1;
    }
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/** Variance of the grey levels (contrast). */
export function greyVariance(grey: Grey): number {
  const mean = meanLuma(grey);
  let sum = 0;
  for (const v of grey.data) sum += (v - mean) * (v - mean);
  return grey.data.length ? sum / grey.data.length : 0;
}

/**
 * The sharpness figure the verdict uses: Laplacian variance relative to the grey-level variance, on a crop of at
 * most `sharpnessCrop` pixels a side. 0 for a flat crop (nothing to judge, and nothing sharp either).
 */
export function sharpness(grey: Grey): number {
  const contrast = greyVariance(grey);
  if (contrast < FACE_CHECK.minContrastVariance) return 0;
  return laplacianVariance(grey) / contrast;
}

/**
 * Yaw proxy from eyes and nose: the nose's offset from the eyes' midpoint, measured along the eye line (so a
 * tilted head does not count) and divided by the eye distance. 0 = facing the camera; the sign says which way.
 */
export function yawFromLandmarks({ leftEye, rightEye, nose }: { leftEye: Point; rightEye: Point; nose: Point }): number {
  const ex = rightEye.x - leftEye.x;
  const ey = rightEye.y - leftEye.y;
  const eyeDistance = Math.hypot(ex, ey);
  if (eyeDistance === 0) return 0;
  const mx = (leftEye.x + rightEye.x) / 2;
  const my = (leftEye.y + rightEye.y) / 2;
  return ((nose.x - mx) * ex + (nose.y - my) * ey) / (eyeDistance * eyeDistance);
}

/** The square that the sharpness and light of a face are measured on: the face box, squared, kept inside the image. */
export function faceSquare(box: Box, imageWidth: number, imageHeight: number): Box {
  const side = Math.min(Math.max(box.width, box.height), imageWidth, imageHeight);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const x = Math.min(Math.max(0, cx - side / 2), imageWidth - side);
  const y = Math.min(Math.max(0, cy - side / 2), imageHeight - side);
  return { x, y, width: side, height: side };
}

/** Side of the sharpness crop for a region `side` pixels wide: at most `sharpnessCrop`, never enlarged. */
export const sharpnessSide = (side: number) => Math.max(3, Math.min(FACE_CHECK.sharpnessCrop, Math.round(side)));

// ------------------------------------------------------------------------------------------------ verdict

export type FaceCheckInput = {
  /** Size of the image the boxes are in. */
  width: number;
  height: number;
  /** How many prepared-photo pixels one analysed pixel stands for (prepared width / analysed width). */
  scale: number;
  faces: DetectedFace[];
  /** `sharpness()` of the crop of the largest face, else of the whole photo. */
  sharpness: number;
  /** Mean luma of the same region. */
  luma: number;
};

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The largest face, by box area. */
export function largestFace(faces: DetectedFace[]): DetectedFace | undefined {
  return faces.reduce<DetectedFace | undefined>((best, f) => (!best || f.box.width * f.box.height > best.box.width * best.box.height ? f : best), undefined);
}

/** Turns the detector's faces and the pixel statistics into the findings a person sees, in display order. */
export function judgeFaceCheck(input: FaceCheckInput): FaceCheckResult {
  const faces = input.faces.filter((f) => f.score >= FACE_CHECK.minScore);
  const findings: FaceFinding[] = [];
  let faceShare: number | null = null;
  let facePixels: number | null = null;
  let yaw: number | null = null;

  if (faces.length === 0) findings.push("no_face");
  else if (faces.length > 1) findings.push("several_faces");
  else findings.push("one_face");

  // Size and direction describe "the" face: with several faces, the person first has to pick another photo.
  const only = faces.length === 1 ? faces[0] : undefined;
  if (only) {
    const side = Math.max(only.box.width, only.box.height);
    faceShare = side / Math.min(input.width, input.height);
    facePixels = side * input.scale;
    if (faceShare < FACE_CHECK.minFaceShare || facePixels < FACE_CHECK.minFacePixels) findings.push("small_face");
    if (only.landmarks) {
      yaw = yawFromLandmarks(only.landmarks);
      if (Math.abs(yaw) > FACE_CHECK.maxYaw) findings.push("turned_away");
    }
  }
  if (input.sharpness < FACE_CHECK.minSharpness) findings.push("blurred");
  if (input.luma < FACE_CHECK.darkLuma) findings.push("dark");
  else if (input.luma > FACE_CHECK.brightLuma) findings.push("bright");

  return {
    v: 1,
    faces: faces.length,
    findings,
    metrics: {
      sharpness: round(input.sharpness, 3),
      luma: round(input.luma, 1),
      faceShare: faceShare === null ? null : round(faceShare, 3),
      facePixels: facePixels === null ? null : Math.round(facePixels),
      yaw: yaw === null ? null : round(yaw, 3),
    },
  };
}
