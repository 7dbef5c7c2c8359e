import { afterEach, describe, expect, it } from 'vitest';
import zonesSample from '@/lib/testing/fixtures/openstack/nova-availability-zones.json';
import { SEED } from '../state/seed';
import type { LocalCloud } from '../server';
import { login, testCloud, until } from '../test-helpers';
import { compute } from './test-kit';

let lc: LocalCloud;
afterEach(async () => {
  await lc.dispose();
});

const boot = (token: string, server: Record<string, unknown>) =>
  compute(lc.app, token, 'POST', '/v2.1/servers', { version: 'latest', body: { server: { name: 'az-vm', imageRef: SEED.images.debian12, flavorRef: 's1-2', networks: 'none', ...server } } });
const zoneOf = async (token: string, id: string) => (await compute(lc.app, token, 'GET', `/v2.1/servers/${id}`)).json.server['OS-EXT-AZ:availability_zone'] as string;

describe('GET /os-availability-zone', () => {
  it('answers as the api sample by default (nova available, hosts null), to a member at any microversion', async () => {
    lc = testCloud();
    const demo = await login(lc.app, 'demo', 'demo');
    for (const version of ['2.1', 'latest']) {
      const r = await compute(lc.app, demo, 'GET', '/v2.1/os-availability-zone', { version });
      expect(r.status).toBe(200);
      expect(r.json).toEqual(zonesSample);
    }
    expect((await compute(lc.app, null, 'GET', '/v2.1/os-availability-zone')).status).toBe(401);
  });

  it('lists each configured zone, in order; the detailed list is refused to a member by policy', async () => {
    lc = testCloud({ availabilityZones: ['nova', 'real'] });
    const demo = await login(lc.app, 'demo', 'demo');
    const r = await compute(lc.app, demo, 'GET', '/v2.1/os-availability-zone');
    expect(r.json.availabilityZoneInfo).toEqual([
      { zoneName: 'nova', zoneState: { available: true }, hosts: null },
      { zoneName: 'real', zoneState: { available: true }, hosts: null },
    ]);
    const detail = await compute(lc.app, demo, 'GET', '/v2.1/os-availability-zone/detail');
    expect(detail.status).toBe(403);
    expect(detail.json).toEqual({ forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-availability-zone:detail to be performed." } });
  });
});

describe('POST /servers with availability_zone', () => {
  it('boots into the zone asked for, and into the first zone when none is asked for', async () => {
    lc = testCloud({ availabilityZones: ['nova', 'real'], timings: { buildMs: 10 } });
    const demo = await login(lc.app, 'demo', 'demo');
    const real = await boot(demo, { availability_zone: 'real' });
    expect(real.status).toBe(202);
    expect(await zoneOf(demo, real.json.server.id)).toBe('real');
    const any = await boot(demo, {});
    expect(await zoneOf(demo, any.json.server.id)).toBe('nova');
    // "zone:" forces no host: it is the zone alone.
    const colon = await boot(demo, { availability_zone: 'real:' });
    expect(colon.status).toBe(202);
    await until('ACTIVE', async () => (await compute(lc.app, demo, 'GET', `/v2.1/servers/${colon.json.server.id}`)).json.server.status === 'ACTIVE');
    expect(await zoneOf(demo, colon.json.server.id)).toBe('real');
  });

  it('refuses a zone that is not available with Nova’s 400, after the flavor (whose error comes first), creating nothing', async () => {
    lc = testCloud();
    const demo = await login(lc.app, 'demo', 'demo');
    const before = lc.state.data.servers.length;
    const r = await boot(demo, { availability_zone: 'real' });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ badRequest: { code: 400, message: 'The requested availability zone is not available' } });
    const flavor = await boot(demo, { availability_zone: 'real', flavorRef: 'm1.nope' });
    expect(flavor.json.badRequest.message).toBe('Flavor m1.nope could not be found.');
    expect(lc.state.data.servers).toHaveLength(before);
  });

  it('reads zone:host:node as Nova does: forcing a host is admin-only (403), more than two colons is a 400', async () => {
    lc = testCloud();
    const demo = await login(lc.app, 'demo', 'demo');
    for (const az of ['nova:localcloud', 'nova::localcloud', 'nova:localcloud:localcloud']) {
      const r = await boot(demo, { availability_zone: az });
      expect({ az, status: r.status, body: r.json }).toEqual({ az, status: 403, body: { forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:servers:create:forced_host to be performed." } } });
    }
    const odd = await boot(demo, { availability_zone: 'a:b:c:d' });
    expect(odd.json).toEqual({ badRequest: { code: 400, message: 'Invalid input received: Unable to parse availability_zone' } });
    // The name rules come first (jsonschema; Nova's InvalidName says 'name' whatever the field).
    const spaced = await boot(demo, { availability_zone: ' nova' });
    expect(spaced.json.badRequest.message).toBe("An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.");
  });
});
