// The contract target for the real Zed cloud of scripts/zed-cloud/up: the seeded images are
// found by name (Glance never reuses a deleted id, so `up` may have given one a new id), and
// nova-compute is paused with SIGSTOP on its process group to hold a snapshot's task state.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Connection } from '../client';
import { listImages } from '../image/images';
import type { ContractTarget } from './contract-suite';
import { connect } from './connect';
import type { WorkflowTargetFacts } from './workflow-contract';

export const ZED_STATE = process.env.SNAPDECK_ZED_STATE || '/var/lib/snapdeck-zed';
/** Longest a pause may last: past it a watchdog resumes nova-compute on its own, so that a
 * test runner killed mid-pause cannot leave the shared cloud's compute stopped. */
const PAUSE_WATCHDOG_S = 60;

/**
 * Stops nova-compute (its whole process group, as `scripts/zed-cloud/down` signals it) and
 * returns the function that resumes it. Needs to run as root, like the bring-up.
 */
export async function pauseZedCompute(): Promise<() => Promise<void>> {
  const pidFile = path.join(ZED_STATE, 'run', 'nova-compute.pid');
  const pid = Number((await readFile(pidFile, 'utf8')).trim());
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`${pidFile} holds no pid`);
  const watchdog = spawn('sh', ['-c', `sleep ${PAUSE_WATCHDOG_S}; kill -CONT -- -${pid}`], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  const stopWatchdog = () => {
    try {
      if (watchdog.pid !== undefined) process.kill(-watchdog.pid, 'SIGKILL');
    } catch {
      // It has already fired and gone.
    }
  };
  const onExit = () => {
    try {
      process.kill(-pid, 'SIGCONT');
    } finally {
      stopWatchdog();
    }
  };
  process.once('exit', onExit);
  try {
    process.kill(-pid, 'SIGSTOP');
  } catch (err) {
    process.off('exit', onExit);
    stopWatchdog();
    throw err;
  }
  let resumed = false;
  return async () => {
    if (resumed) return;
    resumed = true;
    process.off('exit', onExit);
    onExit();
  };
}

async function imageIdByName(conn: Connection, name: string, what: string): Promise<string> {
  const { images } = await listImages(conn, { name, limit: 2 });
  const image = images[0];
  if (!image || images.length > 1) {
    throw new Error(`expected one image named "${name}" (${what}), found ${images.length}: run scripts/zed-cloud/up`);
  }
  return image.id;
}

/** The seeded users and images of scripts/zed-cloud/bootstrap.py, and its Mistral's policy. */
export async function zedTarget(authUrl: string): Promise<ContractTarget & WorkflowTargetFacts> {
  const password = process.env.SNAPDECK_ZED_DEMO_PASSWORD ?? 'demo';
  const demo = await connect({ authUrl, username: 'demo', password, projectName: 'demo' });
  const alt = await connect({ authUrl, username: 'alt', password: process.env.SNAPDECK_ZED_ALT_PASSWORD ?? 'alt', projectName: 'alt-demo' });
  return {
    authUrl, username: 'demo', password, projectName: 'demo',
    boot: { imageId: await imageIdByName(demo.conn, 'debian12-agent-template', 'a private image with hw_qemu_guest_agent=yes'), flavorRef: 'd2-2', keyName: 'demo-key' },
    othersPublicImageId: await imageIdByName(demo.conn, 'Debian 12', 'the public image of project admin'),
    othersPrivateImageId: await imageIdByName(alt.conn, 'alt-demo-private-image', 'the private image of project alt-demo'),
    memberLogin: { authUrl, username: 'alt', password: process.env.SNAPDECK_ZED_ALT_PASSWORD ?? 'alt', projectName: 'alt-demo' },
    // scripts/zed-cloud/up's glance2: RegionTwo has an image service only, glance-download on
    regions: async () => ({
      login: { authUrl, username: 'demo', password, projectName: 'demo' },
      source: 'RegionOne', target: 'RegionTwo', targetHasCompute: false, timeoutMs: 60_000, pollMs: 100,
    }),
    snapshotData: 'upload',
    snapshotTimeoutMs: 30_000,
    pollMs: 100,
    hasNetwork: false,
    pauseCompute: pauseZedCompute,
    // scripts/zed-cloud/up writes /etc/mistral/policy.yaml with action_executions:* admin only
    actionExecutionsAdminOnly: true,
  };
}
