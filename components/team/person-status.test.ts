import { describe, expect, it } from "vitest";
import { PERSON_STATUSES, type ShootVariantDto } from "@/lib/teams/types";
import { countsLine, hasHeadshot, PERSON_STATUS_LABELS, progressText, roundsOf } from "./person-status";

const variant = (over: Partial<ShootVariantDto>): ShootVariantDto => ({
  generationId: "g",
  round: 0,
  variant: 0,
  seed: 100,
  status: "succeeded",
  outputs: [],
  failure: null,
  queuePosition: null,
  createdAt: "2025-01-01T00:00:00.000Z",
  completedAt: null,
  ...over,
});

describe("person status words", () => {
  it("has the issue's labels for every status", () => {
    expect(PERSON_STATUSES.map((s) => PERSON_STATUS_LABELS[s])).toEqual([
      "Invited",
      "Photo received",
      "Generating",
      "Ready",
      "Favourite chosen",
      "Approved",
      "Failed",
    ]);
  });
});

describe("progressText", () => {
  it("is null when nothing is open", () => {
    expect(progressText([variant({}), variant({ status: "failed" })])).toBeNull();
  });
  it("names the nearest place in line while every open variant waits in our queue", () => {
    expect(progressText([variant({ status: "queued", queuePosition: 5 }), variant({ status: "queued", queuePosition: 3 })])).toBe(
      "Waiting for a free slot (3 ahead)",
    );
    expect(progressText([variant({ status: "queued", queuePosition: 0 })])).toBe("Waiting for a free slot (0 ahead)");
  });
  it("says headshots are being made once any is at the service", () => {
    expect(progressText([variant({ status: "processing" }), variant({ status: "queued", queuePosition: 2 })])).toBe("Making 2 headshots…");
    expect(progressText([variant({ status: "queued", queuePosition: null })])).toBe("Making 1 headshot…");
  });
});

describe("roundsOf", () => {
  it("groups by round and gives each round's base seed", () => {
    const rounds = roundsOf([
      variant({ round: 0, variant: 0, seed: 100 }),
      variant({ round: 0, variant: 1, seed: 101 }),
      variant({ round: 1, variant: 0, seed: 7 }),
      variant({ round: 1, variant: 1, seed: 8 }),
    ]);
    expect(rounds.map((r) => [r.round, r.seed, r.variants.length])).toEqual([
      [0, 100, 2],
      [1, 7, 2],
    ]);
  });
});

describe("hasHeadshot and countsLine", () => {
  it("needs a finished output", () => {
    expect(hasHeadshot({ variants: [variant({ status: "processing" })] })).toBe(false);
    expect(hasHeadshot({ variants: [variant({ outputs: [{ id: "o", url: "/u", thumbUrl: "/t", width: 1, height: 1 }] })] })).toBe(true);
  });
  it("reads like the issue: 12 of 30 ready", () => {
    expect(countsLine({ people: 30, ready: 12, approved: 4, generating: 0, failed: 0 })).toEqual(["12 of 30 ready", "4 approved"]);
    expect(countsLine({ people: 3, ready: 1, approved: 0, generating: 1, failed: 1 })).toEqual(["1 of 3 ready", "0 approved", "1 generating", "1 failed"]);
  });
});
