import { describe, expect, it } from "vitest";
import { createShootSchema, isCalendarDay, joinShootSchema, nameFromFileName, shootStyleSchema, updateShootSchema } from "./shoot";

const STYLE = { prompt: "studio headshot", negativePrompt: "", width: 1024, height: 1024, steps: 20, guidanceScale: 7 };

describe("shoot validation", () => {
  it("fills the defaults and keeps crops in their canonical order without duplicates", () => {
    expect(createShootSchema.parse({ name: " Team ", ...STYLE })).toMatchObject({ name: "Team", variants: 2, regenerations: 2, crops: ["square-1024", "portrait-4x5", "avatar-512"] });
    expect(createShootSchema.parse({ name: "T", ...STYLE, crops: ["avatar-512", "square-1024", "avatar-512"] }).crops).toEqual(["square-1024", "avatar-512"]);
    expect(createShootSchema.parse({ name: "T", ...STYLE, seed: "", dueDate: "", generationCap: "" })).toMatchObject({ seed: undefined, dueDate: null, generationCap: null });
  });

  it("uses the home page's rules for the style, and its own for the rest", () => {
    const r = createShootSchema.safeParse({ name: "T", ...STYLE, width: 100, guidanceScale: 11, variants: 5, regenerations: -1, generationCap: 0, seed: 2 ** 32 });
    const fields = Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
    expect(fields).toEqual({
      width: "Width must be between 256 and 2048.",
      guidanceScale: "Guidance scale must be between 1.0 and 10.0.",
      seed: "Seed must be between 0 and 4294967295.",
      variants: "Variants per person must be between 1 and 4.",
      regenerations: "Regenerations per person must be between 0 and 5.",
      generationCap: "Generation cap must be between 1 and 100000.",
    });
    expect(updateShootSchema.parse({})).toEqual({});
  });

  it("Edit style: every style field as the form types it, the seed required; PATCH reads the style the same way", () => {
    const form = { ...STYLE, width: "832", height: "1216", steps: "12", guidanceScale: "6.5", seed: "42", base64: false };
    expect(shootStyleSchema.parse(form)).toEqual({ ...STYLE, width: 832, height: 1216, steps: 12, guidanceScale: 6.5, seed: 42 });
    const message = (input: Record<string, unknown>) => Object.fromEntries((shootStyleSchema.safeParse(input).error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
    expect(message({ ...form, seed: "" })).toEqual({ seed: "Enter a seed, or press Random for a new one." });
    expect(message({ ...form, prompt: "  ", steps: "40", seed: "0x10" })).toEqual({
      prompt: "Describe the headshot you want.",
      steps: "Steps must be between 1 and 26.",
      seed: "Seed must be a number.",
    });
    // A PATCH may leave the seed out (kept as it is), but not send an empty one.
    expect(updateShootSchema.parse({ prompt: "beach", seed: 7 })).toEqual({ prompt: "beach", seed: 7 });
    expect(updateShootSchema.safeParse({ seed: "" }).error?.issues[0]?.message).toBe("Enter a seed, or press Random for a new one.");
  });

  it("refuses C1 controls and lone surrogates in names and titles, and hex numbers in counts", () => {
    const name = (v: string) => joinShootSchema.safeParse({ name: v }).error?.issues[0]?.message;
    expect(name("Ann\u0085Lee")).toBe("Your name contains control characters.");
    expect(name("Ann \ud800")).toMatch(/broken character/);
    expect(name("Zo\u00eb \ud83d\ude00")).toBeUndefined();
    expect(createShootSchema.safeParse({ name: "T", ...STYLE, variants: "0x2" }).error?.issues[0]?.message).toBe("Variants per person must be a number.");
    expect(nameFromFileName("jane\u0085doe.jpg")).toBe("janedoe");
  });

  it("accepts only real calendar days", () => {
    expect(isCalendarDay("2028-02-29")).toBe(true);
    for (const d of ["2027-02-29", "2025-13-01", "2025-1-1", "tomorrow", "2025-01-01T00:00"]) expect(isCalendarDay(d), d).toBe(false);
  });

  it("reads a colleague's name, title and email", () => {
    expect(joinShootSchema.parse({ name: "  Åsa Öberg ", title: " CTO ", email: " asa@example.se " })).toEqual({ name: "Åsa Öberg", title: "CTO", email: "asa@example.se" });
    expect(joinShootSchema.parse({ name: "Ann", title: "", email: "" })).toEqual({ name: "Ann", title: null, email: null });
    expect(joinShootSchema.safeParse({ name: "Ann\tLee" }).success).toBe(false);
  });

  it("makes a readable name from a file name", () => {
    expect(nameFromFileName("jane_doe-smith.JPG")).toBe("jane doe smith");
    expect(nameFromFileName("team/Ola__Nordmann.heic")).toBe("Ola Nordmann");
    expect(nameFromFileName("no-extension")).toBe("no extension");
    expect(nameFromFileName(".jpg")).toBe("");
  });
});
