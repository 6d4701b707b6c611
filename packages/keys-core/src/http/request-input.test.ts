import { describe, expect, it } from 'vitest';
import { foldMappedIPv4, splitUrl, toVerifyInput } from './request-input.js';

describe('splitUrl', () => {
  it.each([
    ['https://api.example.com/v1/status?x=1#top', '/v1/status', 'x=1'],
    ['/v1/content/list?page=2', '/v1/content/list', 'page=2'],
    ['http://h', '/', ''],
    ['http://h:8080/v1/x#frag?no', '/v1/x', ''],
    ['/v1/usage', '/v1/usage', ''],
  ])('%s → %s ? %s', (url, path, query) => {
    expect(splitUrl(url)).toEqual({ path, query });
  });
});

describe('foldMappedIPv4', () => {
  it.each([
    ['::ffff:203.0.113.10', '203.0.113.10'],
    ['::FFFF:10.0.0.1', '10.0.0.1'],
    ['2001:db8::1', '2001:db8::1'],
    ['203.0.113.10', '203.0.113.10'],
  ])('%s → %s', (ip, folded) => {
    expect(foldMappedIPv4(ip)).toBe(folded);
  });
});

describe('toVerifyInput', () => {
  it('takes the ip as the client, IPv4-mapped folded, and splits the URL', () => {
    const input = toVerifyInput({
      authorization: 'Bearer x',
      ip: '::ffff:10.0.0.2',
      method: 'GET',
      url: '/v1/status?x=1',
      userAgent: null,
    });
    expect(input).toEqual({
      authorization: 'Bearer x',
      ip: '10.0.0.2',
      method: 'GET',
      path: '/v1/status',
      query: 'x=1',
      userAgent: null,
    });
  });
});
