/** Converts HEIC/HEIF to a JPEG blob. heic2any is ~2.7 MB, so it loads only when a HEIC photo arrives. */
export async function heicToJpeg(blob: Blob): Promise<Blob> {
  const { default: heic2any } = await import("heic2any");
  const result = await heic2any({ blob, toType: "image/jpeg", quality: 0.92 });
  const first = Array.isArray(result) ? result[0] : result;
  if (!first) throw new Error("HEIC conversion returned no image");
  return first;
}
