import { describe, expect, it } from "vitest";
import { validateMakeGen } from "./protocol";

const good = { key: "k", prompt: "p", face_image: "http://127.0.0.1/a.jpg" };
const messageFor = (body: Record<string, unknown>) => {
  const v = validateMakeGen(body);
  return v.ok ? null : v.message;
};

describe("validateMakeGen", () => {
  it.each([
    [{ face_image: "x" }, "The prompt field is required."],
    [{ prompt: "  ", face_image: "x" }, "The prompt field is required."],
    [{ prompt: 5, face_image: "x" }, "The prompt must be a string."],
    [{ prompt: "p" }, "The face image field is required."],
    [{ ...good, width: 2049 }, "The width must not be greater than 2048."],
    [{ ...good, height: "4096" }, "The height must not be greater than 2048."],
    [{ ...good, width: "wide" }, "The width must be a number."],
    [{ ...good, width: 512.5 }, "The width must be an integer."],
    [{ ...good, num_inference_steps: 0 }, "The num inference steps must be between 1 and 26."],
    [{ ...good, num_inference_steps: "27" }, "The num inference steps must be between 1 and 26."],
    [{ ...good, guidance_scale: 0.5 }, "The guidance scale must be between 1.0 and 10.0."],
    [{ ...good, guidance_scale: "10.5" }, "The guidance scale must be between 1.0 and 10.0."],
    [{ ...good, seed: -1 }, "The seed must be between 0 and 4294967295."],
    [{ ...good, seed: "abc" }, "The seed must be a number."],
    [{ ...good, base64: "maybe" }, "The base64 field must be true or false."],
    [{ ...good, webhook: "not a url" }, "The webhook must be a valid URL."],
  ])("rejects %j with %s", (body, message) => {
    expect(messageFor(body)).toBe(message);
  });

  it("accepts numeric strings and the documented edges", () => {
    const v = validateMakeGen({ ...good, width: "2048", height: "1024", num_inference_steps: "26", guidance_scale: "1.0", seed: "7", base64: "false" });
    expect(v.ok && v.params).toMatchObject({ width: 2048, height: 1024, steps: 26, guidance: 1, seed: 7, seedEcho: "7", base64: false });
  });

  it("picks a random 32-bit seed for null and echoes it", () => {
    const seeds = new Set<unknown>();
    for (let i = 0; i < 5; i++) {
      const v = validateMakeGen({ ...good, seed: null });
      if (!v.ok) throw new Error(v.message);
      expect(v.params.seedEcho).toBe(v.params.seed);
      expect(v.params.seed).toBeGreaterThanOrEqual(0);
      expect(v.params.seed).toBeLessThanOrEqual(4294967295);
      seeds.add(v.params.seed);
    }
    expect(seeds.size).toBeGreaterThan(1);
  });

  it("keeps track_id with its type, and only when sent", () => {
    const withNumber = validateMakeGen({ ...good, track_id: 42 });
    const without = validateMakeGen(good);
    expect(withNumber.ok && withNumber.params.trackId).toEqual({ value: 42 });
    expect(without.ok && without.params.trackId).toBeNull();
  });

  it("ignores unknown extra fields and uses defaults", () => {
    const v = validateMakeGen({ ...good, samples: 4, safety_checker: "no", instant_response: true });
    expect(v.ok && v.params).toMatchObject({ width: null, height: null, steps: 21, guidance: 7.5, base64: false, webhook: null });
  });
});
