import { describe, expect, it } from "vitest";
import type { GenerationDto } from "@/lib/client/types";
import type { CreateGenerationInput } from "@/lib/validations/generation";
import { createGenerationSchema } from "@/lib/validations/schemas";
import { clampVariationCount, createJobs, retryInput, variationInputs, type CreateFn } from "./create-jobs";

const generation = {
  id: "gen_12345678",
  status: "failed",
  params: { prompt: "studio portrait", negativePrompt: "blurry", width: 832, height: 1216, steps: 12, guidanceScale: 4.5, seed: 987654, base64: true },
  face: { id: "face_abcdefgh", url: "/api/files/faces/face_abcdefgh" },
} as GenerationDto;

describe("retryInput", () => {
  it("copies every setting, the face and the seed, and passes the shared schema", () => {
    const input = retryInput(generation);
    expect(input).toEqual({ faceId: "face_abcdefgh", ...generation.params });
    expect(createGenerationSchema.parse(input)).toEqual(input);
  });
});

describe("variationInputs", () => {
  it("builds N requests with the same settings and no seed", () => {
    const inputs = variationInputs(generation, 3);
    expect(inputs).toHaveLength(3);
    for (const input of inputs) {
      expect("seed" in input).toBe(false);
      expect(input).toMatchObject({ faceId: "face_abcdefgh", prompt: "studio portrait", width: 832, steps: 12, base64: true });
      expect(createGenerationSchema.parse(input).seed).toBeUndefined();
    }
  });

  it("keeps N between 1 and 4", () => {
    expect(variationInputs(generation, 9)).toHaveLength(4);
    expect(clampVariationCount(0)).toBe(1);
    expect(clampVariationCount(Number.NaN)).toBe(1);
    expect(clampVariationCount(2.7)).toBe(2);
  });
});

const input = { prompt: "p" } as CreateGenerationInput;

describe("createJobs", () => {
  it("sends every input with a fresh idempotency key", async () => {
    const keys: string[] = [];
    const create: CreateFn = async (_input, key) => {
      keys.push(key);
      return { id: `gen_${keys.length}` } as GenerationDto;
    };
    let n = 0;
    const result = await createJobs(create, [input, input, input], () => `key-000${++n}`);
    expect(result.created.map((g) => g.id)).toEqual(["gen_1", "gen_2", "gen_3"]);
    expect(keys).toEqual(["key-0001", "key-0002", "key-0003"]);
    expect(result.error).toBeNull();
  });

  it("stops at the first refusal and keeps what was created", async () => {
    let calls = 0;
    const refusal = new Error("quota");
    const create: CreateFn = async () => {
      calls += 1;
      if (calls === 2) throw refusal;
      return { id: `gen_${calls}` } as GenerationDto;
    };
    const result = await createJobs(create, [input, input, input, input], () => "key-abcdefgh");
    expect(calls).toBe(2);
    expect(result.created).toHaveLength(1);
    expect(result.error).toBe(refusal);
  });
});
