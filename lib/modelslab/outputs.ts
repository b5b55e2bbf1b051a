import "server-only";
import type { UpstreamOutput } from "./types";
import type { JsonRecord } from "./wire-values";

function toOutput(value: unknown): UpstreamOutput | null {
  if (typeof value !== "string") return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  // A `.base64` URL is a text file holding the image as base64, not the image itself.
  const encoding = url.pathname.toLowerCase().endsWith(".base64") ? "base64" : "binary";
  return { url: url.toString(), encoding };
}

/** Output URLs from an array, a single URL string, or "" (the fetch-processing shape). */
export function readOutputList(value: unknown): UpstreamOutput[] {
  const items = Array.isArray(value) ? value : typeof value === "string" && value.trim() !== "" ? [value] : [];
  return items.map(toOutput).filter((o): o is UpstreamOutput => o !== null);
}

/** Finished outputs: `output`, falling back to `proxy_links` / `links` when `output` is empty. */
export function readOutputs(body: JsonRecord): UpstreamOutput[] {
  for (const field of ["output", "proxy_links", "links"] as const) {
    const list = readOutputList(body[field]);
    if (list.length > 0) return list;
  }
  return [];
}
