import { describe, expect, it } from "vitest";
import { NO_FAULTS, parseFaults } from "./faults";

describe("parseFaults", () => {
  it("finds no faults in an ordinary prompt", () => {
    expect(parseFaults("a studio headshot [not a token]", undefined)).toEqual(NO_FAULTS);
  });

  it("reads tokens with and without arguments from the prompt", () => {
    const f = parseFaults("x [sim:messege] [sim:try-again=3] [sim:slow=250] [sim:error-4xx] [sim:sync] [sim:bad-output]", undefined);
    expect(f).toMatchObject({ messege: true, tryAgain: 3, slowMs: 250, errorStyle: "4xx", mode: "sync", badOutput: true });
  });

  it("defaults try-again to 1", () => {
    expect(parseFaults("[sim:try-again]", undefined).tryAgain).toBe(1);
  });

  it("reads the x-sim-fault header, bare or bracketed, comma or space separated", () => {
    expect(parseFaults(undefined, "500, [sim:messege] slow=10")).toMatchObject({ http500: true, messege: true, slowMs: 10 });
    expect(parseFaults(42, ["garbage", "hang"])).toMatchObject({ garbage: true, hang: true });
  });
});
