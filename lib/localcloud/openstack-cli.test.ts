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
    expect(servers.map((s) => s.Name).sort()).toEqual(['app-1', 'batch-1', 'db-1', 'legacy-1', 'web-1']);
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
