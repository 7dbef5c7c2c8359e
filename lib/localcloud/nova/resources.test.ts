import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import flavorsDetail from '@/lib/testing/fixtures/openstack/nova-flavors-detail.json';
import keypairsSample from '@/lib/testing/fixtures/openstack/nova-keypairs.json';
import limits257 from '@/lib/testing/fixtures/openstack/nova-limits-2.57.json';
import consoleSample from '@/lib/testing/fixtures/openstack/nova-console-output-resp.json';
import { compute } from './test-kit';
import { SEED } from '../state/seed';
import type { LocalCloud } from '../server';
import { login, sortedKeys, testCloud, until } from '../test-helpers';

let lc: LocalCloud;
let demo: string;

beforeEach(async () => {
  lc = testCloud();
  demo = await login(lc.app, 'demo', 'demo');
});
afterEach(async () => {
  await lc.dispose();
});

const action = (id: string, body: unknown, version = 'latest') => compute(lc.app, demo, 'POST', `/v2.1/servers/${id}/action`, { version, body });
const show = async (id: string) => (await compute(lc.app, demo, 'GET', `/v2.1/servers/${id}`)).json.server;

describe('flavors', () => {
  it('lists flavors with the capture’s keys at 2.93 and older shapes before', async () => {
    const latest = await compute(lc.app, demo, 'GET', '/v2.1/flavors/detail', { version: 'latest' });
    expect(latest.json.flavors).toHaveLength(7);
    for (const f of latest.json.flavors) expect(sortedKeys(f)).toEqual(sortedKeys(flavorsDetail.flavors[0]!));
    expect(latest.json.flavors[0]).toMatchObject({ id: 'b2-15', swap: 0, 'OS-FLV-DISABLED:disabled': false, rxtx_factor: 1 });
    const old = await compute(lc.app, demo, 'GET', '/v2.1/flavors/detail', { version: '2.1' });
    expect(old.json.flavors[0].swap).toBe('');
    expect(old.json.flavors[0].description).toBeUndefined();
    const brief = await compute(lc.app, demo, 'GET', '/v2.1/flavors', { version: '2.55' });
    expect(sortedKeys(brief.json.flavors[0])).toEqual(['description', 'id', 'links', 'name']);
    expect(brief.json.flavors[0].links[0].href).toBe(`${lc.cloud.publicUrl}/compute/v2.1/flavors/b2-15`);
  });

  it('filters by minRam/minDisk, pages, and shows one flavor', async () => {
    const big = await compute(lc.app, demo, 'GET', '/v2.1/flavors?minRam=15000&minDisk=100');
    expect(big.json.flavors.map((f: { id: string }) => f.id)).toEqual(['b2-15', 'b2-30']);
    const page = await compute(lc.app, demo, 'GET', '/v2.1/flavors?limit=2&marker=b2-30');
    expect(page.json.flavors.map((f: { id: string }) => f.id)).toEqual(['b2-7', 'd2-2']);
    expect(page.json.flavors_links[0].href).toBe(`${lc.cloud.publicUrl}/compute/v2.1/flavors?limit=2&marker=d2-2`);
    const bad = await compute(lc.app, demo, 'GET', '/v2.1/flavors?minRam=lots');
    expect(bad.json.badRequest.message).toBe('Invalid minRam filter [lots]');
    const one = await compute(lc.app, demo, 'GET', '/v2.1/flavors/d2-4', { version: 'latest' });
    expect(one.json.flavor).toMatchObject({ id: 'd2-4', vcpus: 2, ram: 4000, disk: 50, extra_specs: {} });
    const missing = await compute(lc.app, demo, 'GET', '/v2.1/flavors/m1.huge');
    expect(missing.json.itemNotFound.message).toBe('Flavor m1.huge could not be found.');
  });
});

describe('key pairs and limits', () => {
  it('lists the user’s key pairs (type from 2.2) and shows one', async () => {
    const r = await compute(lc.app, demo, 'GET', '/v2.1/os-keypairs', { version: '2.1' });
    expect(r.json.keypairs).toHaveLength(1);
    expect(sortedKeys(r.json.keypairs[0].keypair)).toEqual(sortedKeys(keypairsSample.keypairs[0]!.keypair));
    const typed = await compute(lc.app, demo, 'GET', '/v2.1/os-keypairs', { version: '2.2' });
    expect(typed.json.keypairs[0].keypair).toMatchObject({ name: 'demo-key', type: 'ssh' });
    const one = await compute(lc.app, demo, 'GET', '/v2.1/os-keypairs/demo-key', { version: '2.2' });
    expect(one.json.keypair).toMatchObject({ name: 'demo-key', user_id: SEED.users.demo, deleted: false, type: 'ssh' });
    const alt = await login(lc.app, 'alt', 'alt-demo');
    expect((await compute(lc.app, alt, 'GET', '/v2.1/os-keypairs')).json.keypairs).toEqual([]);
    const missing = await compute(lc.app, alt, 'GET', '/v2.1/os-keypairs/demo-key');
    expect(missing.status).toBe(404);
  });

  it('reports quota limits and the project’s usage per microversion', async () => {
    const r = await compute(lc.app, demo, 'GET', '/v2.1/limits', { version: 'latest' });
    expect(sortedKeys(r.json.limits.absolute)).toEqual(sortedKeys(limits257.limits.absolute));
    // demo: web-1 d2-4, db-1 b2-7, app-1 d2-4, legacy-1 d2-2, batch-1 d2-2 (stopped servers count too), vol-1 s1-2.
    expect(r.json.limits.absolute).toMatchObject({ maxTotalInstances: 10, maxTotalCores: 20, maxTotalRAMSize: 51200, totalInstancesUsed: 6, totalCoresUsed: 9, totalRAMUsed: 21000 });
    expect(r.json.limits.rate).toEqual([]);
    const old = await compute(lc.app, demo, 'GET', '/v2.1/limits', { version: '2.1' });
    expect(old.json.limits.absolute).toMatchObject({ maxImageMeta: 128, maxPersonality: 5, maxSecurityGroups: -1, totalFloatingIpsUsed: 0 });
  });
});

describe('power actions and console', () => {
  it('stops and starts a server through powering-off/powering-on, recording instance actions', async () => {
    const id = SEED.servers.web1;
    const stop = await action(id, { 'os-stop': null });
    expect(stop.status).toBe(202);
    expect((await show(id))['OS-EXT-STS:task_state']).toBe('powering-off');
    await until('SHUTOFF', async () => (await show(id)).status === 'SHUTOFF');
    expect((await show(id))['OS-EXT-STS:power_state']).toBe(4);
    const again = await action(id, { 'os-stop': null });
    expect(again.json.conflictingRequest.message).toBe(`Cannot 'stop' instance ${id} while it is in vm_state stopped`);
    expect((await action(id, { 'os-start': null })).status).toBe(202);
    await until('ACTIVE', async () => (await show(id)).status === 'ACTIVE');
    // Capture nova-10: os-start on an ACTIVE server.
    const start = await action(id, { 'os-start': null });
    expect(start.json).toEqual({ conflictingRequest: { code: 409, message: `Cannot 'start' instance ${id} while it is in vm_state active` } });
    const actions = await compute(lc.app, demo, 'GET', `/v2.1/servers/${id}/os-instance-actions`, { version: '2.84' });
    expect(actions.json.instanceActions.map((a: { action: string }) => a.action)).toEqual(['start', 'stop']);
  });

  it('reboots soft (REBOOT) and hard (HARD_REBOOT), and refuses a soft reboot of a stopped server', async () => {
    lc.state.timings.powerMs = 60;
    const id = SEED.servers.db1;
    expect((await action(id, { reboot: { type: 'SOFT' } })).status).toBe(202);
    expect((await show(id)).status).toBe('REBOOT');
    await until('rebooted', async () => (await show(id)).status === 'ACTIVE');
    expect((await action(id, { reboot: { type: 'hard' } })).status).toBe(202);
    expect((await show(id)).status).toBe('HARD_REBOOT');
    await until('rebooted', async () => (await show(id)).status === 'ACTIVE');
    const soft = await action(SEED.servers.batch1, { reboot: { type: 'SOFT' } });
    expect(soft.json.conflictingRequest.message).toBe(`Cannot 'reboot' instance ${SEED.servers.batch1} while it is in vm_state stopped`);
    const bad = await action(id, { reboot: { type: 'GENTLE' } });
    expect(bad.json.badRequest.message).toBe("Invalid input for field/attribute type. Value: GENTLE. 'GENTLE' is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']");
  });

  it('returns the console output, all or the last N lines', async () => {
    const id = SEED.servers.web1;
    const all = await action(id, { 'os-getConsoleOutput': {} });
    expect(sortedKeys(all.json)).toEqual(sortedKeys(consoleSample));
    expect(all.json.output.split('\n')).toHaveLength(lc.state.server(id)!.console.length);
    const two = await action(id, { 'os-getConsoleOutput': { length: '2' } });
    expect(two.json.output).toBe(lc.state.server(id)!.console.slice(-2).join('\n'));
    const bad = await action(id, { 'os-getConsoleOutput': { length: 'ten' } });
    expect(bad.json.badRequest.message).toBe("Invalid input for field/attribute length. Value: ten. 'ten' does not match '^-?[0-9]+$'");
  });

  it('answers Nova’s 400s for bodies it cannot read', async () => {
    const id = SEED.servers.web1;
    const two = await action(id, { 'os-start': null, 'os-stop': null });
    expect(two.json.badRequest.message).toBe('Malformed request body');
    const text = await compute(lc.app, demo, 'POST', `/v2.1/servers/${id}/action`, { body: 'os-start', headers: { 'Content-Type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(text.json).toEqual({ badMediaType: { code: 415, message: 'Unsupported Content-Type' } });
  });
});
