// Issue 13 on Zed with real Cinder (e2e/volume-backed.spec.ts on the local cloud): a
// volume-backed instance's snapshot is made, found, explained, launched and deleted as one
// object — the 0-byte Glance image and its Cinder snapshot — each step checked in Nova,
// Glance and Cinder themselves. The set-up boots `vol-1` as the spike did: a bootable volume
// `vol-1-root` made from the seeded Debian 12 qcow2, as big as s1-2's disk, booted with
// block_device_mapping_v2 source volume. Everything is found again by name and removed before
// and after, so a run killed half-way leaves nothing that the next run, or `down`, trips on.
import { expect, test } from '@playwright/test';
import type { Connection } from '../lib/openstack/client';
import { getFlavor } from '../lib/openstack/compute/flavors';
import { createServer, deleteServer, getServer, listAllServers } from '../lib/openstack/compute/servers';
import { deleteImage, getImage, listImages } from '../lib/openstack/image/images';
import { waitFor } from '../lib/openstack/testing/wait-for';
import { getSnapshot, listAllSnapshots } from '../lib/openstack/volume/snapshots';
import { createVolume, deleteVolume, getVolume, listAllVolumes } from '../lib/openstack/volume/volumes';
import { connectDemo, ignore404, isGone, row, signIn, waitGone } from './zed';

const NAMES = { server: 'vol-1', root: 'vol-1-root', snapshot: 'vol-1-e2e', launched: 'from-vol-1' };
const FLAVOR = 's1-2';
/** Cinder downloads and converts the image, Nova polls for volumes: slower than the local cloud. */
const CLOUD_MS = 180_000;

let conn: Connection;
let serverId = '';
let rootId = '';
/** Volumes the test saw made (from the Cinder snapshot), removed after. */
const madeVolumes = new Set<string>();

const poll = (what: string) => ({ what, timeoutMs: CLOUD_MS, intervalMs: 500 });

async function volumeSettled(id: string): Promise<void> {
  await waitFor(async () => {
    const v = await getVolume(conn, id).catch((err: unknown) => {
      ignore404(err);
      return null;
    });
    return v === null || !['in-use', 'attaching', 'detaching', 'reserved', 'creating', 'downloading'].includes(v.status);
  }, poll(`volume ${id} to be detached`));
}

/** Removes what this spec makes, by name: servers, image, volumes made from the root's
 * snapshots, then the root volume with its snapshots (cascade). */
async function removeAll(): Promise<void> {
  const servers = (await listAllServers(conn, { name: NAMES.server })).filter((s) => s.name === NAMES.server || s.name === NAMES.launched);
  const volumes = new Set([...madeVolumes, ...servers.flatMap((s) => s.volumesAttached.map((v) => v.id))]);
  for (const s of servers) await deleteServer(conn, s.id).catch(ignore404);
  for (const s of servers) await waitGone(`server ${s.name}`, () => getServer(conn, s.id), CLOUD_MS);
  for (const image of (await listImages(conn, { name: NAMES.snapshot })).images) await deleteImage(conn, image.id).catch(ignore404);

  const roots = (await listAllVolumes(conn, { name: NAMES.root })).filter((v) => v.name === NAMES.root).map((v) => v.id);
  const snapshots = new Set((await Promise.all(roots.map((id) => listAllSnapshots(conn, { volumeId: id })))).flat().map((x) => x.id));
  for (const v of await listAllVolumes(conn)) if (v.sourceSnapshotId && snapshots.has(v.sourceSnapshotId)) volumes.add(v.id);
  for (const id of roots) volumes.delete(id);
  for (const ids of [[...volumes], roots]) {
    for (const id of ids) await volumeSettled(id);
    for (const id of ids) await deleteVolume(conn, id, { cascade: true }).catch(ignore404);
    for (const id of ids) await waitGone(`volume ${id}`, () => getVolume(conn, id), CLOUD_MS);
  }
  madeVolumes.clear();
}

test.beforeAll(async () => {
  test.setTimeout(2 * CLOUD_MS + 60_000);
  conn = await connectDemo({ volume: true });
  await removeAll();
  const debian = (await listImages(conn, { name: 'Debian 12', visibility: 'public' })).images[0];
  if (!debian) throw new Error('no public "Debian 12" image on the Zed cloud: run scripts/zed-cloud/up');
  // At least the flavor's disk: the snapshot's min_disk is max(image, flavor disk), and its
  // volume is as big as this one (the spike's trap "Volume is smaller than the minimum size").
  const size = Math.max((await getFlavor(conn, FLAVOR)).disk ?? 0, debian.minDisk, 1);
  ({ id: rootId } = await createVolume(conn, { size, imageRef: debian.id, name: NAMES.root }));
  // Real Cinder says bootable only once the image is in the volume (the local cloud at once).
  await waitFor(async () => {
    const v = await getVolume(conn, rootId);
    if (v.status === 'error') throw new Error(`${NAMES.root} is in error`);
    return v.status === 'available' && v.bootable;
  }, poll(`${NAMES.root} to be available and bootable`));
  ({ id: serverId } = await createServer(conn, {
    name: NAMES.server, flavorRef: FLAVOR, networks: 'none',
    blockDeviceMapping: [{ sourceType: 'volume', uuid: rootId, bootIndex: 0 }],
  }));
  await waitFor(async () => {
    const s = await getServer(conn, serverId);
    if (s.status === 'ERROR') throw new Error(`${NAMES.server} is in ERROR: ${s.fault?.message ?? 'no fault'}`);
    return s.status === 'ACTIVE' && s.taskState === null;
  }, poll(`${NAMES.server} to be ACTIVE`));
  expect((await getVolume(conn, rootId)).status).toBe('in-use');
});

test.afterAll(async () => {
  test.setTimeout(2 * CLOUD_MS);
  if (conn) await removeAll();
});

/** The Cinder snapshot's status, or 404 once Cinder has deleted it. */
const cinderSnapshotState = (id: string): Promise<string | number> =>
  getSnapshot(conn, id).then((x) => x.status, (err: unknown) => {
    ignore404(err);
    return 404;
  });

test('vol-1 on Zed: snapshot it, find it, see its Cinder snapshot, launch from it, delete it with its Cinder snapshot', async ({ page }) => {
  test.setTimeout(4 * CLOUD_MS);
  await signIn(page);

  await test.step('1. Create snapshot of vol-1: the dialog says what a volume-backed snapshot is and costs', async () => {
    // The Instances page names the volume vol-1 boots from, with its size, and links to it.
    const volumeLink = row(page, NAMES.server).getByRole('link', { name: `Volume ${NAMES.root} (10 GiB)` });
    await expect(volumeLink).toHaveAttribute('href', `/instances/${serverId}#volumes`);
    await row(page, NAMES.server).getByRole('button', { name: `Create snapshot of ${NAMES.server}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Create snapshot' });
    await expect(dialog).toContainText('Volume-backed instance');
    await expect(dialog).toContainText('a Cinder volume snapshot of each attached volume, plus a 0-byte Glance image');
    await expect(dialog).toContainText("counts against the project's Cinder snapshot and gigabyte quotas");
    await dialog.getByLabel('Snapshot name').fill(NAMES.snapshot);
    await expect(dialog.getByTestId('cli-command')).toHaveText(`openstack server image create --name ${NAMES.snapshot} --property instance_uuid=${serverId} --property image_type=snapshot ${serverId}`);
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    const tracked = page.getByRole('table').getByRole('group', { name: `Snapshot of ${NAMES.server}` });
    await expect(tracked.getByRole('link', { name: 'View snapshot' })).toBeVisible({ timeout: CLOUD_MS });
    // The stepper followed the Cinder snapshot past the image, which Nova makes active at once.
    await expect(tracked.getByRole('list', { name: `Snapshot progress of ${NAMES.server}` }).getByRole('listitem').last()).toHaveText(/Cinder snapshot available.*done/, { timeout: CLOUD_MS });
    await expect(tracked).toContainText('the image is active and its Cinder snapshot available');
  });

  await test.step('2. Found in the Snapshots tab as a volume snapshot sized by its Cinder snapshot, and from the instance', async () => {
    await page.goto('/images?tab=snapshots');
    const listed = row(page, NAMES.snapshot);
    await expect(listed).toContainText('Volume snapshot');
    await expect(listed).toContainText('10 GiB in Cinder');
    await page.goto(`/images?tab=snapshots&instance_uuid=${serverId}`);
    await expect(row(page, NAMES.snapshot)).toHaveCount(1);
  });

  let snapshotId = '';
  let imageId = '';
  await test.step('3. Its Cinder snapshot on the detail page, as Cinder has it; no download of a 0-byte image', async () => {
    await row(page, NAMES.snapshot).getByRole('link', { name: NAMES.snapshot, exact: true }).click();
    await expect(page.getByRole('heading', { name: NAMES.snapshot, level: 1 })).toBeVisible();
    imageId = new URL(page.url()).pathname.split('/').pop()!;
    const cinder = page.getByRole('region', { name: 'Cinder snapshots' });
    await expect(cinder.getByRole('row')).toHaveCount(2);
    const snapshotRow = cinder.getByRole('row').nth(1);
    await expect(snapshotRow).toContainText(`snapshot for ${NAMES.snapshot}`);
    await expect(snapshotRow).toContainText(/available/i);
    await expect(snapshotRow).toContainText('10 GiB');
    await expect(snapshotRow).toContainText(NAMES.root);
    snapshotId = (await snapshotRow.locator('.font-mono').first().textContent())!.trim();
    expect(snapshotId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(page.getByRole('button', { name: 'Download' })).toBeDisabled();

    // What Nova, Glance and Cinder really made.
    const image = await getImage(conn, imageId);
    expect(image).toMatchObject({ name: NAMES.snapshot, status: 'active', size: 0 });
    expect(image.properties).toMatchObject({ instance_uuid: serverId, image_type: 'snapshot', bdm_v2: 'True' });
    expect(JSON.parse(image.properties.block_device_mapping ?? '[]')).toEqual([expect.objectContaining({ source_type: 'snapshot', snapshot_id: snapshotId, boot_index: 0 })]);
    expect(await getSnapshot(conn, snapshotId)).toMatchObject({ name: `snapshot for ${NAMES.snapshot}`, volumeId: rootId, status: 'available', size: 10 });
  });

  await test.step('4. Launch instance from it: ACTIVE, on a new volume Cinder made from the Cinder snapshot', async () => {
    await page.getByRole('link', { name: 'Launch instance' }).click();
    await expect(page.getByRole('heading', { name: 'Launch instance', level: 1 })).toBeVisible();
    // Booted from a new volume made from the Cinder snapshot (block_device_mapping_v2 source
    // snapshot, no imageRef), kept after the instance unless asked.
    const bootVolume = page.getByRole('group', { name: 'Boot volume' });
    await expect(bootVolume).toContainText(`Nova creates a new 10 GiB volume from Cinder snapshot ${snapshotId}`);
    await expect(page.getByRole('checkbox', { name: 'Delete volume on instance delete' })).not.toBeChecked();
    await page.getByLabel('Instance name').fill(NAMES.launched);
    // s1-2's 10 GB disk is the snapshot's min_disk, and no more than its 10 GiB volume.
    await expect(page.getByLabel('Flavor').getByRole('option', { name: /^s1-2 / })).toBeEnabled();
    await page.getByLabel('Flavor').selectOption(FLAVOR);
    await page.getByRole('button', { name: 'Launch', exact: true }).click();
    await expect(page).toHaveURL(/\/instances\?highlight=/);
    const launchedId = new URL(page.url()).searchParams.get('highlight')!.split(',')[0]!;
    await expect(row(page, NAMES.launched).getByRole('cell').nth(1)).toHaveText(/^ACTIVE/, { timeout: CLOUD_MS });
    const launched = await getServer(conn, launchedId);
    // No imageRef was sent: Nova shows the image as "" (null here).
    expect(launched).toMatchObject({ name: NAMES.launched, status: 'ACTIVE', imageId: null, flavor: { name: FLAVOR } });
    const made = (await listAllVolumes(conn)).filter((v) => v.sourceSnapshotId === snapshotId);
    made.forEach((v) => madeVolumes.add(v.id));
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ status: 'in-use', size: 10, bootable: true, attachments: [expect.objectContaining({ serverId: launchedId })] });
    expect(launched.volumesAttached).toEqual([{ id: made[0]!.id, deleteOnTermination: false }]);
  });

  await test.step('5. Delete the image: the confirmation names the Cinder snapshot, the summary says it went; Glance and Cinder 404 after', async () => {
    // From the Snapshots tab's row, not the detail page: there the app moves to /images as
    // soon as the delete answers, and the summary is gone with the page (on Zed often before
    // it could be read).
    await page.goto('/images?tab=snapshots');
    await row(page, NAMES.snapshot).getByRole('button', { name: `Delete ${NAMES.snapshot}` }).click();
    const confirm = page.getByRole('dialog', { name: `Delete image ${NAMES.snapshot}` });
    await expect(confirm.getByRole('list', { name: `Cinder snapshots of ${NAMES.snapshot}` })).toContainText(`and Cinder snapshot ${snapshotId} (10 GiB)`);
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(confirm.getByRole('status')).toHaveText('1 deleted, 0 failed, Cinder snapshots: 1 deleted or already gone, 0 kept.', { timeout: 60_000 });
    await expect(confirm.getByRole('list', { name: 'Cinder snapshots' })).toContainText('Deleted (Cinder is removing it).');
    await confirm.getByRole('button', { name: 'Done' }).click();
    await expect(row(page, NAMES.snapshot)).toHaveCount(0);
    expect(await isGone(getImage(conn, imageId))).toBe(true);
    await expect.poll(() => cinderSnapshotState(snapshotId), { timeout: CLOUD_MS, intervals: [500] }).toBe(404);
  });
});
