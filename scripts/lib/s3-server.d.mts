// Types for s3-server.mjs (the repo compiles no JavaScript). test/s3-server.ts narrows the settings to the
// app's S3Settings.

/** What the S3 driver needs to reach a bucket (the shape of lib/config-schema.ts's S3Settings). */
export type S3BucketSettings = {
  bucket: string;
  region: string;
  endpoint: string | null;
  forcePathStyle: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
};

export type RunningS3 = {
  endpoint: string;
  /** A new empty bucket (named `name`, or a fresh test name) and the driver settings that reach it. */
  newBucket(name?: string): Promise<S3BucketSettings>;
  /** Every key in `bucket`, sorted (pages through ListObjectsV2 like any client). */
  listKeys(bucket: string, prefix?: string): Promise<string[]>;
  /** Puts objects straight into the server's store, no HTTP: for tests that need thousands of keys. */
  seed(bucket: string, keys: string[], bytes: Buffer): Promise<void>;
  /** The environment that makes the app use `bucket` (the names an operator sets). */
  envFor(bucket: string): Record<string, string>;
  close(): Promise<void>;
};

export function startS3Server(opts?: { port?: number }): Promise<RunningS3>;
