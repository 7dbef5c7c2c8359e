import { expect, it } from 'vitest';
import { fakeConnection, fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { listKeypairs } from './keypairs';

const fake = withFakeServer();

it('lists keypairs (sample keypairs-list-resp; no type before 2.2 means ssh)', async () => {
  fake().expect({ method: 'GET', path: '/compute/v2.1/os-keypairs', reply: { status: 200, json: fixture('nova-keypairs.json') } });
  expect(await listKeypairs(fakeConnection(fake()))).toEqual([
    { name: 'keypair-50ca852e-273f-4cdc-8949-45feba200837', type: 'ssh', fingerprint: '7e:eb:ab:24:ba:d1:e1:88:ae:9a:fb:66:53:df:d3:bd' },
  ]);
});
