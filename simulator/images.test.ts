// @vitest-environment node
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { makeSimulatedPng, textRects, textWidth } from "./images";
import { FACE_A, FACE_B } from "./test-support";

const base = { face: FACE_A, prompt: "studio headshot", seed: 123, width: 320, height: 448 };

describe("makeSimulatedPng", () => {
  it("is byte-identical for the same face, prompt and seed", async () => {
    const [a, b] = await Promise.all([makeSimulatedPng(base), makeSimulatedPng({ ...base })]);
    expect(a.equals(b)).toBe(true);
  });

  it("changes with the seed, the prompt and the face", async () => {
    const a = await makeSimulatedPng(base);
    expect(a.equals(await makeSimulatedPng({ ...base, seed: 124 }))).toBe(false);
    expect(a.equals(await makeSimulatedPng({ ...base, prompt: "other" }))).toBe(false);
    expect(a.equals(await makeSimulatedPng({ ...base, face: FACE_B }))).toBe(false);
  });

  it.each([
    [64, 64],
    [1216, 832],
    [333, 517],
  ])("is a PNG of exactly %i×%i", async (width, height) => {
    const meta = await sharp(await makeSimulatedPng({ ...base, width, height })).metadata();
    expect(meta).toMatchObject({ format: "png", width, height, channels: 3 });
  });

  it("stamps a bright mark across the middle", async () => {
    const png = await makeSimulatedPng({ ...base, width: 400, height: 400 });
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    let white = 0;
    for (let y = 180; y < 220; y++) {
      for (let x = 0; x < info.width; x++) {
        const i = (y * info.width + x) * info.channels;
        if (data[i]! > 250 && data[i + 1]! > 250 && data[i + 2]! > 250) white++;
      }
    }
    expect(white).toBeGreaterThan(1000);
  });
});

describe("pixel font", () => {
  it("measures 6 cells per character minus the trailing gap", () => {
    expect(textWidth("SIMULATED", 1)).toBe(53);
    expect(textWidth("AB", 10)).toBe(110);
    expect(textWidth("", 5)).toBe(0);
  });

  it("draws one rect per lit run and nothing for unknown characters", () => {
    // "-" is a single 5-cell run on row 3.
    expect(textRects("-", 10, 20, 2)).toBe('<rect x="10" y="26" width="10" height="2"/>');
    expect(textRects("~", 0, 0, 1)).toBe("");
    expect(textRects("i", 0, 0, 1)).toBe(textRects("I", 0, 0, 1));
  });
});
