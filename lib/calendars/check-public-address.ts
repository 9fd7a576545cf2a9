/**
 * People type calendar addresses into Baton and Baton's server fetches them, so an address must not
 * reach into the server's own network (loopback, private ranges, link-local cloud metadata at
 * 169.254.169.254 …). Checked for every request and every redirect hop, after DNS resolution.
 *
 * Policy: BATON_CALENDAR_PRIVATE_HOSTS=allow permits them (a self-hosted Nextcloud on the office
 * network); the default is deny in production and allow elsewhere (development, tests with a local
 * Radicale).
 */
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { CalendarError } from "./calendar-error";

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const)
  blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  blocked.addSubnet(net, prefix, "ipv6");

export function privateHostsAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  const setting = env.BATON_CALENDAR_PRIVATE_HOSTS;
  if (setting === "allow") return true;
  if (setting === "deny") return false;
  return env.NODE_ENV !== "production";
}

function isBlocked(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return blocked.check(mapped, "ipv4");
  return blocked.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

export const PRIVATE_ADDRESS_MESSAGE =
  "This address points into a private network; Baton only connects to calendar servers on the internet";

/** Throws when `url`'s host is (or resolves to) a private address and the policy denies those. */
export async function checkPublicAddress(url: URL, allowPrivate = privateHostsAllowed()): Promise<void> {
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    throw new CalendarError("unreachable", "The calendar server's name could not be found");
  }
  if (addresses.length === 0 || addresses.some(isBlocked))
    throw new CalendarError("not_caldav", PRIVATE_ADDRESS_MESSAGE);
}
