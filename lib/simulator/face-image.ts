import sharp from "sharp";
import { isLoopbackHost } from "./options";

export type FaceResult = { ok: true; bytes: Buffer; width: number; height: number } | { ok: false; message: string };

const FETCH_TIMEOUT_MS = 10_000;
const MAX_FACE_BYTES = 20 * 1024 * 1024;
const UNREACHABLE = "Unable to fetch image from provided URL";

export const isHttpUrl = (s: string) => /^https?:\/\//i.test(s) && URL.canParse(s);

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
