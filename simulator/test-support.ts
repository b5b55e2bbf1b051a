// Helpers for the simulator's own tests: loopback servers for face images and webhooks, and a JSON POST.
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export const FACE_A = readFileSync(new URL("../e2e/fixtures/faces/portrait-a.jpg", import.meta.url));
export const FACE_B = readFileSync(new URL("../e2e/fixtures/faces/portrait-b.jpg", import.meta.url));
export const KEY = "simulator-key";

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const closer = (server: Server) => () =>
  new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });

/** Serves fixed files on loopback, e.g. { "/a.jpg": bytes }. */
export async function startStatic(files: Record<string, Buffer>) {
  const server = createServer((req, res) => {
    const body = files[req.url ?? ""];
    if (body) res.writeHead(200, { "content-type": "image/jpeg" }).end(body);
    else res.writeHead(404).end("missing");
  });
  return { origin: await listen(server), close: closer(server) };
}

export type WebhookCall = { body: Record<string, unknown>; raw: string; headers: IncomingHttpHeaders; at: number };

/** Records every POST it gets, answering 200. */
export async function startReceiver() {
  const calls: WebhookCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      calls.push({ body: JSON.parse(raw) as Record<string, unknown>, raw, headers: req.headers, at: Date.now() });
      res.writeHead(200).end("ok");
    });
  });
  const origin = await listen(server);
  return { url: `${origin}/hook`, calls, close: closer(server) };
}

export type Answer = { status: number; text: string; json: Record<string, unknown>; headers: Headers };

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Some faults answer non-JSON on purpose; tests read `text` then.
  }
  return { status: res.status, text, json, headers: res.headers };
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("waitUntil timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const dataUri = (bytes: Buffer) => `data:image/jpeg;base64,${bytes.toString("base64")}`;
