// The S3 driver of BlobStore (lib/storage/blob-store.ts): objects in one bucket of AWS S3 or any S3-compatible
// server (MinIO, R2, s3rver in the tests), through @aws-sdk/client-s3. Objects are private: the app never sets an
// ACL (a bucket's default, and buckets with ACLs disabled refuse one) and never hands out bucket URLs; every
// byte goes through the app's own owner-checked routes (README "Image storage").
import "server-only";
import type { GetObjectCommandOutput, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import type { S3Settings } from "@/lib/config-schema";
import { AppError } from "@/lib/errors";
import { assertSafeKey, SAVE_FAILED_MESSAGE, type BlobStore } from "./blob-store";

export type S3StorageOptions = S3Settings & {
  /** Keys per ListObjectsV2 page and per DeleteObjects call in deletePrefix; S3's own maximum is 1000. */
  listPageSize?: number;
};

const S3_MAX_PAGE = 1000;

type Sdk = typeof import("@aws-sdk/client-s3");
// Loaded on first use, not at import: the SDK takes 120–180 ms to load here, which a server storing files on
// disk (runtime.ts imports this module either way) should never pay.
let sdk: Promise<Sdk> | undefined;
const loadSdk = (): Promise<Sdk> => (sdk ??= import("@aws-sdk/client-s3"));

/** The SDK's service errors carry `$metadata`; checked by shape because the class lives in the lazy module. */
function isServiceError(e: unknown): e is S3ServiceException {
  return e instanceof Error && "$metadata" in e && typeof e.$metadata === "object" && e.$metadata !== null;
}

/** A missing object. GetObject says NoSuchKey; HeadObject has no body, so only its 404 says so. */
function isMissing(e: unknown, head = false): boolean {
  if (!isServiceError(e)) return false;
  return e.name === "NoSuchKey" || (head && e.$metadata.httpStatusCode === 404);
}

function explain(e: unknown): string {
  if (isServiceError(e)) return `${e.name} (HTTP ${e.$metadata.httpStatusCode ?? "?"})`;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export function createS3Storage(options: S3StorageOptions): BlobStore {
  const { bucket } = options;
  const pageSize = Math.min(S3_MAX_PAGE, Math.max(1, options.listPageSize ?? S3_MAX_PAGE));
  let connected: Promise<{ s3: Sdk; client: S3Client }> | undefined;
  const connect = () => (connected ??= loadSdk().then((s3) => ({ s3, client: makeClient(s3) })));
  const makeClient = (s3: Sdk) => new s3.S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // Checksums only where S3 requires them (DeleteObjects): several S3-compatible servers refuse the SDK's
    // newer default trailing checksums.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // The SDK waits forever by default; a hung bucket must fail a request, not hold it. requestTimeout is the
    // socket's idle time, so a long download that keeps moving is not cut off.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });

  async function getObject(key: string): Promise<GetObjectCommandOutput | null> {
    assertSafeKey(key);
    const { s3, client } = await connect();
    try {
      return await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key }));
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  return {
    async put(key, bytes, contentType) {
      assertSafeKey(key);
      const { s3, client } = await connect();
      try {
        // One PutObject: S3 replaces an object atomically, so readers see the old bytes or the new ones.
        await client.send(
          new s3.PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: bytes,
            ContentLength: bytes.length,
            ContentType: contentType ?? "application/octet-stream",
          }),
        );
      } catch (e) {
        throw new AppError("internal", SAVE_FAILED_MESSAGE, { detail: `storage put ${key} failed: ${explain(e)}` });
      }
    },
    async get(key) {
      const object = await getObject(key);
      if (!object?.Body) return null;
      const bytes = await object.Body.transformToByteArray();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    async stat(key) {
      assertSafeKey(key);
      const { s3, client } = await connect();
      try {
        const head = await client.send(new s3.HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { size: head.ContentLength ?? 0, mtimeMs: head.LastModified?.getTime() ?? 0 };
      } catch (e) {
        if (isMissing(e, true)) return null;
        throw e;
      }
    },
    async open(key) {
      const object = await getObject(key);
      if (!object?.Body) return null;
      const body = object.Body.transformToWebStream();
      if (object.ContentLength === undefined) {
        await body.cancel();
        throw new Error(`storage open ${key}: the bucket sent no Content-Length`);
      }
      return { body, size: object.ContentLength };
    },
    async delete(key) {
      assertSafeKey(key);
      const { s3, client } = await connect();
      // S3 answers 204 for a key that is not there, too.
      await client.send(new s3.DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async deletePrefix(prefix) {
      assertSafeKey(prefix);
      const { s3, client } = await connect();
      // The trailing slash keeps `outputs/a` from matching `outputs/ab/…`. Page by page: list up to pageSize
      // keys, delete them in one call, continue after the last one (the token is a position in key order, so
      // deleting what was listed does not shift the next page).
      let token: string | undefined;
      do {
        const page = await client.send(
          new s3.ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/`, MaxKeys: pageSize, ContinuationToken: token }),
        );
        const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
        if (keys.length > 0) {
          const result = await client.send(new s3.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
          const failed = result.Errors ?? [];
          if (failed.length > 0) {
            const first = failed[0];
            throw new Error(`storage deletePrefix ${prefix}: ${failed.length} object(s) not deleted, e.g. ${first?.Key} (${first?.Code})`);
          }
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
  };
}
