import "server-only";
export * from "./types";
export { createModelsLabClient, type ModelsLabClient } from "./client";
export { normalizeMakeGen } from "./normalize-make-gen";
export { normalizeFetch } from "./normalize-fetch";
export { normalizeSystemDetails } from "./normalize-system-details";
export { parseWebhook } from "./parse-webhook";
export { OutputDownloadError, type OutputDownloadProblem } from "./output-download-error";
export { buildMakeGenBody } from "./make-gen-body";
