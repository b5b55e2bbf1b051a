import { FaceInputError, IMAGE_MESSAGES } from "@/lib/images/limits";

/**
 * Prepares a staff-chosen photo exactly like the home page's face input does (HEIC converted, upright,
 * long side ≤ 2048 px, JPEG without metadata), loading that code only now. Throws an Error whose message a
 * person can read.
 */
export async function preparePhoto(file: File): Promise<File> {
  try {
    const { prepareFace } = await import("@/lib/client/prepare-face");
    const prepared = await prepareFace(file);
    URL.revokeObjectURL(prepared.previewUrl);
    return prepared.file;
  } catch (error) {
    throw new Error(error instanceof FaceInputError ? error.message : IMAGE_MESSAGES.unreadable);
  }
}
