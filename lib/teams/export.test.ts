import { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import yauzl from "yauzl";
import {
  CROP_IDS,
  CROPS,
  cropImage,
  guardCell,
  isCropId,
  MANIFEST_COLUMNS,
  manifestCsv,
  shootZipFileName,
  shootZipWebStream,
  slugName,
  streamShootZip,
  uniqueSlugs,
  type CropId,
  type ExportPerson,
  type ManifestRow,
} from "./export";

// ---------------------------------------------------------------------------------------------------------
// Synthetic images and helpers
// ---------------------------------------------------------------------------------------------------------

/** A PNG of noise over a gradient, so it does not compress to nothing. */
async function noisePng(width: number, height: number, seed = 1): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let s = seed >>> 0 || 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const n = (s >>> 0) % 48;
      const i = (y * width + x) * 3;
      raw[i] = (40 + ((x * 120) / width) + n) | 0;
      raw[i + 1] = (60 + ((y * 100) / height) + n) | 0;
      raw[i + 2] = (90 + n) | 0;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

const SKIN = { r: 226, g: 170, b: 134 };

/** Flat dark grey with one skin-toned, eyed "face" (an ellipse) at (cx, cy). */
async function faceAt(width: number, height: number, cx: number, cy: number, r: number): Promise<Buffer> {
  const face =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<ellipse cx="${cx}" cy="${cy}" rx="${r}" ry="${r * 1.3}" fill="rgb(${SKIN.r},${SKIN.g},${SKIN.b})"/>` +
    `<circle cx="${cx - r * 0.4}" cy="${cy - r * 0.2}" r="${r * 0.12}" fill="#222"/>` +
    `<circle cx="${cx + r * 0.4}" cy="${cy - r * 0.2}" r="${r * 0.12}" fill="#222"/>` +
    `<rect x="${cx - r * 0.35}" y="${cy + r * 0.5}" width="${r * 0.7}" height="${r * 0.1}" fill="#822"/></svg>`;
  return sharp({ create: { width, height, channels: 3, background: { r: 58, g: 60, b: 64 } } })
    .composite([{ input: Buffer.from(face) }])
    .png()
    .toBuffer();
}

/** Pixels of `png` within a small distance of the skin colour. */
async function skinPixels(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  for (let i = 0; i < info.width * info.height * 3; i += 3) {
    if (Math.abs(data[i]! - SKIN.r) + Math.abs(data[i + 1]! - SKIN.g) + Math.abs(data[i + 2]! - SKIN.b) < 30) count++;
  }
  return count;
}

async function alphaAt(png: Buffer, x: number, y: number): Promise<number> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(4);
  return data[(y * info.width + x) * 4 + 3]!;
}

interface Unzipped {
  name: string;
  method: number;
  flags: number;
  data: Buffer;
}

/** Every entry of a ZIP, in order, checked by yauzl (sizes and CRCs). */
async function unzip(zip: Buffer): Promise<Unzipped[]> {
  const file = await yauzl.fromBufferPromise(zip, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true });
  const entries: Unzipped[] = [];
  for await (const entry of file.eachEntry()) {
    const stream = await file.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    entries.push({ name: entry.fileName, method: entry.compressionMethod, flags: entry.generalPurposeBitFlag, data: Buffer.concat(chunks) });
  }
  return entries;
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function readCsv(text: string): Record<string, string>[] {
  expect(text.startsWith("\uFEFF")).toBe(true);
  return parse(text.slice(1), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function person(name: string, key: string, extra: Partial<ExportPerson> = {}): ExportPerson {
  return {
    name,
    email: `${slugName(name)}@example.com`,
    title: "Engineer",
    status: "approved",
    seed: 1234,
    prompt: "studio headshot, soft light",
    width: 600,
    height: 600,
    createdAt: new Date("2026-11-02T09:30:00.000Z"),
    outputKey: key,
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Crops definition
// ---------------------------------------------------------------------------------------------------------

describe("CROPS", () => {
  it("defines the three crop kinds once, with their ids, labels and sizes", () => {
    expect(CROPS.map((c) => [c.id, c.label, c.width, c.height, c.round])).toEqual([
      ["square-1024", "Square 1024", 1024, 1024, false],
      ["portrait-4x5", "Portrait 4:5", 800, 1000, false],
      ["avatar-512", "Avatar 512", 512, 512, true],
    ]);
    expect([...CROP_IDS]).toEqual(["square-1024", "portrait-4x5", "avatar-512"]);
    expect(isCropId("avatar-512")).toBe(true);
    expect(isCropId("banner")).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Slugs
// ---------------------------------------------------------------------------------------------------------

describe("slugName", () => {
  it.each([
    ["Ana López", "ana-lopez"],
    ["  Zoë   Ångström-Øvergård ", "zoe-angstrom-overgard"],
    ["Jürgen Groß", "jurgen-gross"],
    ["Łukasz Żółć", "lukasz-zolc"],
    ["Siobhán O'Brien, Jr.", "siobhan-o-brien-jr"],
    ["Ｆｕｌｌｗｉｄｔｈ Ｎａｍｅ", "fullwidth-name"],
    ["😀 Sam 🚀 Lee", "sam-lee"],
    ["Dr. Ada_Lovelace (CTO)", "dr-ada-lovelace-cto"],
  ])("%j → %j", (name, slug) => {
    expect(slugName(name)).toBe(slug);
  });

  it.each([[""], ["   "], ["😀🚀"], ["王伟"], ["---"], ["!!!"]])("falls back to 'person' for %j", (name) => {
    expect(slugName(name)).toBe("person");
  });

  it("caps very long names at 60 characters without a trailing dash", () => {
    const slug = slugName("Maria ".repeat(40));
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(slugName("x".repeat(500))).toBe("x".repeat(60));
  });
});

describe("uniqueSlugs", () => {
  it("numbers collisions in input order, the first keeping the bare slug", () => {
    expect(uniqueSlugs(["Ana López", "Bob", "Ana Lopez", "ANA LÓPEZ", "bob"])).toEqual([
      "ana-lopez",
      "bob",
      "ana-lopez-2",
      "ana-lopez-3",
      "bob-2",
    ]);
  });

  it("skips a numbered slug that a real name already holds", () => {
    expect(uniqueSlugs(["Ana Lopez 2", "Ana Lopez", "Ana Lopez"])).toEqual(["ana-lopez-2", "ana-lopez", "ana-lopez-3"]);
    expect(uniqueSlugs(["Ana Lopez", "Ana Lopez", "Ana Lopez 2"])).toEqual(["ana-lopez", "ana-lopez-2", "ana-lopez-2-2"]);
  });

  it("numbers the fallbacks and keeps long collisions within 60 characters", () => {
    expect(uniqueSlugs(["😀", "", "王伟"])).toEqual(["person", "person-2", "person-3"]);
    const long = "Bartholomew ".repeat(10);
    const slugs = uniqueSlugs(Array.from({ length: 12 }, () => long));
    expect(new Set(slugs).size).toBe(12);
    for (const s of slugs) expect(s.length).toBeLessThanOrEqual(60);
    expect(slugs[11]).toMatch(/-12$/);
  });

  it("is deterministic", () => {
    const names = ["Ana", "ana", "Ána", "Bo", "bo"];
    expect(uniqueSlugs(names)).toEqual(uniqueSlugs([...names]));
  });

  it("names the ZIP after the shoot", () => {
    expect(shootZipFileName("Q4 Sales Team!")).toBe("q4-sales-team-headshots.zip");
  });
});

// ---------------------------------------------------------------------------------------------------------
// Crop geometry
// ---------------------------------------------------------------------------------------------------------

describe("cropImage", () => {
  it.each(CROPS.map((c) => [c.id, c] as const))("%s has its exact size from square, portrait and landscape outputs", async (_id, crop) => {
    for (const [w, h] of [
      [1024, 1024],
      [768, 1152],
      [1200, 700],
    ] as const) {
      const out = await cropImage(await noisePng(w, h), crop);
      const meta = await sharp(out).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["png", crop.width, crop.height]);
      expect(meta.hasAlpha).toBe(crop.round);
    }
  });

  it("makes the avatar round: corners fully transparent, centre and inner rim opaque", async () => {
    const avatar = await cropImage(await noisePng(1024, 1024), CROPS[2]);
    for (const [x, y] of [
      [0, 0],
      [511, 0],
      [0, 511],
      [511, 511],
      [40, 40],
      [470, 470],
    ] as const) {
      expect(await alphaAt(avatar, x, y)).toBe(0);
    }
    expect(await alphaAt(avatar, 256, 256)).toBe(255);
    expect(await alphaAt(avatar, 256, 4)).toBe(255);
    expect(await alphaAt(avatar, 4, 256)).toBe(255);
  });

  it("strips metadata", async () => {
    const tagged = await sharp(await noisePng(600, 600))
      .withExif({ IFD0: { Copyright: "secret", Artist: "someone" } })
      .png()
      .toBuffer();
    expect((await sharp(tagged).metadata()).exif).toBeDefined();
    for (const crop of CROPS) {
      const meta = await sharp(await cropImage(tagged, crop)).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
    }
  });

  it("keeps an off-centre face that a centred portrait crop would cut (attention)", async () => {
    // 1024² → 1000² then an 800-wide window: centred it spans x 100–900; the face sits around x 928.
    const source = await faceAt(1024, 1024, 950, 420, 60);
    const faceArea = await skinPixels(await sharp(source).resize(1000, 1000).png().toBuffer());
    const portrait = await cropImage(source, CROPS[1]);
    const centred = await sharp(source).resize(800, 1000, { fit: "cover", position: "centre" }).png().toBuffer();
    expect(await skinPixels(centred)).toBeLessThan(faceArea * 0.5);
    expect(await skinPixels(portrait)).toBeGreaterThan(faceArea * 0.95);
  });

  it("keeps an off-centre face in a square crop of a landscape output (attention)", async () => {
    // 1600×1000 → 1638×1024 then a 1024-wide window: centred it spans x 307–1331; the face sits around x 1485.
    const source = await faceAt(1600, 1000, 1450, 500, 70);
    const faceArea = await skinPixels(await sharp(source).resize(1638, 1024).png().toBuffer());
    const square = await cropImage(source, CROPS[0]);
    const centred = await sharp(source).resize(1024, 1024, { fit: "cover", position: "centre" }).png().toBuffer();
    expect(await skinPixels(centred)).toBeLessThan(faceArea * 0.2);
    expect(await skinPixels(square)).toBeGreaterThan(faceArea * 0.95);
  });

  it("rejects bytes that are not an image", async () => {
    await expect(cropImage(Buffer.from("not a png"), CROPS[0])).rejects.toThrow();
  });
});

// ---------------------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------------------

function row(extra: Partial<ManifestRow> = {}): ManifestRow {
  return {
    name: "Ana López",
    email: "ana@example.com",
    title: "Head of Sales",
    status: "approved",
    files: ["original/ana-lopez.png", "square-1024/ana-lopez.png"],
    seed: 42,
    prompt: "studio headshot",
    width: 1024,
    height: 1024,
    createdAt: new Date("2026-11-02T09:30:00.000Z"),
    ...extra,
  };
}

describe("manifestCsv", () => {
  it("writes a BOM, the header and one CRLF row per person", () => {
    const csv = manifestCsv([row(), row({ name: "Bob", email: null, title: null, seed: null, prompt: null, files: [], status: "missing" })]);
    expect(csv.startsWith("\uFEFFname,email,title,status,files,seed,prompt,size,created at\r\n")).toBe(true);
    expect(csv.split("\r\n")).toEqual([
      "\uFEFFname,email,title,status,files,seed,prompt,size,created at",
      "Ana López,ana@example.com,Head of Sales,approved,original/ana-lopez.png;square-1024/ana-lopez.png,42,studio headshot,1024x1024,2026-11-02T09:30:00.000Z",
      "Bob,,,missing,,,,1024x1024,2026-11-02T09:30:00.000Z",
      "",
    ]);
    expect(MANIFEST_COLUMNS).toEqual(["name", "email", "title", "status", "files", "seed", "prompt", "size", "created at"]);
  });

  it("quotes commas, quotes and line breaks so they round-trip", () => {
    const tricky = row({
      name: "López, Ana",
      title: 'VP "Growth"',
      prompt: "line one\nline two, with comma\r\nand \"quotes\"",
      createdAt: "2026-01-05T00:00:00Z",
    });
    const csv = manifestCsv([tricky]);
    expect(csv).toContain('"López, Ana"');
    expect(csv).toContain('"VP ""Growth"""');
    const [parsed] = readCsv(csv);
    expect(parsed).toEqual({
      name: "López, Ana",
      email: "ana@example.com",
      title: 'VP "Growth"',
      status: "approved",
      files: "original/ana-lopez.png;square-1024/ana-lopez.png",
      seed: "42",
      prompt: "line one\nline two, with comma\r\nand \"quotes\"",
      size: "1024x1024",
      "created at": "2026-01-05T00:00:00.000Z",
    });
  });

  it("guards cells a spreadsheet would run as formulas", () => {
    const evil = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"];
    const csv = manifestCsv(evil.map((v) => row({ name: v, email: v, title: v, prompt: v })));
    const parsed = readCsv(csv);
    expect(parsed.map((r) => r.name)).toEqual(evil.map((v) => `'${v}`));
    for (const r of parsed) {
      expect(r.email).toBe(r.name);
      expect(r.title).toBe(r.name);
      expect(r.prompt).toBe(r.name);
    }
    // Numbers are numbers, not formulas: a negative seed is left alone; ordinary text untouched.
    expect(readCsv(manifestCsv([row({ seed: -7 })]))[0]?.seed).toBe("-7");
    expect(guardCell("Ana - Sales")).toBe("Ana - Sales");
    expect(guardCell("")).toBe("");
  });
});

// ---------------------------------------------------------------------------------------------------------
// ZIP
// ---------------------------------------------------------------------------------------------------------

describe("streamShootZip", () => {
  it("streams originals, chosen crops and the manifest for three people, two sharing a name", async () => {
    const outputs = new Map<string, Buffer>([
      ["outputs/a.png", await noisePng(600, 600, 1)],
      ["outputs/b.png", await noisePng(600, 600, 2)],
      ["outputs/c.png", await noisePng(640, 480, 3)],
    ]);
    const people = [
      person("Ana López", "outputs/a.png", { title: "Sales, EMEA" }),
      person("Ana Lopez", "outputs/b.png", { status: "favourite", seed: null }),
      person("Bob Stone", "outputs/c.png", { width: 640, height: 480, prompt: "=cmd|' /C calc'!A0" }),
    ];
    const reads: string[] = [];
    let done: unknown = null;
    const zip = await collect(
      streamShootZip({
        people,
        crops: ["avatar-512", "square-1024", "portrait-4x5", "avatar-512"] satisfies CropId[],
        readOutput: async (key) => (reads.push(key), outputs.get(key) ?? null),
        onDone: (summary) => (done = summary),
      }),
    );
    expect(reads).toEqual(["outputs/a.png", "outputs/b.png", "outputs/c.png"]);
    const entries = await unzip(zip);
    const slugs = ["ana-lopez", "ana-lopez-2", "bob-stone"];
    expect(entries.map((e) => e.name)).toEqual([
      ...slugs.flatMap((s) => [`original/${s}.png`, `square-1024/${s}.png`, `portrait-4x5/${s}.png`, `avatar-512/${s}.png`]),
      "manifest.csv",
    ]);
    // PNGs stored (method 0) with sizes up front (no data descriptor, flag bit 3: streaming unzippers need
    // that for stored entries); the CSV deflated (method 8), where a data descriptor is fine.
    for (const e of entries) {
      expect(e.method).toBe(e.name.endsWith(".png") ? 0 : 8);
      if (e.method === 0) expect(e.flags & 0x8).toBe(0);
    }
    const byName = new Map(entries.map((e) => [e.name, e.data]));
    expect(byName.get("original/ana-lopez.png")?.equals(outputs.get("outputs/a.png")!)).toBe(true);
    expect(byName.get("original/ana-lopez-2.png")?.equals(outputs.get("outputs/b.png")!)).toBe(true);
    expect(byName.get("original/bob-stone.png")?.equals(outputs.get("outputs/c.png")!)).toBe(true);
    for (const crop of CROPS) {
      for (const s of slugs) {
        const meta = await sharp(byName.get(`${crop.id}/${s}.png`)).metadata();
        expect([meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual(["png", crop.width, crop.height, crop.round]);
      }
    }
    const manifest = readCsv(byName.get("manifest.csv")!.toString("utf8"));
    expect(manifest).toEqual([
      {
        name: "Ana López",
        email: "ana-lopez@example.com",
        title: "Sales, EMEA",
        status: "approved",
        files: "original/ana-lopez.png;square-1024/ana-lopez.png;portrait-4x5/ana-lopez.png;avatar-512/ana-lopez.png",
        seed: "1234",
        prompt: "studio headshot, soft light",
        size: "600x600",
        "created at": "2026-11-02T09:30:00.000Z",
      },
      expect.objectContaining({
        name: "Ana Lopez",
        status: "favourite",
        seed: "",
        files: "original/ana-lopez-2.png;square-1024/ana-lopez-2.png;portrait-4x5/ana-lopez-2.png;avatar-512/ana-lopez-2.png",
      }),
      expect.objectContaining({ name: "Bob Stone", size: "640x480", prompt: "'=cmd|' /C calc'!A0" }),
    ]);
    expect(done).toEqual({ people: 3, missing: 0, bytes: zip.length });
  });

  it("skips a person whose output is gone, unreadable or not an image, and lists them as missing", async () => {
    const good = await noisePng(300, 300, 9);
    const skipped: string[] = [];
    const zip = await collect(
      streamShootZip({
        people: [
          person("Gone", "k/gone"),
          person("Ok One", "k/ok"),
          person("Broken Disk", "k/throws"),
          person("Garbage", "k/garbage"),
          person("Ok Two", "k/ok"),
        ],
        crops: ["avatar-512"],
        readOutput: async (key) => {
          if (key === "k/throws") throw new Error("EIO");
          if (key === "k/garbage") return Buffer.from("definitely not a png");
          return key === "k/ok" ? good : null;
        },
        onSkip: (p) => skipped.push(p.name),
      }),
    );
    expect(skipped).toEqual(["Gone", "Broken Disk", "Garbage"]);
    const entries = await unzip(zip);
    expect(entries.map((e) => e.name)).toEqual([
      "original/ok-one.png",
      "avatar-512/ok-one.png",
      "original/ok-two.png",
      "avatar-512/ok-two.png",
      "manifest.csv",
    ]);
    const manifest = readCsv(entries.at(-1)!.data.toString("utf8"));
    expect(manifest.map((r) => [r.name, r.status, r.files])).toEqual([
      ["Gone", "missing", ""],
      ["Ok One", "approved", "original/ok-one.png;avatar-512/ok-one.png"],
      ["Broken Disk", "missing", ""],
      ["Garbage", "missing", ""],
      ["Ok Two", "approved", "original/ok-two.png;avatar-512/ok-two.png"],
    ]);
  });

  it("writes a valid ZIP with only the manifest header when nobody is exported", async () => {
    const entries = await unzip(await collect(streamShootZip({ people: [], crops: [...CROP_IDS], readOutput: async () => null })));
    expect(entries.map((e) => e.name)).toEqual(["manifest.csv"]);
    expect(entries[0]?.data.toString("utf8")).toBe("\uFEFFname,email,title,status,files,seed,prompt,size,created at\r\n");
  });

  it("reads one person ahead at most while the client is not reading, and stops when the client goes away", async () => {
    const big = await noisePng(640, 640, 5); // ~1.2 MB, about the output buffer
    const people = Array.from({ length: 30 }, (_, i) => person(`P ${i}`, "k/big"));
    let reads = 0;
    const stream = streamShootZip({ people, crops: [], readOutput: async () => (reads++, big) });
    await sleep(400);
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(4);
    const stalled = reads;
    stream.destroy();
    await sleep(200);
    expect(reads).toBe(stalled);

    // The same export read to the end reads everyone once.
    reads = 0;
    const entries = await unzip(await collect(streamShootZip({ people, crops: [], readOutput: async () => (reads++, big) })));
    expect(reads).toBe(30);
    expect(entries).toHaveLength(31);
  });

  it("serves the ZIP as a web stream for a route handler", async () => {
    const png = await noisePng(200, 200, 4);
    const body = shootZipWebStream({ people: [person("Web Person", "k")], crops: ["avatar-512"], readOutput: async () => png });
    const zip = Buffer.from(await new Response(body, { headers: { "content-type": "application/zip" } }).arrayBuffer());
    expect((await unzip(zip)).map((e) => e.name)).toEqual(["original/web-person.png", "avatar-512/web-person.png", "manifest.csv"]);

    const big = await noisePng(640, 640, 6);
    let reads = 0;
    const cancelled = shootZipWebStream({
      people: Array.from({ length: 20 }, (_, i) => person(`Q ${i}`, "k")),
      crops: [],
      readOutput: async () => (reads++, big),
    });
    const reader = cancelled.getReader();
    await reader.read();
    await reader.cancel();
    await sleep(200);
    const after = reads;
    await sleep(200);
    expect(reads).toBe(after);
    expect(reads).toBeLessThan(20);
  });
});
