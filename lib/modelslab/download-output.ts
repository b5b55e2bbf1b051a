import "server-only";
import type { UpstreamOutput } from "./types";
import { decodeBase64Image } from "./decode-base64-image";
import { OutputDownloadError } from "./output-download-error";
import { BodyTooLargeError, readCapped } from "@/lib/http/body";
import { classifyTransportError } from "./transport-errors";

export type DownloadOptions = {
  fetchImpl: typeof fetch;
  timeoutMs: number;
  maxOutputBytes: number;
  assertOutputUrlAllowed?: (url: URL) => void | Promise<void>;
};

const MAX_REDIRECTS = 3;

function parseHttpUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new OutputDownloadError("bad_url", "The output URL is not valid.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new OutputDownloadError("bad_url", "The output URL is not http(s).");
  }
  return url;
}

/** Follows redirects by hand so every hop passes the URL guard (a redirect must not reach a private host). */
async function fetchGuarded(first: URL, opts: DownloadOptions, signal: AbortSignal): Promise<Response> {
  let url = first;
  for (let hop = 0; ; hop++) {
    try {
      await opts.assertOutputUrlAllowed?.(url);
    } catch (cause) {
      throw new OutputDownloadError("refused_url", "The output URL is not allowed.", null, { cause });
    }
    const res = await opts.fetchImpl(url, { method: "GET", cache: "no-store", redirect: "manual", signal });
    const location = res.headers.get("location");
    if (res.status < 300 || res.status >= 400 || location === null) return res;
    await res.body?.cancel().catch(() => undefined);
    if (hop >= MAX_REDIRECTS) throw new OutputDownloadError("http_status", "Too many redirects.", res.status);
    url = parseHttpUrl(location, url);
  }
}

function looksLikeHtml(contentType: string, head: string): boolean {
  return contentType.includes("text/html") || /^\s*<(!doctype|html|head|body)/i.test(head);
}

export async function downloadOutput(output: UpstreamOutput, opts: DownloadOptions): Promise<Buffer> {
  const url = parseHttpUrl(output.url);
  const isBase64 = output.encoding === "base64";
  // base64 text is ~4/3 the size of the image, plus room for a data-URI prefix and line breaks.
  const limit = isBase64 ? Math.ceil((opts.maxOutputBytes * 4) / 3) + 4096 : opts.maxOutputBytes;
  let bytes: Buffer;
  let contentType: string;
  try {
    const res = await fetchGuarded(url, opts, AbortSignal.timeout(opts.timeoutMs));
    if (res.status < 200 || res.status >= 300) {
      await res.body?.cancel().catch(() => undefined);
      throw new OutputDownloadError("http_status", `The output download failed with HTTP ${res.status}.`, res.status);
    }
    contentType = (res.headers.get("content-type") ?? "").toLowerCase();
    bytes = await readCapped(res, limit);
  } catch (error) {
    if (error instanceof OutputDownloadError) throw error;
    if (error instanceof BodyTooLargeError) {
      throw new OutputDownloadError("too_large", `The output is larger than ${opts.maxOutputBytes} bytes.`);
    }
    const failure = classifyTransportError(error);
    if (failure.kind === "timeout") throw new OutputDownloadError("timeout", "The output download timed out.");
    if (failure.code === null && !(error instanceof TypeError)) throw error;
    throw new OutputDownloadError("network", "The output could not be downloaded.");
  }
  if (looksLikeHtml(contentType, bytes.subarray(0, 64).toString("latin1"))) {
    throw new OutputDownloadError("html", "The output URL answered with an HTML page, not an image.", 200);
  }
  if (!isBase64) return bytes;
  const decoded = decodeBase64Image(bytes.toString("latin1"));
  if (decoded.length > opts.maxOutputBytes) {
    throw new OutputDownloadError("too_large", `The output is larger than ${opts.maxOutputBytes} bytes.`);
  }
  return decoded;
}
