import { AppError } from "@/lib/errors";

export type ImageErrorCode = "unsupported_media" | "payload_too_large" | "validation";

/** A face photo or output that was refused; `message` is written for the person who uploaded it. */
export class ImageValidationError extends AppError {
  constructor(code: ImageErrorCode, message: string, detail?: string) {
    super(code, message, { detail });
    this.name = "ImageValidationError";
  }
}

export const IMAGE_MESSAGES = {
  notImage: "This file is not an image. Use a JPEG, PNG, WebP or HEIC photo.",
  unreadable: "This image could not be read — it may be damaged or incomplete.",
  tooManyBytes: "This photo is too large. The limit is 20 MB.",
  tooManyPixels: "This photo is too large. The limit is 40 megapixels.",
  tooSmall: "This photo is too small. Use one at least 256 pixels on its shorter side.",
  animated: "Animated images are not supported. Use a still photo.",
  svg: "SVG files are not supported. Use a photo.",
} as const;

export const imageErrors = {
  notImage: (detail?: string) => new ImageValidationError("unsupported_media", IMAGE_MESSAGES.notImage, detail),
  svg: () => new ImageValidationError("unsupported_media", IMAGE_MESSAGES.svg),
  animated: (detail?: string) => new ImageValidationError("unsupported_media", IMAGE_MESSAGES.animated, detail),
  unreadable: (detail?: string) => new ImageValidationError("validation", IMAGE_MESSAGES.unreadable, detail),
  tooManyBytes: (detail?: string) => new ImageValidationError("payload_too_large", IMAGE_MESSAGES.tooManyBytes, detail),
  tooManyPixels: (detail?: string) => new ImageValidationError("payload_too_large", IMAGE_MESSAGES.tooManyPixels, detail),
  tooSmall: (detail?: string) => new ImageValidationError("validation", IMAGE_MESSAGES.tooSmall, detail),
};
