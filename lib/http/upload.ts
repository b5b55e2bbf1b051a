import "server-only";
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import busboy, { type Busboy } from "busboy";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
// multipart framing and small fields around the file
const OVERHEAD = 64 * 1024;

/**
 * The `file` part of an upload, on disk. `dispose` deletes it; call it whatever happens.
 * team shoots: `fields` holds the other text fields (e.g. a person's name) and `filename` the photo's name as sent.
 */
export type ReceivedUpload = { path: string; size: number; dispose: () => Promise<void>; fields: Record<string, string>; filename: string | null };

const unreadable = () => new AppError("bad_request", "The upload could not be read. Try choosing the photo again.");
const tooLarge = () => new AppError("payload_too_large", "This photo is too large. The limit is 20 MB.");
const notOne = () => new AppError("validation", "Send exactly one photo.", { fields: { file: "Send exactly one photo." } });
const notFile = () => new AppError("validation", "The `file` field must be a photo.", { fields: { file: "Choose a photo." } });

/**
 * Streams the single `file` field of a multipart upload into a temp file under `tmpDir`. The body is
 * counted as it arrives and refused past 20 MB, so no upload is ever held in memory whole.
 */
export async function receiveUpload(request: Request, tmpDir: string): Promise<ReceivedUpload> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("unsupported_media", "Upload the photo as a multipart form with a `file` field.");
  }
  if (Number(request.headers.get("content-length") ?? "0") > MAX_UPLOAD_BYTES + OVERHEAD) throw tooLarge();
  if (!request.body) throw unreadable();
  let parser: Busboy;
  try {
    // team shoots: defParamCharset so a file name like "José.jpg" is read as browsers send it (UTF-8).
    parser = busboy({ headers: { "content-type": type }, defParamCharset: "utf8", limits: { fileSize: MAX_UPLOAD_BYTES, files: 8, fields: 16, parts: 24, fieldSize: 8 * 1024 } });
  } catch {
    throw unreadable();
  }
  await mkdir(tmpDir, { recursive: true });
  void sweepStaleUploads(tmpDir);
  const file = path.join(tmpDir, `upload-${randomUUID()}`);
  const dispose = () => rm(file, { force: true });
  try {
    const received: Received = { fields: {}, filename: null };
    const size = await parse(request.body, parser, file, received);
    return { path: file, size, dispose, ...received };
  } catch (error) {
    await dispose();
    throw error;
  }
}

type Received = Pick<ReceivedUpload, "fields" | "filename">;

function parse(body: ReadableStream<Uint8Array>, parser: Busboy, file: string, received: Received): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const reader = body.getReader();
    let failed = false;
    let fileEntries = 0;
    let textEntries = 0;
    let sink: Sink | null = null;
    const fail = (error: AppError) => {
      if (failed) return;
      failed = true;
      void reader.cancel().catch(() => undefined);
      parser.destroy();
      sink?.abort();
      // Let the temp file close before the caller deletes it.
      void (sink?.done ?? Promise.resolve(0)).catch(() => undefined).finally(() => reject(error));
    };

    parser.on("file", (name, stream, info) => {
      // Destroying the parser errors every open part; the outcome is already decided by then.
      stream.on("error", () => undefined);
      if (name === "file") fileEntries += 1;
      if (name !== "file" || sink || textEntries > 0) {
        stream.resume();
        if (fileEntries + textEntries > 1) fail(notOne());
        return;
      }
      stream.on("limit", () => fail(tooLarge()));
      received.filename = info.filename ?? null; // team shoots
      sink = toDisk(stream, file);
      sink.done.catch(() => fail(unreadable()));
    });
    parser.on("field", (name, value) => {
      if (name !== "file") {
        // team shoots: the last value of a repeated field wins; "__proto__" would set the object's prototype.
        if (name !== "__proto__") received.fields[name] = value;
        return;
      }
      textEntries += 1;
      if (fileEntries + textEntries > 1) fail(notOne());
    });
    parser.on("filesLimit", () => fail(notOne()));
    parser.on("partsLimit", () => fail(unreadable()));
    parser.on("fieldsLimit", () => fail(unreadable()));
    parser.on("error", () => fail(unreadable()));
    parser.on("close", () => {
      if (failed) return;
      if (fileEntries + textEntries !== 1) return fail(notOne());
      if (!sink) return fail(notFile());
      sink.done.then(resolve, () => fail(unreadable()));
    });

    void pump(reader, parser, () => failed).then(
      (tooMuch) => (tooMuch ? fail(tooLarge()) : undefined),
      () => fail(unreadable()),
    );
  });
}

/** Feeds the request body to the parser, honouring its back-pressure. Resolves true when the body is too big. */
async function pump(reader: ReadableStreamDefaultReader<Uint8Array>, parser: Busboy, stopped: () => boolean): Promise<boolean> {
  let seen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (stopped()) return false;
    if (done) {
      parser.end();
      return false;
    }
    seen += value.byteLength;
    if (seen > MAX_UPLOAD_BYTES + OVERHEAD) return true;
    if (!parser.write(value)) {
      await new Promise<void>((resolve) => {
        const go = () => (parser.off("drain", go).off("close", go), resolve());
        parser.on("drain", go).on("close", go);
      });
    }
  }
}

type Sink = { done: Promise<number>; abort: () => void };

function toDisk(stream: Readable, file: string): Sink {
  const out = createWriteStream(file, { flags: "wx" });
  const done = new Promise<number>((resolve, reject) => {
    let size = 0;
    stream.on("data", (chunk: Buffer) => (size += chunk.length));
    stream.on("error", (e) => out.destroy(e));
    out.on("error", reject);
    out.on("close", () => (stream.readableEnded && !stream.errored ? resolve(size) : reject(new Error("upload ended early"))));
    stream.pipe(out);
  });
  return {
    done,
    abort: () => {
      stream.destroy();
      out.destroy();
    },
  };
}

const STALE_MS = 60 * 60 * 1000;
const swept = new Set<string>();

/**
 * Once per process and folder: deletes upload temp files left by a crash. Requests delete their own
 * files, so anything an hour old belongs to no request.
 */
function sweepStaleUploads(tmpDir: string, now = Date.now()): Promise<number> | null {
  if (swept.has(tmpDir)) return null;
  swept.add(tmpDir);
  return removeOld(tmpDir, now).catch((e: unknown) => {
    log("warn", "upload_tmp_sweep_failed", { detail: e instanceof Error ? e.message : String(e) });
    return 0;
  });
}

async function removeOld(tmpDir: string, now: number): Promise<number> {
  let removed = 0;
  for (const name of await readdir(tmpDir)) {
    if (!name.startsWith("upload-")) continue;
    const file = path.join(tmpDir, name);
    const info = await stat(file).catch(() => null);
    if (info && now - info.mtimeMs > STALE_MS) {
      await rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}
