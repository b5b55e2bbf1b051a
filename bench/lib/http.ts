import http from "node:http";

// One keep-alive pool for every benchmark request: connection set-up is not what we measure.
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

export type HttpResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; ms: number };
export type HttpOptions = { method?: string; headers?: Record<string, string>; body?: Buffer | string; timeoutMs?: number };

/** A plain HTTP/1.1 request to loopback (lighter than fetch, so the client costs less CPU than the server). */
export function request(url: string, opts: HttpOptions = {}): Promise<HttpResponse> {
  const u = new URL(url);
  if (u.hostname !== "127.0.0.1") return Promise.reject(new Error(`bench traffic is loopback-only, refused ${u.hostname}`));
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: u.hostname, port: u.port, path: u.pathname + u.search, method: opts.method ?? "GET", headers: opts.headers, timeout: opts.timeoutMs ?? 60_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - t0 }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout ${url}`)));
    req.on("error", reject);
    req.end(opts.body);
  });
}

export function json<T>(res: HttpResponse): T {
  return JSON.parse(res.body.toString("utf8")) as T;
}

/** A multipart/form-data body with one `file` field. */
export function multipartFile(bytes: Buffer, filename: string, type = "image/jpeg") {
  const boundary = `----bench${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
