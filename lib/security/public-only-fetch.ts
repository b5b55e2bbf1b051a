import "server-only";
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { Agent, fetch as undiciFetch } from "undici";
import { isPrivateAddress } from "./output-url";

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * DNS lookup for outbound connections that refuses private, loopback and link-local answers. Used as the
 * connect-time lookup, it checks the address actually dialled, so a name that resolves to a public address
 * for the URL check and to a private one a moment later (DNS rebinding) is still refused.
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
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
  const agent = new Agent({ connect: { lookup: publicOnlyLookup } });
  const guarded = (input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent });
  // undici's fetch is the implementation behind Node's own; only its type declarations differ.
  return guarded as unknown as typeof fetch;
}
