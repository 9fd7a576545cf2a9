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
import { isIP } from "node:net";
import { isPrivateAddress } from "@/lib/net/private-address";
import { CalendarError } from "./calendar-error";

export function privateHostsAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  const setting = env.BATON_CALENDAR_PRIVATE_HOSTS;
  if (setting === "allow") return true;
  if (setting === "deny") return false;
  return env.NODE_ENV !== "production";
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
  if (addresses.length === 0 || addresses.some(isPrivateAddress))
    throw new CalendarError("not_caldav", PRIVATE_ADDRESS_MESSAGE);
}
