import { isIP } from "node:net";

/**
 * The client's address, or null when it cannot be known.
 *
 * Route handlers never see the socket. `next start` copies the socket address into X-Forwarded-For
 * only when the request did not already carry that header, so without a proxy in front a client can
 * write any address it likes there: the header is trusted only with TRUST_PROXY=true. Even then we
 * take the LAST entry, the one our own proxy appended; earlier entries come from the client.
 */
export function clientIpFrom(headers: Headers, trustProxy: boolean): string | null {
  if (!trustProxy) return null;
  const last = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() ?? "";
  const bare = last.replace(/^\[(.*)\]$/, "$1").replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
  return isIP(bare) ? bare : null;
}

/**
 * The rate-limit key for a client. Unknown addresses share one key, "local": every visitor then shares
 * each route group's bucket. That is strict rather than lenient — a limiter keyed on anything the
 * client controls (a forged header, a fresh owner cookie) would not limit at all.
 */
export const rateLimitKey = (ip: string | null) => ip ?? "local";
