import { describe, expect, it } from "vitest";
import { faceCheckField } from "@/lib/validations/schemas";
import {
  FACE_CHECK,
  faceSquare,
  findingMessage,
  judgeFaceCheck,
  laplacianVariance,
  meanLuma,
  needsConfirmation,
  sharpness,
  toGrey,
  yawFromLandmarks,
  type DetectedFace,
  type FaceCheckInput,
  type Rgba,
} from "./face-check";

// Synthetic pictures built here, pixel by pixel: a "face" of crisp detail, the same blurred, a dark one.

function rgba(width: number, height: number, grey: (x: number, y: number) => number): Rgba {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const v = grey(x, y);
      const p = (y * width + x) * 4;
      data[p] = v;
      data[p + 1] = v;
      data[p + 2] = v;
      data[p + 3] = 255;
    }
  }
  return { data, width, height };
}

/** Repeatable pixel noise in [0, 1): skin texture and sensor grain. */
const hash = (x: number, y: number) => {
  const s = Math.sin(x * 12.9898 + y * 78.233) * 43758.5453;
  return s - Math.floor(s);
};

/** A 96-px "face" as the crop sees it: a shaded oval on a dark background, two eyes, fringe of hair, grain. */
const detailed = (x: number, y: number) => {
  const d = Math.hypot((x - 48) / 30, (y - 52) / 38);
  const skin = d < 1 ? 160 - 50 * d * d : 60;
  const eyes = Math.hypot(x - 36, y - 44) < 5 || Math.hypot(x - 60, y - 44) < 5 ? -90 : 0;
  const hair = y < 22 ? ((x + Math.floor(y / 2)) % 4 < 2 ? -40 : -10) : 0;
  return skin + eyes + hair + 14 * (hash(x, y) - 0.5);
};

/** A separable Gaussian blur of an RGBA picture (what an out-of-focus lens or a shaky hand does). */
function gaussianBlur(image: Rgba, sigma: number): Rgba {
  const radius = Math.ceil(sigma * 3);
  const kernel = Array.from({ length: radius * 2 + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const sum = kernel.reduce((a, b) => a + b, 0);
  const k = kernel.map((v) => v / sum);
  const { width, height } = image;
  const pass = (src: Float32Array, dx: number, dy: number) => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        let acc = 0;
        for (let i = -radius; i <= radius; i += 1) {
          const sx = Math.min(width - 1, Math.max(0, x + i * dx));
          const sy = Math.min(height - 1, Math.max(0, y + i * dy));
          acc += (src[sy * width + sx] ?? 0) * (k[i + radius] ?? 0);
        }
        out[y * width + x] = acc;
      }
    }
    return out;
  };
  const grey = toGrey(image).data;
  const blurred = pass(pass(grey, 1, 0), 0, 1);
  return rgba(width, height, (x, y) => blurred[y * width + x] ?? 0);
}

const face = (x: number, y: number, side: number, extra: Partial<DetectedFace> = {}): DetectedFace => ({ box: { x, y, width: side, height: side }, score: 0.9, ...extra });
const base: FaceCheckInput = { width: 640, height: 480, scale: 3.2, faces: [face(220, 120, 240)], sharpness: 0.15, luma: 120 };

describe("pixel statistics on the already-downscaled greyscale image", () => {
  it("a crisp face measures sharp; the same face blurred (σ = 1 px at 96 px) falls under the blur line", () => {
    const crisp = rgba(96, 96, detailed);
    const soft = gaussianBlur(crisp, 1);
    const sharpFigure = sharpness(toGrey(crisp));
    const softFigure = sharpness(toGrey(soft));
    expect(sharpFigure).toBeGreaterThan(FACE_CHECK.minSharpness * 3);
    expect(softFigure).toBeLessThan(FACE_CHECK.minSharpness);
    expect(laplacianVariance(toGrey(soft))).toBeLessThan(laplacianVariance(toGrey(crisp)) / 10);
    expect(judgeFaceCheck({ ...base, sharpness: sharpFigure }).findings).not.toContain("blurred");
    expect(judgeFaceCheck({ ...base, sharpness: softFigure }).findings).toContain("blurred");
  });

  it("darkening does not make a sharp picture look blurred (detail is measured against contrast)", () => {
    const dim = rgba(96, 96, (x, y) => detailed(x, y) * 0.3);
    expect(sharpness(toGrey(dim))).toBeCloseTo(sharpness(toGrey(rgba(96, 96, detailed))), 1);
    expect(judgeFaceCheck({ ...base, sharpness: sharpness(toGrey(dim)), luma: meanLuma(toGrey(dim)) }).findings).toEqual(["one_face", "dark"]);
  });

  it("a flat grey picture has no edges and no contrast: sharpness 0", () => {
    expect(laplacianVariance(toGrey(rgba(64, 64, () => 128)))).toBe(0);
    expect(laplacianVariance(toGrey(rgba(2, 2, () => 128)))).toBe(0);
    expect(sharpness(toGrey(rgba(64, 64, () => 128)))).toBe(0);
  });

  it("a dark picture is very dark, a washed-out one very bright, a normal one neither", () => {
    const dark = meanLuma(toGrey(rgba(128, 128, (x, y) => detailed(x, y) * 0.25)));
    expect(dark).toBeLessThan(FACE_CHECK.darkLuma);
    expect(judgeFaceCheck({ ...base, luma: dark }).findings).toContain("dark");
    const bright = meanLuma(toGrey(rgba(128, 128, () => 240)));
    expect(judgeFaceCheck({ ...base, luma: bright }).findings).toEqual(["one_face", "bright"]);
    const normal = meanLuma(toGrey(rgba(128, 128, detailed)));
    expect(judgeFaceCheck({ ...base, luma: normal }).findings).toEqual(["one_face"]);
  });

  it("luma weighs green most (Rec. 601)", () => {
    const green = { data: new Uint8ClampedArray([0, 255, 0, 255]), width: 1, height: 1 };
    expect(meanLuma(toGrey(green))).toBeCloseTo(0.587 * 255, 3);
  });
});

describe("faces: count, size and direction", () => {
  it("one well-framed face passes, with its measurements kept", () => {
    const result = judgeFaceCheck(base);
    expect(result).toMatchObject({ v: 1, faces: 1, findings: ["one_face"] });
    expect(result.metrics.faceShare).toBeCloseTo(0.5, 3);
    expect(result.metrics.facePixels).toBe(768);
    expect(needsConfirmation(result)).toBe(false);
  });

  it("a tiny face in a large frame is small (by share of the frame)", () => {
    const result = judgeFaceCheck({ ...base, faces: [face(300, 200, 60)] });
    expect(result.findings).toEqual(["one_face", "small_face"]);
    expect(findingMessage("small_face")).toBe("Face is small in the frame — move closer or crop");
  });

  it("a face filling a tiny photo is small too (by pixels of the prepared photo)", () => {
    const result = judgeFaceCheck({ ...base, width: 300, height: 300, scale: 1, faces: [face(100, 100, 110)] });
    expect(result.metrics.faceShare).toBeGreaterThan(FACE_CHECK.minFaceShare);
    expect(result.findings).toContain("small_face");
  });

  it("no face, or three, needs confirmation; low-confidence boxes do not count", () => {
    const none = judgeFaceCheck({ ...base, faces: [face(10, 10, 200, { score: 0.35 })] });
    expect(none.findings[0]).toBe("no_face");
    expect(none.faces).toBe(0);
    expect(needsConfirmation(none)).toBe(true);
    const three = judgeFaceCheck({ ...base, faces: [face(0, 0, 100), face(200, 0, 100), face(400, 0, 100)] });
    expect(three.findings).toEqual(["several_faces"]);
    expect(findingMessage("several_faces", three.faces)).toBe("3 faces found — use a photo of one person");
    expect(needsConfirmation(three)).toBe(true);
  });

  it("yaw: 0 facing the camera, large when the nose passes an eye, unaffected by a tilted head", () => {
    const eyes = { leftEye: { x: 100, y: 100 }, rightEye: { x: 160, y: 100 } };
    expect(yawFromLandmarks({ ...eyes, nose: { x: 130, y: 140 } })).toBeCloseTo(0, 5);
    expect(yawFromLandmarks({ ...eyes, nose: { x: 175, y: 140 } })).toBeCloseTo(0.75, 5);
    // The same face rolled by 30°: still straight on.
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const rot = (p: { x: number; y: number }) => ({ x: p.x * c - p.y * s, y: p.x * s + p.y * c });
    expect(yawFromLandmarks({ leftEye: rot(eyes.leftEye), rightEye: rot(eyes.rightEye), nose: rot({ x: 130, y: 140 }) })).toBeCloseTo(0, 5);

    const turned = judgeFaceCheck({ ...base, faces: [face(220, 120, 240, { landmarks: { ...eyes, nose: { x: 175, y: 140 } } })] });
    expect(turned.findings).toEqual(["one_face", "turned_away"]);
    const straight = judgeFaceCheck({ ...base, faces: [face(220, 120, 240, { landmarks: { ...eyes, nose: { x: 140, y: 140 } } })] });
    expect(straight.findings).toEqual(["one_face"]);
  });

  it("the measured square stays inside the picture", () => {
    expect(faceSquare({ x: -20, y: 400, width: 100, height: 120 }, 640, 480)).toEqual({ x: 0, y: 360, width: 120, height: 120 });
    expect(faceSquare({ x: 0, y: 0, width: 900, height: 900 }, 640, 480).width).toBe(480);
  });
});

describe("the stored check (POST /api/faces `check`)", () => {
  it("accepts what the checker produces, with the person's confirmation", () => {
    const result = { ...judgeFaceCheck({ ...base, faces: [] }), confirmed: true };
    expect(faceCheckField.parse(JSON.stringify(result))).toEqual(result);
    expect(faceCheckField.parse(undefined)).toBeNull();
  });

  it("refuses anything else: unknown findings or keys, non-JSON, oversized", () => {
    const good = judgeFaceCheck(base);
    expect(faceCheckField.safeParse(JSON.stringify({ ...good, findings: ["admin"] })).success).toBe(false);
    expect(faceCheckField.safeParse(JSON.stringify({ ...good, extra: 1 })).success).toBe(false);
    expect(faceCheckField.safeParse("{not json").success).toBe(false);
    expect(faceCheckField.safeParse(JSON.stringify({ ...good, pad: "x".repeat(3000) })).success).toBe(false);
  });
});
