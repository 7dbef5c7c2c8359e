import { expect, it } from 'vitest';
import { OpenStackError } from '../errors';
import { fakeConnection, fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { listAvailabilityZones } from './availability-zones';

const fake = withFakeServer();

it('lists the available zones (sample availability-zone-list-resp), leaving out those not available', async () => {
  const zone = (zoneName: string, available: boolean) => ({ zoneName, zoneState: { available }, hosts: null });
  fake().expect(
    { method: 'GET', path: '/compute/v2.1/os-availability-zone', microversion: '2.93', reply: { status: 200, json: fixture('nova-availability-zones.json') } },
    { method: 'GET', path: '/compute/v2.1/os-availability-zone', reply: { status: 200, json: { availabilityZoneInfo: [zone('nova', true), zone('real', true), zone('retired', false)] } } },
  );
  expect(await listAvailabilityZones(fakeConnection(fake()))).toEqual(['nova']);
  expect(await listAvailabilityZones(fakeConnection(fake()))).toEqual(['nova', 'real']);
});

it('refuses an answer without the zone list, and passes a policy refusal on as its status', async () => {
  fake().expect(
    { method: 'GET', path: '/compute/v2.1/os-availability-zone', reply: { status: 200, json: { zones: ['nova'] } } },
    { method: 'GET', path: '/compute/v2.1/os-availability-zone', reply: { status: 403, json: { forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-availability-zone:list to be performed." } } } },
  );
  await expect(listAvailabilityZones(fakeConnection(fake()))).rejects.toMatchObject({ kind: 'invalid-response' });
  const refused = await listAvailabilityZones(fakeConnection(fake())).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(OpenStackError);
  expect(refused).toMatchObject({ status: 403, safeMessage: "Policy doesn't allow os_compute_api:os-availability-zone:list to be performed." });
});
