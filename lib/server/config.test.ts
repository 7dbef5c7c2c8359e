import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

const gen = () => 'generated-password-generated-password';
const cwd = process.cwd();

afterEach(() => process.chdir(cwd));

describe('parseConfig', () => {
  it('uses OS_AUTH_URL and prefills the form from the openrc variables, never a password', () => {
    const c = parseConfig({ OS_AUTH_URL: 'https://auth.cloud.ovh.net/v3/', OS_USERNAME: 'user-x', OS_PROJECT_NAME: 'p1', OS_USER_DOMAIN_NAME: 'Default', OS_PASSWORD: 'secret', OS_REGION_NAME: 'GRA11' }, gen);
    expect(c.authUrl).toBe('https://auth.cloud.ovh.net/v3');
    expect(c.region).toBe('GRA11');
    expect(c.prefill).toEqual({ username: 'user-x', projectName: 'p1', domain: 'Default' });
    expect(JSON.stringify(c)).not.toContain('secret');
    expect(c.cloudName).toBe('auth.cloud.ovh.net');
  });

  it('fails fast with a message naming the setting', () => {
    expect(() => parseConfig({ OS_AUTH_URL: 'not a url' }, gen)).toThrow(/OS_AUTH_URL/);
    expect(() => parseConfig({}, gen)).toThrow(ConfigError);
    expect(() => parseConfig({ OS_AUTH_URL: 'http://k:5000', SNAPDECK_SESSION_PASSWORDS: 'short' }, gen)).toThrow(/fewer than 32/);
  });

  it('accepts several session passwords for rotation, the last one sealing', () => {
    const a = 'a'.repeat(32);
    const b = 'b'.repeat(40);
    const c = parseConfig({ OS_AUTH_URL: 'http://k:5000', SNAPDECK_SESSION_PASSWORDS: `${a},${b}` }, gen);
    expect(c.sessionPasswords).toEqual({ '1': a, '2': b });
  });

  it('reads a cloud from clouds.yaml with OS_CLOUD', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapdeck-cfg-'));
    fs.writeFileSync(path.join(dir, 'clouds.yaml'), 'clouds:\n  ovh:\n    auth:\n      auth_url: https://auth.cloud.ovh.net/v3\n      username: u1\n      project_name: proj\n      user_domain_name: Default\n    region_name: SBG5\n');
    process.chdir(dir);
    const c = parseConfig({ OS_CLOUD: 'ovh' }, gen);
    expect(c).toMatchObject({ authUrl: 'https://auth.cloud.ovh.net/v3', region: 'SBG5', cloudName: 'ovh', prefill: { username: 'u1', projectName: 'proj' } });
    expect(() => parseConfig({ OS_CLOUD: 'missing' }, gen)).toThrow(/no cloud of that name/);
  });

  it('prefills demo on the local cloud', () => {
    const c = parseConfig({ SNAPDECK_AUTH_URL: 'http://127.0.0.1:5480/identity', SNAPDECK_LOCALCLOUD: '1' }, gen);
    expect(c.isLocalCloud).toBe(true);
    expect(c.prefill.username).toBe('demo');
  });
});

describe('parseConfig: where it listens and who it trusts', () => {
  const base = { OS_AUTH_URL: 'https://auth.example/v3', OS_USERNAME: 'ops', OS_PROJECT_NAME: 'prod' };

  it('binds to 127.0.0.1 and prefills names there', () => {
    const c = parseConfig(base, gen);
    expect(c.host).toBe('127.0.0.1');
    expect(c.prefill).toMatchObject({ username: 'ops', projectName: 'prod' });
  });

  it('shows no names on the sign-in page when bound to a network address', () => {
    for (const HOST of ['0.0.0.0', '::', '192.0.2.10', 'dash.example']) {
      expect(parseConfig({ ...base, HOST }, gen).prefill).toEqual({ username: '', projectName: '', domain: 'Default' });
    }
    const local = parseConfig({ SNAPDECK_AUTH_URL: 'http://127.0.0.1:5480/identity', SNAPDECK_LOCALCLOUD: '1', HOST: '0.0.0.0' }, gen);
    expect(local.prefill.username).toBe('');
    for (const HOST of ['localhost', '::1', '[::1]', '127.0.0.2']) expect(parseConfig({ ...base, HOST }, gen).prefill.username).toBe('ops');
  });

  it('reads the public URL, the proxy trust and the session lifetimes', () => {
    const c = parseConfig({ ...base, SNAPDECK_PUBLIC_URL: 'https://dash.example/snapdeck/', SNAPDECK_TRUST_PROXY: 'true', SNAPDECK_SESSION_IDLE_SECONDS: '600', SNAPDECK_SESSION_MAX_SECONDS: '3600' }, gen);
    expect(c).toMatchObject({ publicOrigin: 'https://dash.example', trustProxy: true, sessionIdleSeconds: 600, sessionMaxSeconds: 3600, redisUrl: null });
    const d = parseConfig(base, gen);
    expect(d).toMatchObject({ publicOrigin: null, trustProxy: false, sessionIdleSeconds: 1800, sessionMaxSeconds: 43_200 });
    expect(() => parseConfig({ ...base, SNAPDECK_SESSION_IDLE_SECONDS: '5' }, gen)).toThrow(/SNAPDECK_SESSION_IDLE_SECONDS/);
    expect(() => parseConfig({ ...base, SNAPDECK_REDIS_URL: 'http://x' }, gen)).toThrow(/SNAPDECK_REDIS_URL/);
  });
});
