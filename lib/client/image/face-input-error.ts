/** Every message a person can see while preparing a face photo. Kept verbatim: tests and e2e assert them. */
export const FACE_INPUT_MESSAGES = {
  notImage: "This file is not an image. Use a JPEG, PNG, WebP or HEIC photo.",
  svg: "SVG files are not supported. Use a photo.",
  tooLarge: "This photo is too large. The limit is 20 MB.",
  unreadable: "This image could not be read — it may be damaged or incomplete.",
  tooSmall: "This photo is too small. Use one at least 256 pixels on its shorter side.",
} as const;

export type FaceInputErrorCode = keyof typeof FACE_INPUT_MESSAGES;

/** A problem with the chosen photo whose message is safe to show as is. */
export class FaceInputError extends Error {
  readonly code: FaceInputErrorCode;

  constructor(code: FaceInputErrorCode) {
    super(FACE_INPUT_MESSAGES[code]);
    this.name = "FaceInputError";
    this.code = code;
  }
}
