// The real `openstack` CLI (Debian's python3-openstackclient) against the local cloud: the
// issue's own command sequence, run as a user would after `source .localcloud/openrc`.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openrcText } from './cli';
import { SEED } from './state/seed';
import type { RunningLocalCloud } from './server';
import { startLocalCloud } from './server';
import { until } from './test-helpers';

const OPENSTACK = '/usr/bin/openstack';
const run = promisify(execFile);
const SLOW = 240_000;

let cloud: RunningLocalCloud;
let home: string;
let env: Record<string, string>;

/** Runs `openstack --debug …` (async: the cloud lives in this process) and returns stdout.
 * --debug writes the HTTP exchange to stderr, which a failure reports; nothing runs twice. */
async function os(...args: string[]): Promise<string> {
  try {
    return (await run(OPENSTACK, ['--debug', ...args], { env: env as NodeJS.ProcessEnv, timeout: 90_000, maxBuffer: 64 * 1024 * 1024 })).stdout.trim();
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const lines = (e.stderr ?? '').split('\n');
    const exchange = lines.filter((l) => /^(REQ|RESP|RESP BODY):/.test(l)).slice(-6).map((l) => l.slice(0, 600)).join('\n');
    const last = lines.filter((l) => l.trim()).slice(-3).join('\n');
    throw new Error(`openstack ${args.join(' ')} failed:\n${last}\n--- last HTTP exchange ---\n${exchange}`);
  }
}

beforeAll(async () => {
  if (!existsSync(OPENSTACK)) {
    throw new Error(`${OPENSTACK} is missing: install Debian's python3-openstackclient (apt-get install python3-openstackclient; .ci/run does this). This test does not skip.`);
  }
  cloud = await startLocalCloud({ timings: { snapshotPhaseMs: 50, buildMs: 100, powerMs: 50 } });
  home = mkdtempSync(path.join(tmpdir(), 'localcloud-osc-'));
  // Exactly the openrc's variables: nothing from the caller's OS_* (or clouds.yaml in HOME) leaks in.
  const openrc = Object.fromEntries([...openrcText(cloud.url).matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  env = { PATH: '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1', ...openrc };
}, 60_000);

afterAll(async () => {
  await cloud?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('openstack CLI against the local cloud', () => {
  it('token issue', async () => {
    const token = JSON.parse(await os('token', 'issue', '-f', 'json'));
    expect(token.project_id).toBe(SEED.projects.demo);
    expect(token.id).toHaveLength(183);
  }, SLOW);

  it('server list shows the project\'s servers only', async () => {
    const servers = JSON.parse(await os('server', 'list', '-f', 'json')) as { Name: string; Status: string }[];
    expect(servers.map((s) => s.Name).sort()).toEqual(['app-1', 'batch-1', 'db-1', 'legacy-1', 'vol-1', 'web-1']);
    expect(servers.find((s) => s.Name === 'batch-1')?.Status).toBe('SHUTOFF');
  }, SLOW);

  it('flavor list (openstacksdk also reads each flavor\'s os-extra_specs)', async () => {
    const flavors = JSON.parse(await os('flavor', 'list', '-f', 'json')) as { Name: string; Disk: number }[];
    expect(flavors.find((f) => f.Name === 's1-2')?.Disk).toBe(10);
  }, SLOW);

  let snapshotId = '';
  it('server image create, then the image goes active', async () => {
    snapshotId = JSON.parse(await os('server', 'image', 'create', '--name', 'test_snapshot', 'web-1', '-f', 'json')).id;
    expect(snapshotId).toMatch(/^[0-9a-f-]{36}$/);
    await until('test_snapshot to be active', async () => (await os('image', 'show', '-f', 'value', '-c', 'status', 'test_snapshot')) === 'active', { timeoutMs: 120_000, intervalMs: 0 });
    expect(cloud.state.image(snapshotId)?.properties).toMatchObject({ image_type: 'snapshot', instance_uuid: SEED.servers.web1 });
  }, SLOW);

  it('image set --property, then image show -f value -c properties', async () => {
    await os('image', 'set', '--property', 'hw_qemu_guest_agent=yes', 'test_snapshot');
    const properties = await os('image', 'show', '-f', 'value', '-c', 'properties', 'test_snapshot');
    // osc prints a dict with -f value ('k': 'v') and k='v' in its table view.
    expect(properties).toMatch(/'hw_qemu_guest_agent': 'yes'|hw_qemu_guest_agent='yes'/);
  }, SLOW);

  it('server create from the snapshot with --nic none, then ACTIVE', async () => {
    // novaclient accepts `--nic none` only from compute 2.37: the openrc sets
    // OS_COMPUTE_API_VERSION=2.latest, as the Zed recipe's does, so the command runs unchanged.
    await os('server', 'create', '--image', 'test_snapshot', '--flavor', 'd2-4', '--nic', 'none', 'from-snap');
    await until('from-snap to be ACTIVE', async () => (await os('server', 'show', '-f', 'value', '-c', 'status', 'from-snap')) === 'ACTIVE', { timeoutMs: 120_000, intervalMs: 0 });
    const shown = JSON.parse(await os('server', 'show', 'from-snap', '-f', 'json'));
    expect(shown.image).toContain(snapshotId);
    expect(shown.addresses).toEqual({});
  }, SLOW);

  it('volume list shows vol-1\'s root volume; a snapshot of vol-1 is a Cinder snapshot in volume snapshot list', async () => {
    // cinderclient finds Cinder as volumev3 in the catalog and speaks volume 3.0 to it.
    const volumes = JSON.parse(await os('volume', 'list', '-f', 'json')) as { ID: string; Name: string; Status: string; Size: number; 'Attached to': unknown }[];
    expect(volumes).toMatchObject([{ ID: SEED.volumes.vol1Root, Name: 'vol-1-root', Status: 'in-use', Size: 10, 'Attached to': [{ server_id: SEED.servers.vol1, device: '/dev/sda' }] }]);
    // The table view names the server, which osc looks up in Nova.
    expect(await os('volume', 'list', '-c', 'Attached to', '-f', 'table')).toContain('Attached to vol-1 on /dev/sda');
    expect(await os('server', 'show', 'vol-1', '-f', 'value', '-c', 'image')).toBe('N/A (booted from volume)');
    const image = JSON.parse(await os('server', 'image', 'create', '--name', 'vol-1-snap', 'vol-1', '-f', 'json'));
    expect(image).toMatchObject({ status: 'active', size: 0, min_disk: 10 });
    expect(image.properties).toMatchObject({ bdm_v2: 'True', root_device_name: '/dev/sda', base_image_ref: '' });
    const snapshots = await until('the Cinder snapshot to be available', async () => {
      const list = JSON.parse(await os('volume', 'snapshot', 'list', '-f', 'json')) as { Name: string; Status: string; Size: number }[];
      return list.every((x) => x.Status === 'available') && list.length > 0 ? list : undefined;
    }, { timeoutMs: 60_000, intervalMs: 0 });
    expect(snapshots.map((x) => ({ Name: x.Name, Size: x.Size }))).toEqual([{ Name: 'snapshot for vol-1-snap', Size: 10 }]);
  }, SLOW);

  it('server backup create --type daily --rotate 2, three times, leaves two backups', async () => {
    // osc 6.0 finds the new backup by name (find_image(backup_name)) and the name defaults to
    // the server's: from the second run on it fails with "More than one Image exists with the
    // name 'web-1'" after Nova accepted the backup, against any cloud. Hence one name per run.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = JSON.parse(await os('server', 'backup', 'create', '--type', 'daily', '--rotate', '2', '--name', `web-1-daily-${i + 1}`, 'web-1', '-f', 'json')).id as string;
      ids.push(id);
      await until(`backup ${i + 1} to finish`, () => {
        const s = cloud.state.server(SEED.servers.web1);
        return cloud.state.image(id)?.status === 'active' && s?.taskState === null;
      }, { timeoutMs: 60_000 });
    }
    const backups = JSON.parse(await os('image', 'list', '--property', 'image_type=backup', '--property', `instance_uuid=${SEED.servers.web1}`, '-f', 'json')) as { ID: string }[];
    expect(backups.map((b) => b.ID).sort()).toEqual(ids.slice(1).sort());
  }, SLOW);
});
