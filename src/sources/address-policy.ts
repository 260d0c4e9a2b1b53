/**
 * Which IP addresses the bot may connect to when it fetches a link. The address classes come
 * from ipaddr.js (its range() names IANA's special-purpose blocks), so no range is typed in here
 * but one that ipaddr.js leaves out (IPv4-compatible IPv6, see below).
 */
import ipaddr from 'ipaddr.js';

/** A refusal reason such as "a loopback address", or null when the address may be connected to. */
export type AddressPolicy = (address: string) => string | null;

export interface AddressClass {
  /** The address as judged: an IPv4-mapped IPv6 address is judged as the IPv4 address it stands for. */
  judged: string;
  /** ipaddr.js's name for the block ("unicast" for an ordinary public address), or "ipv4Compatible". */
  range: string;
}

// ::a.b.c.d (RFC 4291, deprecated): ipaddr.js calls it unicast, yet no public host lives there and
// some stacks still route it to the IPv4 address, so it is refused like any reserved block.
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/** Classifies an IP address (no brackets); throws on anything that is not one. */
export function classifyAddress(address: string): AddressClass {
  const parsed = ipaddr.parse(address);
  if (parsed instanceof ipaddr.IPv6) {
    // ::ffff:127.0.0.1 reaches 127.0.0.1: judge the IPv4 address it carries.
    if (parsed.isIPv4MappedAddress()) return classifyAddress(parsed.toIPv4Address().toString());
    const range = parsed.range();
    if (range === 'unicast' && parsed.match(IPV4_COMPATIBLE)) return { judged: parsed.toString(), range: 'ipv4Compatible' };
    return { judged: parsed.toString(), range };
  }
  return { judged: parsed.toString(), range: parsed.range() };
}

const RANGE_DESCRIPTIONS: Record<string, string> = {
  loopback: 'a loopback address (this machine)',
  private: 'a private network address',
  uniqueLocal: 'a private network address (IPv6 unique local)',
  carrierGradeNat: 'a carrier-grade NAT address',
  linkLocal: 'a link-local address (such as the cloud metadata service)',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  unspecified: 'an unspecified address (0.0.0.0 or ::)',
  reserved: 'a reserved address',
  ipv4Compatible: 'a reserved address (IPv4-compatible IPv6)',
  deprecatedSiteLocal: 'a private network address (IPv6 site-local)',
};

/** "a loopback address (this machine)"; special blocks without a plain name are called special-purpose. */
export function describeRange(range: string): string {
  return RANGE_DESCRIPTIONS[range] ?? `a special-purpose address (${range})`;
}

// What FETCH_ALLOW_PRIVATE cannot open: no HTTP server is found at these, and link-local holds
// the cloud metadata service, the first thing an SSRF goes for, which no intranet page needs.
const NEVER_ALLOWED = new Set(['unspecified', 'multicast', 'broadcast', 'linkLocal']);

/**
 * The policy for fetching links: public unicast addresses only, or with `allowPrivate` (tests,
 * intranets) every address but those in NEVER_ALLOWED.
 */
export function addressPolicy(allowPrivate: boolean): AddressPolicy {
  return (address) => {
    const { range } = classifyAddress(address);
    if (range === 'unicast') return null;
    if (allowPrivate && !NEVER_ALLOWED.has(range)) return null;
    return describeRange(range);
  };
}
