import sharp from "sharp";
import { imageErrors } from "./errors";

export type ImageHeader = { format: string; width: number; height: number; pages: number };

/** Dimensions and frame count from the file header only — no pixels are decoded. */
export async function readHeader(input: Buffer): Promise<ImageHeader> {
  // limitInputPixels is off here on purpose: the caller compares the size itself and gives a clear message.
  const meta = await sharp(input, { limitInputPixels: false, failOn: "error" })
    .metadata()
    .catch((e: unknown) => {
      throw imageErrors.unreadable(`header unreadable: ${e instanceof Error ? e.message : String(e)}`);
    });
  if (!meta.format || !meta.width || !meta.height) throw imageErrors.unreadable("header has no dimensions");
  // For multi-frame images sharp reports the whole strip's height; pageHeight is one frame.
  const height = meta.pages && meta.pages > 1 && meta.pageHeight ? meta.pageHeight : meta.height;
  return { format: meta.format, width: meta.width, height, pages: meta.pages ?? 1 };
}
