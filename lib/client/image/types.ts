/** A face photo made ready in the browser: resized, re-encoded as JPEG, metadata dropped. */
export type PreparedFace = {
  /** The processed JPEG that is sent to the server. */
  file: File;
  /** An object URL of `file`; whoever discards the value should revoke it. */
  previewUrl: string;
  width: number;
  height: number;
  bytes: number;
  originalBytes: number;
  originalName: string;
};
