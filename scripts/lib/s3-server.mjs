// A real S3-compatible server (s3rver, in-process) on a free loopback port with a temp directory: the bucket
// of `npm run start:cluster` when no S3_BUCKET is given, and of the tests (test/s3-server.ts wraps this with
// the app's types). Plain ESM so scripts run it without tsx. Two repairs make s3rver 3.7 behave as S3 does
// where the app and the contract suite look (see patchStore and allowS3rverTokens below).
import crypto, { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import fs from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";

// s3rver's fixed account.
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
const REGION = "us-east-1";

let buckets = 0;

/**
 * s3rver makes ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node ≥ 17) no longer offers
 * without --openssl-legacy-provider: every truncated listing fails with InternalError. Triple DES with the
 * 8-byte key repeated three times is the same cipher (same bytes), and is still there. Only "des" is touched.
 */
function allowS3rverTokens() {
  if (crypto.__s3rverDes) return;
  crypto.__s3rverDes = true;
  const triple = (key) => Buffer.concat([key, key, key]);
  const cipheriv = crypto.createCipheriv;
  const decipheriv = crypto.createDecipheriv;
  Object.assign(crypto, {
    createCipheriv: (algorithm, key, iv, options) => (algorithm === "des" ? cipheriv("des-ede3-cbc", triple(key), iv) : cipheriv(algorithm, key, iv, options)),
    createDecipheriv: (algorithm, key, iv, options) => (algorithm === "des" ? decipheriv("des-ede3-cbc", triple(key), iv) : decipheriv(algorithm, key, iv, options)),
  });
}

/**
 * s3rver overwrites an object's file in place (and answers before the bytes are written), so a concurrent GET
 * can see a torn object; S3, MinIO and the rest replace an object atomically. Here a PUT writes a temp file and
 * renames it over the object (with its metadata) while a GET of that key waits, and a GET holds the key only
 * until its file is open — after that it reads the version it opened. This is the server's half of "a reader
 * sees the old bytes or the new"; the driver's half (one PutObject, never delete-then-put) is what the suite tests.
 */
function patchStore(store) {
  const busy = new Map();
  const exclusive = async (id, fn) => {
    const before = busy.get(id) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const settled = run.catch(() => undefined);
    busy.set(id, settled);
    void settled.then(() => busy.get(id) === settled && busy.delete(id));
    return run;
  };
  const { getObject, deleteObject } = store;
  store.putObject = async (object) => {
    const parts = [];
    if (Buffer.isBuffer(object.content)) parts.push(object.content);
    else for await (const chunk of object.content) parts.push(chunk);
    const bytes = Buffer.concat(parts);
    const md5 = createHash("md5").update(bytes).digest("hex");
    const file = store.getResourcePath(object.bucket, object.key, "object");
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomUUID()}.tmp`;
    await fs.writeFile(tmp, bytes);
    await exclusive(`${object.bucket}/${object.key}`, async () => {
      await fs.rename(tmp, file);
      await store.putMetadata(object.bucket, object.key, object.metadata, md5);
    });
    return { size: bytes.length, md5 };
  };
  store.getObject = (bucket, key, options) => exclusive(`${bucket}/${key}`, () => getObject.call(store, bucket, key, options));
  store.deleteObject = (bucket, key) => exclusive(`${bucket}/${key}`, () => deleteObject.call(store, bucket, key));
}

/** s3rver on 127.0.0.1:`port` (a free one by default). s3rver is a dev dependency, so it is loaded only here. */
export async function startS3Server({ port = 0 } = {}) {
  const { default: S3rver } = await import("s3rver");
  allowS3rverTokens();
  const dir = mkdtempSync(path.join(tmpdir(), "hs-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port, directory: dir, silent: true });
  const store = server.store;
  patchStore(store);
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({ endpoint, region: REGION, forcePathStyle: true, credentials: CREDENTIALS });
  return {
    endpoint,
    async newBucket(name) {
      const bucket = name ?? `test-${process.pid}-${++buckets}`;
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      return { bucket, region: REGION, endpoint, forcePathStyle: true, credentials: CREDENTIALS };
    },
    async listKeys(bucket, prefix) {
      const keys = [];
      let token;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
    async seed(bucket, keys, bytes) {
      for (let i = 0; i < keys.length; i += 100) {
        const batch = keys.slice(i, i + 100);
        await Promise.all(batch.map((key) => store.putObject({ bucket, key, content: bytes, metadata: { "content-type": "application/octet-stream" } })));
      }
    },
    envFor(bucket) {
      return {
        S3_BUCKET: bucket,
        AWS_ENDPOINT_URL_S3: endpoint,
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        S3_FORCE_PATH_STYLE: "true",
      };
    },
    async close() {
      client.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
