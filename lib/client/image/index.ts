export { prepareFace } from "./prepare-face";
export { FaceInputError, FACE_INPUT_MESSAGES, type FaceInputErrorCode } from "./face-input-error";
export { formatBytes } from "./format-bytes";
export { fitWithin, type Size } from "./fit-within";
export { sniffImage, type SniffedFormat } from "./sniff-image";
export { FACE_LIMITS } from "./limits";
export type { PreparedFace } from "./types";
