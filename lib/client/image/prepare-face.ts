import { drawForJpeg } from "./encode-jpeg";
import { FaceInputError } from "./face-input-error";
import { fitWithin } from "./fit-within";
import { heicToJpeg } from "./heic-to-jpeg";
import { FACE_LIMITS } from "./limits";
import { SNIFF_BYTES, sniffImage } from "./sniff-image";
import type { PreparedFace } from "./types";

async function decode(blob: Blob): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(blob, { imageOrientation: "from-image" });
  } catch {
    throw new FaceInputError("unreadable");
  }
}

/** Checks, resizes and re-encodes a chosen photo. Throws FaceInputError with a message fit for people. */
export async function prepareFace(file: File): Promise<PreparedFace> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const format = sniffImage(head);
  if (format === "svg") throw new FaceInputError("svg");
  if (format === null) throw new FaceInputError("notImage");
  if (file.size > FACE_LIMITS.maxInputBytes) throw new FaceInputError("tooLarge");

  let decodable: Blob = file;
  if (format === "heic") {
    try {
      decodable = await heicToJpeg(file);
    } catch {
      throw new FaceInputError("unreadable");
    }
  }

  const bitmap = await decode(decodable);
  try {
    if (Math.min(bitmap.width, bitmap.height) < FACE_LIMITS.minShortSide) throw new FaceInputError("tooSmall");
    const size = fitWithin(bitmap.width, bitmap.height, FACE_LIMITS.maxLongSide);
    const encode = drawForJpeg(bitmap, size);
    let jpeg = await encode(FACE_LIMITS.quality);
    if (jpeg.size > FACE_LIMITS.targetBytes) jpeg = await encode(FACE_LIMITS.fallbackQuality);

    const out = new File([jpeg], "face.jpg", { type: "image/jpeg", lastModified: Date.now() });
    return {
      file: out,
      previewUrl: URL.createObjectURL(out),
      width: size.width,
      height: size.height,
      bytes: out.size,
      originalBytes: file.size,
      originalName: file.name,
    };
  } finally {
    bitmap.close();
  }
}
