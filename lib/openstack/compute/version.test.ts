import { describe, expect, it } from 'vitest';
import { OpenStackCapabilityError } from '../errors';
import { fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { CLIENT_MAX_MICROVERSION, compareMicroversions, microversionAtLeast, negotiateComputeMicroversion } from './version';

const fake = withFakeServer();

const versionDoc = (version: string, min = '2.1') => ({ version: { id: 'v2.1', status: 'CURRENT', version, min_version: min, links: [] } });

describe('compareMicroversions', () => {
  it('compares numerically', () => {
    expect(compareMicroversions('2.100', '2.93')).toBeGreaterThan(0);
    expect(compareMicroversions('2.9', '2.10')).toBeLessThan(0);
    expect(compareMicroversions('2.45', '2.45')).toBe(0);
    expect(microversionAtLeast('2.45', '2.45')).toBe(true);
    expect(microversionAtLeast('2.44', '2.45')).toBe(false);
    expect(() => compareMicroversions('latest', '2.1')).toThrow();
  });
});

describe('negotiateComputeMicroversion', () => {
  const negotiate = (computeUrl: string) => negotiateComputeMicroversion({ token: fake().token, computeUrl });

  it('takes the cloud maximum when lower than ours (capture nova-00: Zed, 2.93)', async () => {
    fake().expect({ method: 'GET', path: '/compute/v2.1/', microversion: null, reply: { status: 200, json: fixture('nova-version-v2.1.json') } });
    expect(await negotiate(`${fake().url}/compute/v2.1`)).toBe('2.93');
  });

  it('caps at the client maximum (2.104 > 2.93) and reads a versions list', async () => {
    fake().expect({ method: 'GET', path: '/v2.1/', reply: { status: 200, json: fixture('nova-versions-root.json') } });
    expect(await negotiate(fake().url)).toBe(CLIENT_MAX_MICROVERSION);
  });

  it('asks the version root when the compute URL carries the project', async () => {
    fake().expect({ method: 'GET', path: '/compute/v2.1/', reply: { status: 200, json: versionDoc('2.60') } });
    expect(await negotiate(`${fake().url}/compute/v2.1/6f70656e737461636b20342065766572`)).toBe('2.60');
  });

  it('treats an empty version as no microversions (2.1)', async () => {
    fake().expect({ method: 'GET', path: '/compute/v2.1/', reply: { status: 200, json: versionDoc('', '') } });
    expect(await negotiate(`${fake().url}/compute/v2.1`)).toBe('2.1');
  });

  it('refuses a cloud whose minimum is above the client maximum', async () => {
    fake().expect({ method: 'GET', path: '/compute/v2.1/', reply: { status: 200, json: versionDoc('2.120', '2.100') } });
    await expect(negotiate(`${fake().url}/compute/v2.1`)).rejects.toBeInstanceOf(OpenStackCapabilityError);
  });
});
