import "server-only";
// Output downloads: fetching a finished image (or its `.base64` text file) from the URL the upstream gave,
// within a size cap, refusing HTML error pages and non-images. Also the SSRF guard used for them in real
// mode: output URLs come from a third party, so they must never reach a private, loopback or link-local
// address, whether written literally, reached through DNS, through a redirect, or through DNS rebinding.
import { lookup as lookupOne, type LookupAddress, type LookupOptions } from "node:dns";
import { lookup as lookupAll } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { Agent, fetch as undiciFetch } from "undici";
import { BodyTooLargeError, readCapped } from "@/lib/http/body";
import type { UpstreamOutput } from "./types";
import { classifyTransportError, OutputDownloadError } from "./failures";
import { sniffImageType } from "@/lib/images/sniff";

// ---------------------------------------------------------------------------------------------------------
// SSRF guard

const BLOCKED = new BlockList();
// IPv4: "this" network, private, carrier-grade NAT, loopback, link-local, IETF, benchmarking, multicast, reserved.
for (const [net, bits] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 3]] as const) {
  BLOCKED.addSubnet(net, bits, "ipv4");
}
// IPv6: unspecified/loopback/IPv4-compatible (::/96), NAT64, 6to4 and Teredo (they embed IPv4 targets),
// unique-local, link-local, multicast. IPv4-mapped addresses (::ffff:a.b.c.d, also written ::ffff:7f00:1)
// are matched against the IPv4 rules by BlockList itself.
for (const [net, bits] of [["::", 96], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["2002::", 16], ["2001::", 32], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]] as const) {
  BLOCKED.addSubnet(net, bits, "ipv6");
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * URL check for output downloads in real mode: https only, and never a private, loopback or link-local
 * address, whether written literally or reached through DNS.
 */
export async function assertPublicOutputUrl(url: URL): Promise<void> {
  if (url.protocol !== "https:") throw new Error(`refused non-https output URL (${url.protocol})`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [host] : (await lookupAll(host, { all: true })).map((a) => a.address);
  for (const address of addresses) {
    if (isPrivateAddress(address)) throw new Error(`refused output URL on a private address (${host})`);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * DNS lookup for outbound connections that refuses private, loopback and link-local answers. Used as the
 * connect-time lookup, it checks the address actually dialled, so a name that resolves to a public address
 * for the URL check and to a private one a moment later (DNS rebinding) is still refused.
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookupOne(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses as LookupAddress[];
    if (list.length === 0 || list.some((a) => isPrivateAddress(a.address))) {
      return callback(Object.assign(new Error(`refused connection to a private address (${hostname})`), { code: "EPRIVATE" }), []);
    }
    if (options.all) return callback(null, list);
    const first = list[0]!;
    callback(null, first.address, first.family);
  });
}

/** A fetch for output downloads in real mode: every connection goes through `publicOnlyLookup`. */
export function createPublicOnlyFetch(): typeof fetch {
  return createOutputGuard([]).downloadFetchImpl;
}

/**
 * The output-download guard for real mode. A URL on one of `trustedOrigins` (the base URL's origin and
 * MODELSLAB_OUTPUT_ORIGINS: the operator's own hosts) is fetched as it is, private address or plain http;
 * every other URL must be https on a public address, checked on the URL and again at connect time.
 * fetchGuarded applies both to every redirect hop, so a trusted host redirecting elsewhere is judged by the
 * rules of where it points.
 */
export function createOutputGuard(trustedOrigins: readonly string[]): {
  assertOutputUrlAllowed: (url: URL) => Promise<void>;
  downloadFetchImpl: typeof fetch;
} {
  const trusted = new Set(trustedOrigins.map((o) => new URL(o).origin));
  const isTrusted = (url: URL) => trusted.has(url.origin);
  const publicOnly = new Agent({ connect: { lookup: publicOnlyLookup } });
  const operator = new Agent();
  const guarded = (input: string | URL, init?: RequestInit) => {
    const dispatcher = isTrusted(new URL(String(input))) ? operator : publicOnly;
    return undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher });
  };
  return {
    assertOutputUrlAllowed: async (url) => {
      if (!isTrusted(url)) await assertPublicOutputUrl(url);
    },
    // undici's fetch is the implementation behind Node's own; only its type declarations differ.
    downloadFetchImpl: guarded as unknown as typeof fetch,
  };
}

/** True when a connection was refused by `publicOnlyLookup` (the error code sits somewhere in the cause chain). */
function refusedAtConnect(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    if ((current as { code?: unknown }).code === "EPRIVATE") return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// base64 outputs

const DATA_URI_PREFIX = /^data:image\/[a-z0-9.+-]+;base64,/i;
const BASE64_CHARS = /^[A-Za-z0-9+/_-]*={0,2}$/;

// One byte sniffer for the whole app (dependency-free, so this folder stays free of app state).
const OUTPUT_TYPES = new Set(["png", "jpeg", "webp"]);
const hasImageMagic = (bytes: Buffer) => OUTPUT_TYPES.has(sniffImageType(bytes) ?? "");

/** Decodes a `.base64` output's text: optional data-URI prefix, whitespace allowed, must be PNG/JPEG/WebP. */
function decodeBase64Image(text: string): Buffer {
  const payload = text.trim().replace(DATA_URI_PREFIX, "").replace(/\s+/g, "");
  if (payload === "" || !BASE64_CHARS.test(payload)) {
    throw new OutputDownloadError("not_image", "The output file is not valid base64.");
  }
  const bytes = Buffer.from(payload, "base64");
  if (!hasImageMagic(bytes)) {
    throw new OutputDownloadError("not_image", "The decoded output is not a PNG, JPEG or WebP image.");
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------------------
// Download

type DownloadOptions = {
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
      throw new OutputDownloadError("refused_url", "The output URL is not allowed.", null, { cause, url });
    }
    let res: Response;
    try {
      res = await opts.fetchImpl(url, { method: "GET", cache: "no-store", redirect: "manual", signal });
    } catch (error) {
      // The connect-time lookup refused a private answer (e.g. a name re-resolved between check and connect).
      if (refusedAtConnect(error)) throw new OutputDownloadError("refused_url", "The output URL is not allowed.", null, { cause: error, url });
      throw error;
    }
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
