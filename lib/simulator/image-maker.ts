import sharp from "sharp";
import { mulberry32, seedFromParts, sha256Hex } from "./prng";
import { GLYPH_HEIGHT, textRects, textWidth } from "./pixel-font";

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
