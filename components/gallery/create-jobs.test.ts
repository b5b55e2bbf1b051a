import { describe, expect, it } from "vitest";
import type { GenerationDto } from "@/lib/client/types";
import type { CreateGenerationInput } from "@/lib/validations/generation";
import { createJobs, type CreateFn } from "./create-jobs";

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
