import { describe, expect, it } from "vitest";
import { DEFAULT_NEGATIVE_PROMPT, type GenerationParamsInput } from "@/lib/validations/generation";
import type { GenerationDto } from "./types";
import { formFromGeneration, readHomeUrl } from "./url-to-form";

const generation: GenerationDto = {
  id: "gen_12345678",
  status: "succeeded",
  params: { prompt: "studio portrait", negativePrompt: "blurry", width: 832, height: 1216, steps: 12, guidanceScale: 4.5, seed: 987654, base64: true },
  face: { id: "face_abcdefgh", url: "/api/files/faces/face_abcdefgh.jpg" },
  outputs: [],
  createdAt: "2026-01-01T00:00:00.000Z",
  completedAt: null,
  etaAt: null,
  generationTimeSeconds: null,
  failure: null,
  notice: null,
  queuePosition: null,
  simulated: true,
};

const current: GenerationParamsInput = {
  prompt: "my own prompt",
  negativePrompt: DEFAULT_NEGATIVE_PROMPT,
  width: 1024,
  height: 1024,
  steps: 21,
  guidanceScale: 7.5,
  seed: "",
  base64: false,
};

describe("readHomeUrl", () => {
  it("reads the generation to show and the one to copy from", () => {
    const state = readHomeUrl(new URLSearchParams("g=gen_1&from=gen_2&reuse=all"));
    expect(state).toEqual({ generationId: "gen_1", from: { id: "gen_2", reuse: "all" } });
  });

  it("defaults reuse to seed and ignores unknown modes", () => {
    expect(readHomeUrl(new URLSearchParams("from=gen_2")).from).toEqual({ id: "gen_2", reuse: "seed" });
    expect(readHomeUrl(new URLSearchParams("from=gen_2&reuse=everything")).from).toEqual({ id: "gen_2", reuse: "seed" });
  });

  it("drops ids that could not be ours", () => {
    expect(readHomeUrl(new URLSearchParams("g=../etc/passwd&from=a%20b"))).toEqual({ generationId: null, from: null });
    expect(readHomeUrl(new URLSearchParams(""))).toEqual({ generationId: null, from: null });
  });
});

describe("formFromGeneration", () => {
  it("reuse=seed copies only the seed and keeps the face", () => {
    const out = formFromGeneration(generation, "seed", current);
    expect(out.values).toEqual({ ...current, seed: "987654" });
    expect(out.face).toBeNull();
  });

  it("reuse=all copies every parameter and the face", () => {
    const out = formFromGeneration(generation, "all", current);
    expect(out.values).toEqual({
      prompt: "studio portrait",
      negativePrompt: "blurry",
      width: 832,
      height: 1216,
      steps: 12,
      guidanceScale: 4.5,
      seed: "987654",
      base64: true,
    });
    expect(out.face).toEqual({ id: "face_abcdefgh", url: "/api/files/faces/face_abcdefgh.jpg" });
  });

  it("does not mutate the current values", () => {
    const before = { ...current };
    formFromGeneration(generation, "seed", current);
    expect(current).toEqual(before);
  });
});
