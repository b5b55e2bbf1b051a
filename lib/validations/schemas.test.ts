import { describe, expect, it } from "vitest";
import { DEFAULT_PARAMS } from "./generation";
import { createGenerationSchema, fieldErrors, generationParamsSchema } from "./schemas";

const valid = { prompt: "studio headshot", negativePrompt: "", width: 1024, height: 1024, steps: 21, guidanceScale: 7.5, seed: "", base64: false };
const errorsFor = (patch: Record<string, unknown>) => {
  const r = generationParamsSchema.safeParse({ ...valid, ...patch });
  return r.success ? {} : fieldErrors(r.error);
};

describe("generationParamsSchema", () => {
  it("accepts the defaults with a prompt, and an empty seed means random", () => {
    const r = generationParamsSchema.parse({ ...DEFAULT_PARAMS, prompt: "x", seed: "" });
    expect(r.seed).toBeUndefined();
  });

  it("coerces form strings", () => {
    expect(generationParamsSchema.parse({ ...valid, width: "832", steps: "12", guidanceScale: "6.5", seed: "42", base64: "true" })).toMatchObject({
      width: 832,
      steps: 12,
      guidanceScale: 6.5,
      seed: 42,
      base64: true,
    });
  });

  it.each([
    ["width", 256, 2048],
    ["height", 256, 2048],
    ["steps", 1, 26],
  ])("%s: accepts %i..%i and refuses one past each end", (field, min, max) => {
    expect(errorsFor({ [field]: min })).toEqual({});
    expect(errorsFor({ [field]: max })).toEqual({});
    expect(errorsFor({ [field]: min - 1 })[field]).toMatch(/between/);
    expect(errorsFor({ [field]: max + 1 })[field]).toMatch(/between/);
  });

  it("guidance scale: 1.0..10.0 inclusive", () => {
    expect(errorsFor({ guidanceScale: 1 })).toEqual({});
    expect(errorsFor({ guidanceScale: 10 })).toEqual({});
    expect(errorsFor({ guidanceScale: 0.99 }).guidanceScale).toBe("Guidance scale must be between 1.0 and 10.0.");
    expect(errorsFor({ guidanceScale: 10.01 }).guidanceScale).toBe("Guidance scale must be between 1.0 and 10.0.");
  });

  it("seed: 0..2^32-1 whole numbers", () => {
    expect(errorsFor({ seed: 0 })).toEqual({});
    expect(errorsFor({ seed: 4294967295 })).toEqual({});
    expect(errorsFor({ seed: 4294967296 }).seed).toMatch(/between/);
    expect(errorsFor({ seed: -1 }).seed).toMatch(/between/);
    expect(errorsFor({ seed: 1.5 }).seed).toMatch(/whole number/);
  });

  it.each([NaN, Infinity, -Infinity, "abc", "1e999", null, {}, [1], true, ""])("refuses %s as a number", (bad) => {
    expect(errorsFor({ steps: bad }).steps).toBeDefined();
  });

  it("prompt: required, capped, no control characters; HTML is just text", () => {
    expect(errorsFor({ prompt: "   " }).prompt).toBe("Describe the headshot you want.");
    expect(errorsFor({ prompt: "a".repeat(1001) }).prompt).toMatch(/at most 1000/);
    expect(errorsFor({ prompt: "a\u0000b" }).prompt).toMatch(/control characters/);
    expect(errorsFor({ prompt: "<script>alert(1)</script>" })).toEqual({});
    expect(errorsFor({ prompt: 42 }).prompt).toBe("Prompt must be text.");
  });

  it("base64 must be a boolean", () => {
    expect(errorsFor({ base64: "yes" }).base64).toBeDefined();
  });

  it("the route's schema also requires a face id", () => {
    const r = createGenerationSchema.safeParse({ ...valid });
    expect(r.success).toBe(false);
    expect(createGenerationSchema.safeParse({ ...valid, faceId: "../../etc" }).success).toBe(false);
    expect(createGenerationSchema.safeParse({ ...valid, faceId: "f_abcdefgh12" }).success).toBe(true);
  });
});
