// Test-only: a real S3-compatible server (s3rver, in-process) on a free loopback port, for the BlobStore
// contract suite and the files route served from S3. The server and its two repairs live in plain ESM
// (scripts/lib/s3-server.mjs) because `npm run start:cluster` uses the same one; this file gives it the app's types.
import type { S3Settings } from "@/lib/config-schema";
import { startS3Server as startPlain, type RunningS3 as PlainRunningS3 } from "../scripts/lib/s3-server.mjs";

export type RunningS3 = Omit<PlainRunningS3, "newBucket"> & {
  /** A new empty bucket and the driver settings that reach it. */
  newBucket(): Promise<S3Settings>;
};

export const startS3Server = (): Promise<RunningS3> => startPlain();
