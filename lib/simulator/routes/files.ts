import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimContext } from "../context";
import { sendRaw } from "../http-io";

const FILE_PATH = /^\/(?:proxy\/)?temp\/([0-9a-f-]{36}-0\.(?:png|base64))$/;
// Object stores answer a missing key with an HTML page; clients must not mistake it for an image.
const NOT_FOUND_HTML = "<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>";

/** Serves /temp/<prefix>-0.png|.base64 (and the /proxy/ copy). Returns false when the path is not a file path. */
export function serveFile(ctx: SimContext, req: IncomingMessage, res: ServerResponse, path: string): boolean {
  const name = FILE_PATH.exec(path)?.[1];
  if (!name) return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return true;
  }
  const file = ctx.store.file(name);
  const headOnly = req.method === "HEAD";
  if (!file) sendRaw(res, 404, "text/html; charset=utf-8", NOT_FOUND_HTML, headOnly);
  else sendRaw(res, 200, file.contentType, file.body, headOnly);
  return true;
}
