import { describe, expect, it } from 'vitest';
import { addressPolicy, classifyAddress } from '../../src/sources/address-policy.ts';

// [address, the class it falls in, allowed with FETCH_ALLOW_PRIVATE off, allowed with it on]
const TABLE: [string, string, boolean, boolean][] = [
  ['8.8.8.8', 'unicast', true, true],
  ['93.184.215.14', 'unicast', true, true],
  ['172.32.0.1', 'unicast', true, true], // just past 172.16.0.0/12
  ['100.128.0.1', 'unicast', true, true], // just past 100.64.0.0/10
  ['2606:4700:4700::1111', 'unicast', true, true],
  ['::ffff:8.8.8.8', 'unicast', true, true], // IPv4-mapped: judged as 8.8.8.8
  ['127.0.0.1', 'loopback', false, true],
  ['127.1.2.3', 'loopback', false, true],
  ['::1', 'loopback', false, true],
  ['::ffff:127.0.0.1', 'loopback', false, true],
  ['::ffff:7f00:1', 'loopback', false, true],
  ['10.0.0.1', 'private', false, true],
  ['172.16.0.1', 'private', false, true],
  ['172.31.255.254', 'private', false, true],
  ['192.168.1.1', 'private', false, true],
  ['::ffff:192.168.1.1', 'private', false, true],
  ['100.64.0.1', 'carrierGradeNat', false, true],
  ['fd00::1', 'uniqueLocal', false, true],
  ['fc00::1', 'uniqueLocal', false, true],
  ['fec0::1', 'deprecatedSiteLocal', false, true],
  ['192.0.2.1', 'reserved', false, true], // TEST-NET-1
  ['240.0.0.1', 'reserved', false, true],
  ['2001:db8::1', 'reserved', false, true], // documentation
  ['::7f00:1', 'ipv4Compatible', false, true], // ipaddr.js says unicast; the policy does not
  ['64:ff9b::7f00:1', 'rfc6052', false, true], // NAT64
  ['2002:7f00:1::', '6to4', false, true],
  // Refused even with FETCH_ALLOW_PRIVATE: no page lives there, or the cloud metadata service does.
  ['169.254.169.254', 'linkLocal', false, false],
  ['fe80::1', 'linkLocal', false, false],
  ['0.0.0.0', 'unspecified', false, false],
  ['0.1.2.3', 'unspecified', false, false],
  ['::', 'unspecified', false, false],
  ['224.0.0.1', 'multicast', false, false],
  ['ff02::1', 'multicast', false, false],
  ['255.255.255.255', 'broadcast', false, false],
];

describe('address classification', () => {
  it.each(TABLE)('%s is %s (public only: %s; private allowed: %s)', (address, range, publicOnly, privateAllowed) => {
    expect(classifyAddress(address).range).toBe(range);
    expect(addressPolicy(false)(address) === null).toBe(publicOnly);
    expect(addressPolicy(true)(address) === null).toBe(privateAllowed);
  });

  it('judges an IPv4-mapped address as the IPv4 address it carries', () => {
    expect(classifyAddress('::ffff:7f00:1')).toEqual({ judged: '127.0.0.1', range: 'loopback' });
  });

  it('names the class in its refusal', () => {
    expect(addressPolicy(false)('127.0.0.1')).toBe('a loopback address (this machine)');
    expect(addressPolicy(false)('10.0.0.1')).toBe('a private network address');
    expect(addressPolicy(true)('169.254.169.254')).toBe('a link-local address (such as the cloud metadata service)');
    expect(addressPolicy(false)('64:ff9b::7f00:1')).toBe('a special-purpose address (rfc6052)');
  });

  it('throws on what is not an IP address', () => {
    expect(() => classifyAddress('localhost')).toThrow();
  });
});
