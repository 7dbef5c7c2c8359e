import { expect, it } from 'vitest';
import { fakeConnection, fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { getFlavor, listFlavors } from './flavors';

const fake = withFakeServer();

it('lists every page of flavors (capture nova-01) and reshapes them', async () => {
  const page1 = {
    flavors: [{ id: '0', name: 'old', vcpus: 1, ram: 256, disk: 0, swap: '', 'OS-FLV-EXT-DATA:ephemeral': 0, 'os-flavor-access:is_public': false }],
    flavors_links: [{ rel: 'next', href: 'http://nova.internal:8774/v2.1/flavors/detail?marker=0' }],
  };
  fake().expect(
    { method: 'GET', path: '/compute/v2.1/flavors/detail', microversion: '2.93', reply: { status: 200, json: page1 } },
    { method: 'GET', path: '/compute/v2.1/flavors/detail', query: { marker: '0' }, reply: { status: 200, json: fixture('nova-flavors-detail.json') } },
  );
  expect(await listFlavors(fakeConnection(fake()))).toEqual([
    // Before 2.75 swap is "" when there is none.
    { id: '0', name: 'old', vcpus: 1, ram: 256, disk: 0, ephemeral: 0, swap: 0, isPublic: false, description: null },
    { id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1, ephemeral: 0, swap: 0, isPublic: true, description: null },
  ]);
});

it('gets one flavor', async () => {
  const flavor = (fixture('nova-flavors-detail.json') as { flavors: unknown[] }).flavors[0];
  fake().expect({ method: 'GET', path: '/compute/v2.1/flavors/1', reply: { status: 200, json: { flavor } } });
  expect((await getFlavor(fakeConnection(fake()), '1')).name).toBe('m1.tiny');
});
