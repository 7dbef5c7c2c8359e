import { describe, expect, it } from 'vitest';
import { listenUrl, plainHttpWarning } from './listen';

describe('listenUrl', () => {
  it('is the bound address, IPv6 in brackets, wildcards said to be so', () => {
    expect(listenUrl('127.0.0.1', 3000)).toBe('http://127.0.0.1:3000');
    expect(listenUrl('::1', 3000)).toBe('http://[::1]:3000');
    expect(listenUrl('0.0.0.0', 8080)).toBe('http://0.0.0.0:8080 (every IPv4 address of this machine)');
    expect(listenUrl('::', 8080)).toBe('http://[::]:8080 (every address of this machine)');
  });
});

describe('plainHttpWarning', () => {
  const real = { isLocalCloud: false, publicOrigin: null, host: '0.0.0.0' };
  it('warns for a real cloud served over plain http beyond loopback', () => {
    expect(plainHttpWarning(real)).toMatch(/plain http on 0\.0\.0\.0.*SNAPDECK_PUBLIC_URL=https/);
    expect(plainHttpWarning({ ...real, host: '10.0.0.5' })).not.toBeNull();
    expect(plainHttpWarning({ ...real, publicOrigin: 'http://dash.example.org' })).not.toBeNull();
  });
  it('is quiet on loopback, on the local cloud, and behind an https public URL', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) expect(plainHttpWarning({ ...real, host })).toBeNull();
    expect(plainHttpWarning({ ...real, isLocalCloud: true })).toBeNull();
    expect(plainHttpWarning({ ...real, publicOrigin: 'https://dash.example.org' })).toBeNull();
  });
});
