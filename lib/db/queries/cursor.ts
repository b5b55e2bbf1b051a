import { AppError } from "@/lib/errors";

export type ListCursor = { createdAt: number; id: string };

export function encodeCursor(c: ListCursor): string {
  return Buffer.from(`${c.createdAt}:${c.id}`, "utf8").toString("base64url");
}

/** Reads a cursor made by encodeCursor; anything else is a bad request, never a server error. */
export function decodeCursor(raw: string): ListCursor {
  const invalid = () => new AppError("bad_request", "That page link is not valid.", { detail: `bad cursor ${JSON.stringify(raw.slice(0, 80))}` });
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(raw)) throw invalid();
  const text = Buffer.from(raw, "base64url").toString("utf8");
  const match = /^(\d{1,16}):([\x21-\x7e]{1,200})$/.exec(text);
  if (!match?.[1] || !match[2]) throw invalid();
  const createdAt = Number(match[1]);
  if (!Number.isSafeInteger(createdAt)) throw invalid();
  return { createdAt, id: match[2] };
}
