import { expect, it } from 'vitest';
import { fakeConnection, fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { listNetworks } from './networks';

const fake = withFakeServer();

it('lists networks (sample networks-list-response)', async () => {
  fake().expect({ method: 'GET', path: '/network/v2.0/networks', microversion: null, reply: { status: 200, json: fixture('neutron-networks.json') } });
  const nets = await listNetworks(fakeConnection(fake()));
  expect(nets?.[0]).toEqual({
    id: 'd32019d3-bc6e-4319-9c1d-6722fc136a22', name: 'net1', shared: false, external: false, status: 'ACTIVE',
    subnets: ['54d6f61d-db07-451c-9ab3-b9609b6b6f0b'], projectId: '4fd44f30292945e481c7b8a0c8908869',
  });
});

it('returns null without asking anything when the cloud has no network service', async () => {
  expect(await listNetworks(fakeConnection(fake(), { network: false }))).toBeNull();
});

it('maps a NeutronError', async () => {
  fake().expect({ method: 'GET', path: '/network/v2.0/networks', reply: { status: 503, json: { NeutronError: { type: 'ServiceUnavailable', message: 'Try later.', detail: '' } } } });
  await expect(listNetworks(fakeConnection(fake()))).rejects.toMatchObject({ status: 503, safeMessage: 'Try later.', service: 'network' });
});
