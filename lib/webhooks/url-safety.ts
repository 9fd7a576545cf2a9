/**
 * Webhook URLs are chosen by workspace managers, so delivery must not become a way to reach the
 * server's own network (SSRF): https only, and no private, loopback, link-local or otherwise
 * special addresses. The address check runs on the resolved IP at connect time (in the socket's
 * DNS lookup), so a name that resolves to a public address when saved and a private one later
 * is still refused.
 */
import { isIP, type LookupFunction } from "node:net";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isPrivateAddress } from "@/lib/net/private-address";

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
