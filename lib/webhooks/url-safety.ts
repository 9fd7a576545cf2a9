/**
 * Webhook URLs are chosen by workspace managers, so delivery must not become a way to reach the
 * server's own network (SSRF): https only, and no private, loopback, link-local or otherwise
 * special addresses. The address check runs on the resolved IP at connect time (in the socket's
 * DNS lookup), so a name that resolves to a public address when saved and a private one later
 * is still refused.
 */
import { BlockList, isIP } from "node:net";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
  blocked.addSubnet(`::ffff:${net}`, 96 + prefix, "ipv6");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** Why a URL cannot be a webhook endpoint, or null when it can (checked on save and before each attempt). */
export function webhookUrlProblem(raw: string, { allowInsecure }: { allowInsecure: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "must be an absolute URL such as https://example.com/webhooks";
  }
  if (url.protocol !== "https:" && !(allowInsecure && url.protocol === "http:")) return "must use https";
  if (url.username || url.password) return "must not contain a user name or password";
  if (url.hash) return "must not contain a #fragment";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!allowInsecure) {
    if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal"))
      return "must be a public host name";
    if (isIP(host) && isPrivateAddress(host)) return "must not point at a private or loopback address";
  }
  return null;
}

export class BlockedAddressError extends Error {
  constructor() {
    super("The host name resolves to a private or loopback address");
    this.name = "BlockedAddressError";
  }
}

/** A DNS lookup for http(s).request that refuses private addresses (unless insecure targets are allowed). */
export function guardedLookup(allowInsecure: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = (addresses as unknown as LookupAddress[]).filter(
        (a) => allowInsecure || !isPrivateAddress(a.address),
      );
      if (list.length === 0) return callback(new BlockedAddressError() as NodeJS.ErrnoException, "", 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}
