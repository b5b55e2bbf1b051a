import { describe, expect, it } from "vitest";
import { DEFAULT_PARAMS } from "./generation";
import { createGenerationSchema, fieldErrors, generationParamsSchema, listQuerySchema } from "./schemas";

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

  it.each(["0x400", "1e3", " 12", "12 ", "+5", "0b10", "0o17", "1_000", "1,5", "Infinity", "١٢"])(
    "numbers written as text must be decimal digits: refuses %j with the field's message",
    (bad) => {
      expect(errorsFor({ width: bad }).width).toBe("Width must be a number.");
      expect(errorsFor({ guidanceScale: bad }).guidanceScale).toBe("Guidance scale must be a number.");
    },
  );

  it("decimal text is read as a person typed it", () => {
    expect(generationParamsSchema.parse({ ...valid, width: "1024", guidanceScale: "7.5", seed: "0" })).toMatchObject({ width: 1024, guidanceScale: 7.5, seed: 0 });
    expect(errorsFor({ steps: "-1" }).steps).toMatch(/between/);
  });

  it.each([
    ["C1 NEL", "a\u0085b"],
    ["C1 CSI", "x\u009b31m"],
    ["C1 first", "\u0080"],
    ["C1 last", "\u009f"],
    ["DEL", "a\u007fb"],
  ])("refuses %s like any control character", (_name, prompt) => {
    expect(errorsFor({ prompt }).prompt).toBe("Prompt contains control characters.");
    expect(errorsFor({ negativePrompt: prompt }).negativePrompt).toBe("Negative prompt contains control characters.");
  });

  it("keeps the characters around the C1 block, tab and newline", () => {
    expect(errorsFor({ prompt: "caf\u00e9 \u00a0 line\nnext\tcol" })).toEqual({});
  });

  it.each([
    ["a lone high surrogate", "smile \ud83d please"],
    ["a lone low surrogate", "smile \ude00"],
    ["a high surrogate at the end", "smile \ud83d"],
    ["two high surrogates", "\ud83d\ud83d\ude00"],
  ])("refuses %s with a message instead of changing it", (_name, prompt) => {
    expect(errorsFor({ prompt }).prompt).toMatch(/broken character/);
  });

  it("keeps real pairs (emoji) exactly", () => {
    expect(generationParamsSchema.parse({ ...valid, prompt: "smile \ud83d\ude00 please" }).prompt).toBe("smile 😀 please");
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

describe("listQuerySchema", () => {
  it("reads limit written in digits (and a number from the server-rendered gallery)", () => {
    expect(listQuerySchema.parse({ limit: "16" }).limit).toBe(16);
    expect(listQuerySchema.parse({ limit: 24 }).limit).toBe(24);
    expect(listQuerySchema.parse({}).limit).toBe(24);
  });

  it.each(["0x10", "1e1", " 5", "+5", "5.0", "", "0", "101", "-1"])("refuses limit=%j with a message", (limit) => {
    const r = listQuerySchema.safeParse({ limit });
    expect(r.success).toBe(false);
    if (!r.success) expect(fieldErrors(r.error).limit).toBe("Limit must be a whole number from 1 to 100.");
  });
});
