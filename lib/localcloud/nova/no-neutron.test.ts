// Nova on a cloud without Neutron (the Zed tier's cloud): only networks "none" boots; "auto",
// a network list, or no networks at all (before 2.37) make nova-api answer a bare 500.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SEED } from '../state/seed';
import type { LocalCloud } from '../server';
import { login, testCloud, until } from '../test-helpers';
import { compute } from './test-kit';

let lc: LocalCloud;
let demo: string;

beforeEach(async () => {
  lc = testCloud({ neutron: false });
  demo = await login(lc.app, 'demo', 'demo');
});
afterEach(async () => {
  await lc.dispose();
});

const base = { name: 'no-neutron', imageRef: SEED.images.debian12, flavorRef: 's1-2' };

it('boots with networks "none"', async () => {
  const r = await compute(lc.app, demo, 'POST', '/v2.1/servers', { version: '2.93', body: { server: { ...base, networks: 'none' } } });
  expect(r.status).toBe(202);
  const active = await until('ACTIVE', async () => {
    const s = (await compute(lc.app, demo, 'GET', `/v2.1/servers/${r.json.server.id}`, { version: '2.93' })).json.server;
    return s.status === 'ACTIVE' ? s : undefined;
  });
  expect(active.addresses).toEqual({});
});

it.each([
  ['"auto"', '2.93', { networks: 'auto' }],
  ['a network list', '2.93', { networks: [{ uuid: SEED.networks.demoPrivate }] }],
  ['no networks before 2.37', '2.36', {}],
])('answers 500 to %s, as Zed does, and boots nothing', async (_what, version, networks) => {
  const before = lc.state.data.servers.length;
  const r = await compute(lc.app, demo, 'POST', '/v2.1/servers', { version, body: { server: { ...base, ...networks } } });
  expect(r.status).toBe(500);
  expect(r.json.computeFault.code).toBe(500);
  expect(r.json.computeFault.message).toMatch(/^Unexpected API Error\. .*\n<class '.*EndpointNotFound'>$/s);
  expect(lc.state.data.servers.length).toBe(before);
});
