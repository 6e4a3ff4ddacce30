import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network an IP address belongs to, never the address itself: the IPv4 /24 or the IPv6 /48
 * (the prefix a site is usually given), written as CIDR. Enough for a user to recognise where a
 * sign-in came from without the platform keeping a personal identifier (the same truncation web
 * analytics use to anonymise addresses). An IPv4-mapped IPv6 address counts as IPv4.
 *
 * @param ip - an address as the socket or a trusted proxy reported it.
 * @returns the CIDR prefix, or null for anything that is not an IP address (`local` in tests).
 * @example
 * networkPrefixOf('203.0.113.77'); // '203.0.113.0/24'
 * networkPrefixOf('2001:db8:abcd:12::1'); // '2001:db8:abcd::/48'
 */
export function networkPrefixOf(ip: string): string | null {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip)?.[1];
  const v4 = mapped ?? ip;
  if (isIPv4(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  if (!isIPv6(ip)) return null;
  const groups = expandIPv6(ip.split('%')[0] ?? ip).slice(0, 3);
  return `${groups.map((group) => Number.parseInt(group, 16).toString(16)).join(':')}::/48`;
}

/** The eight 16-bit groups of a valid IPv6 address, `::` filled in (an embedded IPv4 tail converted). */
function expandIPv6(ip: string): string[] {
  const [head = '', tail] = ip.split('::');
  const parse = (part: string) =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [group];
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
          return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
        });
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
}
