import "server-only";

/**
 * Team shoot export (issue 13): the "Download ZIP" of a shoot.
 *
 * The ZIP holds, for each exported person, `original/<slug>.png` (the stored output, byte for byte) and one
 * folder per chosen crop (`square-1024/`, `portrait-4x5/`, `avatar-512/`), plus `manifest.csv` last.
 * Slugs come from the people's names, collisions numbered in input order (`ana-lopez`, `ana-lopez-2`).
 *
 * Memory stays constant whatever the number of people: `streamShootZip` handles ONE person at a time
 * (read → crops → append) and does not read the next person until the previous one's bytes have left
 * through the returned stream, so a slow client holds the export back rather than filling memory.
 * The ZIP is built on request and never kept.
 *
 * A person whose output cannot be read (or decoded) is skipped and listed in the manifest with status
 * `missing` and no files: the ZIP stays complete and valid, and the gap is visible.
 *
 * Libraries: `archiver` (ZIP; PNGs are STORED — already compressed — and the CSV DEFLATED; every entry
 * is appended from a Buffer so its size and CRC are written up front, with no data descriptor, which
 * every unzip tool reads), `csv-stringify` (RFC 4180 quoting), `sharp` (crops, attention strategy).
 */
import { Readable, Transform, type TransformCallback } from "node:stream";
import { ZipArchive } from "archiver";
import { stringify } from "csv-stringify/sync";
import sharp from "sharp";
import { CROP_IDS, CROPS, type Crop, type CropId, type CropSpec } from "@/lib/validations/shoot";

export { CROP_IDS, CROPS, type Crop, type CropId, type CropSpec };

// ---------------------------------------------------------------------------------------------------------
// Crops
// ---------------------------------------------------------------------------------------------------------

export function isCropId(value: unknown): value is CropId {
  return typeof value === "string" && (CROP_IDS as readonly string[]).includes(value);
}

export function cropById(id: CropId): Crop {
  const crop = CROPS.find((c) => c.id === id);
  if (!crop) throw new Error(`unknown crop ${JSON.stringify(id)}`);
  return crop;
}

/**
 * Cuts `crop` out of a stored output: scaled to cover the crop's exact size, the window placed by sharp's
 * attention strategy (it favours skin tones, saturation and edges, so it follows the face). Round crops get
 * a circle mask (dest-in) so the corners are alpha 0 and the centre opaque. Output is PNG without metadata.
 */
export async function cropImage(input: Buffer, crop: CropSpec): Promise<Buffer> {
  const resized = sharp(input, { failOn: "error" }).resize(crop.width, crop.height, {
    fit: "cover",
    position: sharp.strategy.attention,
  });
  if (!crop.round) return resized.png().toBuffer();
  const r = Math.min(crop.width, crop.height) / 2;
  const mask = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${crop.width}" height="${crop.height}">` +
      `<circle cx="${crop.width / 2}" cy="${crop.height / 2}" r="${r}" fill="#fff"/></svg>`,
  );
  return resized.ensureAlpha().composite([{ input: mask, blend: "dest-in" }]).png().toBuffer();
}

// ---------------------------------------------------------------------------------------------------------
// File names
// ---------------------------------------------------------------------------------------------------------

export const SLUG_MAX = 60;
const FALLBACK_SLUG = "person";

/** Latin letters that NFKD does not decompose into an ASCII letter plus marks. */
const LETTERS: Record<string, string> = {
  ß: "ss", æ: "ae", œ: "oe", ø: "o", đ: "d", ð: "d", ł: "l", þ: "th", ı: "i", ħ: "h", ŋ: "n",
};

/** An ASCII kebab-case slug of a person's name (`"Ana López"` → `"ana-lopez"`); `"person"` when nothing is left. */
export function slugName(name: string, max = SLUG_MAX): string {
  const slug = String(name ?? "")
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[ßæœøđðłþıħŋ]/g, (ch) => LETTERS[ch] ?? "-")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return trimSlug(slug, max) || FALLBACK_SLUG;
}

function trimSlug(slug: string, max: number): string {
  return slug.length <= max ? slug : slug.slice(0, max).replace(/-+$/, "");
}

/**
 * One slug per name, in input order, all distinct: a repeated slug gets `-2`, `-3`, … (the first keeps the
 * bare slug), skipping any suffixed form already taken, and stays within `SLUG_MAX` characters.
 */
export function uniqueSlugs(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base = slugName(name);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) {
      const suffix = `-${n}`;
      slug = trimSlug(base, SLUG_MAX - suffix.length) + suffix;
    }
    taken.add(slug);
    return slug;
  });
}

/** `Content-Disposition` file name for a shoot's ZIP. */
export function shootZipFileName(shootName: string): string {
  return `${slugName(shootName, 80)}-headshots.zip`;
}

// ---------------------------------------------------------------------------------------------------------
// Manifest
// ---------------------------------------------------------------------------------------------------------

export const MANIFEST_COLUMNS = ["name", "email", "title", "status", "files", "seed", "prompt", "size", "created at"] as const;

export interface ManifestRow {
  name: string;
  email: string | null;
  title: string | null;
  /** The person's status in the shoot (e.g. `approved`, `favourite`), or `missing` when their output could not be read. */
  status: string;
  /** Paths inside the ZIP. */
  files: readonly string[];
  seed: number | null;
  prompt: string | null;
  width: number;
  height: number;
  createdAt: Date | string | number;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, tab or CR: a leading `'` makes it text. */
export function guardCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function isoDate(value: Date | string | number): string {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString();
}

/**
 * `manifest.csv`: a UTF-8 BOM (so Excel reads accents), a header, one CRLF-terminated row per person; fields
 * with commas, quotes or line breaks quoted (RFC 4180); text cells guarded against formula injection.
 */
export function manifestCsv(rows: readonly ManifestRow[]): string {
  const text = (v: string | null) => guardCell(v ?? "");
  const records = rows.map((r) => [
    text(r.name),
    text(r.email),
    text(r.title),
    text(r.status),
    text(r.files.join(";")),
    r.seed === null || !Number.isFinite(r.seed) ? "" : String(r.seed),
    text(r.prompt),
    `${r.width}x${r.height}`,
    isoDate(r.createdAt),
  ]);
  return stringify(records, { header: true, columns: [...MANIFEST_COLUMNS], bom: true, record_delimiter: "windows" });
}

// ---------------------------------------------------------------------------------------------------------
// ZIP
// ---------------------------------------------------------------------------------------------------------

export interface ExportPerson {
  name: string;
  email: string | null;
  title: string | null;
  /** Written to the manifest as is (`approved`, `favourite`, …). */
  status: string;
  seed: number | null;
  prompt: string | null;
  /** Size of the stored output. */
  width: number;
  height: number;
  createdAt: Date | string | number;
  /** Storage key of the person's chosen output (PNG). */
  outputKey: string;
}

export interface ShootZipOptions {
  /** Already selected by the caller (the approved people, or everyone's favourite), in the order wanted. */
  people: readonly ExportPerson[];
  /** Crops to add besides the original; kept in `CROPS` order, duplicates ignored. */
  crops: readonly CropId[];
  /** Reads a stored output; `null` or a throw marks the person `missing`. */
  readOutput: (key: string) => Promise<Buffer | null>;
  /** Told about each person skipped as `missing` (for the log). */
  onSkip?: (person: ExportPerson, error: unknown) => void;
  /** Told once the last byte has been handed to the stream. */
  onDone?: (summary: { people: number; missing: number; bytes: number }) => void;
}

/** Bytes the returned stream buffers before it stops pulling from the archive. */
const OUT_HIGH_WATER = 1 << 20;

/**
 * The shoot's ZIP as a Node stream (pipe it to a file or a response; `shootZipWebStream` for a route
 * handler). One person at a time: person N+1 is read only once person N−1's bytes have left through the
 * stream, so at most two people's files are held at once. Destroying the stream stops the export.
 */
export function streamShootZip(options: ShootZipOptions): Readable {
  const { people, readOutput, onSkip, onDone } = options;
  const wanted = new Set(options.crops);
  const crops = CROPS.filter((c) => wanted.has(c.id));
  const slugs = uniqueSlugs(people.map((p) => p.name));

  const archive = new ZipArchive({ store: true, zlib: { level: 6 } });
  let passed = 0;
  let closed = false;
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  const out = new Transform({
    readableHighWaterMark: OUT_HIGH_WATER,
    writableHighWaterMark: OUT_HIGH_WATER,
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      passed += chunk.length;
      done(null, chunk);
      poke();
    },
  });
  out.on("close", () => {
    closed = true;
    archive.abort();
    poke();
  });
  archive.on("error", (err) => out.destroy(err));
  archive.on("warning", (err) => out.destroy(err));
  archive.pipe(out);

  /** Resolves once `bytes` have entered `out` (or the stream is gone). */
  const waitPassed = async (bytes: number) => {
    while (!closed && passed < bytes) await new Promise<void>((resolve) => (wake = resolve));
  };

  const run = async () => {
    const rows: ManifestRow[] = [];
    let appended = 0; // payload bytes appended so far
    let settled = 0; // payload bytes of every person but the last one appended
    let missing = 0;
    for (const [i, person] of people.entries()) {
      await waitPassed(settled);
      if (closed) return;
      const slug = slugs[i] ?? FALLBACK_SLUG;
      const row: ManifestRow = { ...person, files: [] };
      let files: { name: string; data: Buffer }[];
      try {
        const original = await readOutput(person.outputKey);
        if (!original || original.length === 0) throw new Error(`no stored output at ${person.outputKey}`);
        const cut = await Promise.all(crops.map((c) => cropImage(original, c)));
        files = [
          { name: `original/${slug}.png`, data: original },
          ...crops.map((c, k) => ({ name: `${c.id}/${slug}.png`, data: cut[k] as Buffer })),
        ];
      } catch (error) {
        if (closed) return;
        missing++;
        rows.push({ ...row, status: "missing" });
        onSkip?.(person, error);
        continue;
      }
      if (closed) return;
      const date = entryDate(person.createdAt);
      let bytes = 0;
      for (const f of files) {
        archive.append(f.data, { name: f.name, date, store: true });
        bytes += f.data.length;
      }
      rows.push({ ...row, files: files.map((f) => f.name) });
      settled = appended;
      appended += bytes;
    }
    if (closed) return;
    archive.append(Buffer.from(manifestCsv(rows), "utf8"), { name: "manifest.csv", date: new Date(), store: false });
    out.once("end", () => onDone?.({ people: people.length, missing, bytes: passed }));
    await archive.finalize();
  };
  run().catch((err: unknown) => {
    if (!closed) out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return out;
}

function entryDate(value: Date | string | number): Date {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? new Date() : d;
}

/**
 * The same ZIP as a web `ReadableStream` for a route handler (`new Response(stream, …)`): pull-based, one
 * chunk per pull, so the client's pace still sets the export's pace; cancelling it stops the export.
 */
export function shootZipWebStream(options: ShootZipOptions): ReadableStream<Uint8Array> {
  return toWebStream(streamShootZip(options));
}

export function toWebStream(readable: Readable): ReadableStream<Uint8Array> {
  const chunks = readable[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      },
      async cancel() {
        readable.destroy();
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
