import "server-only";
// User-safe texts. None of them ever interpolates anything but a sanitised upstream reason or a number.

export const MESSAGES = {
  invalidKey: "The API key is not valid.",
  insufficientCredits: "Out of credits — add credits to your ModelsLab account.",
  notFound: "The image job was not found upstream. It may have expired.",
  unavailable: "The image service is unavailable right now. Please try again shortly.",
  timeout: "The service did not answer in time.",
  warmup: "The model is warming up. Please try again in a minute.",
  unknown: "The image service gave an unexpected answer.",
} as const;

export function busyMessage(retryAfterSeconds: number | null): string {
  return retryAfterSeconds === null ? "Busy — try again in a moment." : `Busy — try again in ${retryAfterSeconds} s.`;
}

export function refusedMessage(reason: string | null): string {
  return reason === null ? "The request was refused." : `The request was refused: ${reason}`;
}

export function jobFailedMessage(reason: string | null): string {
  return reason === null ? "The generation failed." : `The generation failed: ${reason}`;
}
