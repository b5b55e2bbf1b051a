import "server-only";
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * SSRF guard for output downloads in real mode: https only, and never a private, loopback or link-local
 * address, whether written literally or reached through DNS.
 */
export async function assertPublicOutputUrl(url: URL): Promise<void> {
  if (url.protocol !== "https:") throw new Error(`refused non-https output URL (${url.protocol})`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  for (const address of addresses) {
    if (isPrivateAddress(address)) throw new Error(`refused output URL on a private address (${host})`);
  }
}

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
