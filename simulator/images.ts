// Images: reading the face image a make_gen call sends (URL on loopback, or base64), and drawing the output,
// a deterministic PNG stamped "SIMULATED" so nobody mistakes it for a real headshot.
import { createHash } from "node:crypto";
import sharp from "sharp";
import { isLoopbackHost } from "./options";
import { isHttpUrl } from "./protocol";

// ---- The face image sent in

export type FaceResult = { ok: true; bytes: Buffer; width: number; height: number } | { ok: false; message: string };

const FETCH_TIMEOUT_MS = 10_000;
const MAX_FACE_BYTES = 20 * 1024 * 1024;
const UNREACHABLE = "Unable to fetch image from provided URL";

async function fetchLoopback(url: string, signal: AbortSignal): Promise<Buffer | null> {
  const parsed = new URL(url);
  // The simulator never leaves the machine: any other host counts as unreachable.
  if (!isLoopbackHost(parsed.hostname.replace(/^\[|\]$/g, ""))) return null;
  try {
    const res = await fetch(parsed, { redirect: "manual", signal: AbortSignal.any([signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]) });
    if (!res.ok) return null;
    const bytes = Buffer.from(await res.arrayBuffer());
    return bytes.length > 0 && bytes.length <= MAX_FACE_BYTES ? bytes : null;
  } catch {
    return null;
  }
}

function decodeBase64(text: string): Buffer | null {
  const payload = text.replace(/^data:[\w.+/-]+;base64,/i, "").replace(/\s+/g, "");
  if (payload.length === 0 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(payload)) return null;
  return Buffer.from(payload, "base64");
}

async function probe(bytes: Buffer): Promise<FaceResult> {
  try {
    const m = await sharp(bytes).metadata();
    if (!m.width || !m.height) throw new Error("no size");
    const swap = (m.orientation ?? 1) >= 5;
    return { ok: true, bytes, width: swap ? m.height : m.width, height: swap ? m.width : m.height };
  } catch {
    return { ok: false, message: "The face image must be a valid image." };
  }
}

/** Resolves face_image (URL or base64/data URI) to bytes, with the messages the real API uses. */
export async function loadFace(faceImage: string, base64: boolean, signal: AbortSignal): Promise<FaceResult> {
  const trimmed = faceImage.trim();
  if (isHttpUrl(trimmed)) {
    const bytes = await fetchLoopback(trimmed, signal);
    return bytes ? probe(bytes) : { ok: false, message: UNREACHABLE };
  }
  if (!base64) return { ok: false, message: "face image must be a valid url when base64 is a representation of false" };
  const bytes = decodeBase64(trimmed);
  return bytes ? probe(bytes) : { ok: false, message: "The face image must be a valid base64 string." };
}

// ---- Seeded randomness

/** mulberry32: tiny, fast and good enough for picking colours and crops. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedFromParts(parts: (string | number)[]): number {
  const digest = createHash("sha256").update(parts.map(String).join("\u0000")).digest();
  return digest.readUInt32BE(0);
}

export const sha256Hex = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

// ---- Drawing text

// A 5×7 bitmap font drawn as SVG rects, so the "SIMULATED" mark renders identically with or without system fonts.
const GLYPHS: Record<string, number[]> = {
  A: [0x0e, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11], B: [0x1e, 0x11, 0x11, 0x1e, 0x11, 0x11, 0x1e],
  C: [0x0e, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0e], D: [0x1e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1e],
  E: [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x1f], F: [0x1f, 0x10, 0x10, 0x1e, 0x10, 0x10, 0x10],
  G: [0x0e, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0f], H: [0x11, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11],
  I: [0x0e, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e], J: [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0c],
  K: [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11], L: [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1f],
  M: [0x11, 0x1b, 0x15, 0x15, 0x11, 0x11, 0x11], N: [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
  O: [0x0e, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e], P: [0x1e, 0x11, 0x11, 0x1e, 0x10, 0x10, 0x10],
  Q: [0x0e, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0d], R: [0x1e, 0x11, 0x11, 0x1e, 0x14, 0x12, 0x11],
  S: [0x0f, 0x10, 0x10, 0x0e, 0x01, 0x01, 0x1e], T: [0x1f, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
  U: [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0e], V: [0x11, 0x11, 0x11, 0x11, 0x11, 0x0a, 0x04],
  W: [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0a], X: [0x11, 0x11, 0x0a, 0x04, 0x0a, 0x11, 0x11],
  Y: [0x11, 0x11, 0x0a, 0x04, 0x04, 0x04, 0x04], Z: [0x1f, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1f],
  "0": [0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e], "1": [0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e],
  "2": [0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f], "3": [0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e],
  "4": [0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02], "5": [0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e],
  "6": [0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e], "7": [0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
  "8": [0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e], "9": [0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c],
  "-": [0, 0, 0, 0x1f, 0, 0, 0], ":": [0, 0x0c, 0x0c, 0, 0x0c, 0x0c, 0], ".": [0, 0, 0, 0, 0, 0x0c, 0x0c],
  "#": [0x0a, 0x0a, 0x1f, 0x0a, 0x1f, 0x0a, 0x0a],
};

const GLYPH_HEIGHT = 7;
const ADVANCE = 6;

/** Width in pixels of `text` at `scale` pixels per font cell. */
export function textWidth(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * ADVANCE - 1) * scale;
}

/** SVG rects (one per horizontal run of lit cells) for `text`, top-left at (x, y). Unknown characters are blank. */
export function textRects(text: string, x: number, y: number, scale: number): string {
  const out: string[] = [];
  [...text.toUpperCase()].forEach((ch, i) => {
    const rows = GLYPHS[ch];
    if (!rows) return;
    const gx = x + i * ADVANCE * scale;
    rows.forEach((bits, row) => {
      let col = 0;
      while (col < 5) {
        if (!((bits >> (4 - col)) & 1)) {
          col++;
          continue;
        }
        const start = col;
        while (col < 5 && (bits >> (4 - col)) & 1) col++;
        out.push(`<rect x="${gx + start * scale}" y="${y + row * scale}" width="${(col - start) * scale}" height="${scale}"/>`);
      }
    });
  });
  return out.join("");
}

// ---- The output image

export type SimulatedImageInput = { face: Buffer; prompt: string; seed: number; width: number; height: number };

type Rgb = { r: number; g: number; b: number };

function hslToRgb(h: number, s: number, l: number): Rgb {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))));
  return { r: f(0), g: f(8), b: f(4) };
}

const hex = ({ r, g, b }: Rgb) => `#${[r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("")}`;

function overlaySvg(width: number, height: number, border: number, tint: Rgb, seed: number): Buffer {
  const mark = "SIMULATED";
  const big = Math.max(1, Math.floor((width * 0.86) / textWidth(mark, 1)));
  const bigX = Math.round((width - textWidth(mark, big)) / 2);
  const bandH = GLYPH_HEIGHT * big + 2 * big;
  const bandY = Math.round((height - bandH) / 2);
  const label = `SEED ${seed}`;
  const small = Math.max(1, Math.floor(big / 3));
  const smallH = GLYPH_HEIGHT * small;
  const smallY = height - border - smallH - 2 * small;
  const smallX = border + 2 * small;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect x="${border}" y="${border}" width="${width - 2 * border}" height="${height - 2 * border}" fill="${hex(tint)}" fill-opacity="0.18"/>` +
      `<rect x="0" y="${bandY}" width="${width}" height="${bandH}" fill="#000" fill-opacity="0.55"/>` +
      `<g fill="#fff">${textRects(mark, bigX, bandY + big, big)}</g>` +
      `<rect x="${smallX - small}" y="${smallY - small}" width="${textWidth(label, small) + 2 * small}" height="${smallH + 2 * small}" fill="#000" fill-opacity="0.6"/>` +
      `<g fill="#ffeb3b">${textRects(label, smallX, smallY, small)}</g>` +
      `</svg>`,
  );
}

/** A PNG of exactly width×height: a seeded crop of the face, framed and tinted, stamped "SIMULATED". Deterministic. */
export async function makeSimulatedPng(input: SimulatedImageInput): Promise<Buffer> {
  const { width, height } = input;
  const rnd = mulberry32(seedFromParts([sha256Hex(input.face), input.prompt, input.seed]));
  const tint = hslToRgb(rnd() * 360, 0.5, 0.55);
  const border = Math.max(1, Math.round(Math.min(width, height) * 0.05));
  const innerW = Math.max(1, width - 2 * border);
  const innerH = Math.max(1, height - 2 * border);

  const oriented = await sharp(input.face).rotate().toBuffer({ resolveWithObject: true });
  const fw = oriented.info.width;
  const fh = oriented.info.height;
  const aspect = innerW / innerH;
  const zoom = 1 + rnd() * 0.6;
  const fullW = Math.min(fw, fh * aspect);
  const cw = Math.max(1, Math.min(fw, Math.floor(fullW / zoom)));
  const ch = Math.max(1, Math.min(fh, Math.floor(fullW / aspect / zoom)));
  // Headshots sit in the upper middle of a portrait, so bias the crop there.
  const left = Math.floor((0.25 + rnd() * 0.5) * (fw - cw + 1));
  const top = Math.floor(rnd() * 0.4 * (fh - ch + 1));

  const faceLayer = await sharp(oriented.data)
    .extract({ left, top, width: cw, height: ch })
    .resize(innerW, innerH, { fit: "fill" })
    .modulate({ hue: Math.round(rnd() * 80 - 40), saturation: 0.7 + rnd() * 0.6, brightness: 0.9 + rnd() * 0.2 })
    .removeAlpha()
    .toBuffer();

  const composed = await sharp({ create: { width, height, channels: 3, background: tint } })
    .composite([
      { input: faceLayer, left: border, top: border },
      { input: overlaySvg(width, height, border, tint, input.seed), left: 0, top: 0 },
    ])
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(composed.data, { raw: composed.info }).removeAlpha().png().toBuffer();
}
