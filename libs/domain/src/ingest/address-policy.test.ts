import { describe, expect, it } from '@jest/globals';

import { createAddressPolicy } from './address-policy.js';

const strict = createAddressPolicy([]);
const blocked = (address: string, policy = strict, hostname = 'example.test', port = 80) =>
  policy.blockedReason(hostname, address, port);

describe('createAddressPolicy', () => {
  it.each([
    ['::7f00:1', /IPv4-compatible .* embedding 127\.0\.0\.1, a loopback address/],
    ['::a00:5', /IPv4-compatible .* embedding 10\.0\.0\.5, a private address/],
    ['::ffff:7f00:1', /IPv4-mapped .* embedding 127\.0\.0\.1, a loopback address/],
    ['::ffff:0:7f00:1', /IPv4-translated .* embedding 127\.0\.0\.1/],
    ['64:ff9b::a9fe:a9fe', /NAT64 .* embedding 169\.254\.169\.254, a cloud metadata address/],
    ['64:ff9b:1::7f00:1', /local-use NAT64/],
    ['2002:7f00:1::1', /6to4 .* embedding 127\.0\.0\.1, a loopback address/],
    ['2002:808:808::1', /6to4 address \(RFC 3056\) embedding 8\.8\.8\.8$/],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', /Teredo/],
    ['2001:db8::1', /documentation/],
    ['3fff::1', /documentation/],
    ['100::1', /discard-only/],
    ['5f00::1', /SRv6/],
    ['fec0::1', /reserved address outside 2000::\/3/],
    ['::2:3:4:5:6', /reserved address outside 2000::\/3/],
    ['192.0.2.7', /documentation/],
    ['198.51.100.1', /documentation/],
    ['203.0.113.9', /documentation/],
    ['192.88.99.1', /6to4 relay/],
    ['255.255.255.255', /limited broadcast/],
    ['192.31.196.1', /AS112/],
    ['169.254.169.254', /a cloud metadata address/],
    ['fe80::1%eth0', /link-local/],
  ])('refuses %s', (address, reason) => {
    expect(blocked(address)).toMatch(reason);
  });

  it.each(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '8.8.8.8'])(
    'lets the public address %s through',
    (address) => {
      expect(blocked(address)).toBeUndefined();
    },
  );

  it('allows a range the operator lists, and an IPv4-mapped form of it', () => {
    const policy = createAddressPolicy(['127.0.0.0/8']);
    expect(blocked('127.0.0.1', policy)).toBeUndefined();
    expect(blocked('::ffff:7f00:1', policy)).toBeUndefined();
    expect(blocked('::1', policy)).toMatch(/loopback/);
  });

  it('still checks the IPv4 address inside an allowed translation prefix', () => {
    const policy = createAddressPolicy(['64:ff9b::/96']);
    expect(blocked('64:ff9b::5db8:d70e', policy)).toBeUndefined();
    expect(blocked('64:ff9b::7f00:1', policy)).toMatch(
      /embedding 127\.0\.0\.1, a loopback address/,
    );
    expect(blocked('64:ff9b::a00:5', policy)).toMatch(/embedding 10\.0\.0\.5, a private address/);
  });

  it('limits a host:port entry to that port, while a bare host allows every port', () => {
    const policy = createAddressPolicy(['localhost:8080', '127.0.0.2:9000', '[::1]:7000', 'wiki']);
    expect(blocked('127.0.0.1', policy, 'localhost', 8080)).toBeUndefined();
    expect(blocked('127.0.0.1', policy, 'LOCALHOST', 8080)).toBeUndefined();
    expect(blocked('127.0.0.1', policy, 'localhost', 8081)).toMatch(/loopback/);
    expect(blocked('127.0.0.2', policy, 'other', 9000)).toBeUndefined();
    expect(blocked('127.0.0.2', policy, 'other', 80)).toMatch(/loopback/);
    expect(blocked('::1', policy, '::1', 7000)).toBeUndefined();
    expect(blocked('::1', policy, '::1', 7001)).toMatch(/loopback/);
    expect(blocked('10.1.2.3', policy, 'wiki', 1)).toBeUndefined();
    expect(blocked('10.1.2.3', policy, 'wiki', 65_535)).toBeUndefined();
  });

  it.each([
    'localhost:0',
    'localhost:99999',
    'localhost:http',
    '10.0.0.0/8:80',
    '10.0.0.0/33',
    ':80',
  ])('refuses the malformed allow-list entry %s at start-up', (entry) => {
    expect(() => createAddressPolicy([entry])).toThrow(/allow-list entry/);
  });
});
