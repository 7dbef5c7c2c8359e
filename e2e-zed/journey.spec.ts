// The browser journey against the real Zed cloud (playwright.zed.config.ts): sign in, a
// snapshot from the Instances page, the Snapshots tab, the guest-agent switch, and a launch
// from the snapshot. Zed's FakeDriver uploads no snapshot data: the journey checks that the
// app says so honestly, and uploads bytes itself (as libvirt would) before launching.
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import type { Connection } from '../lib/openstack/client';
import { createServer, deleteServer, getServer, listServers } from '../lib/openstack/compute/servers';
import { deleteImage, getImage, listImages } from '../lib/openstack/image/images';
import { uploadBytesLikeTheLibvirtDriver } from '../lib/openstack/testing/libvirt-upload';
import { waitFor } from '../lib/openstack/testing/wait-for';
import { connectDemo, ignore404, row } from './zed';

const run = `zed-e2e-${Date.now().toString(36)}`;
const names = { server: `${run}-vm`, snapshot: `${run}-snap`, launched: `${run}-restored` };

let conn: Connection;
let serverId = '';
const madeImages: string[] = [];

const agentSwitch = (page: Page) => page.getByRole('switch', { name: 'QEMU guest agent' });

test.beforeAll(async () => {
  conn = await connectDemo();
  const debian = (await listImages(conn, { name: 'Debian 12', visibility: 'public' })).images[0];
  if (!debian) throw new Error('no public "Debian 12" image on the Zed cloud: run scripts/zed-cloud/up');
  ({ id: serverId } = await createServer(conn, { name: names.server, imageRef: debian.id, flavorRef: 'd2-2', networks: 'none' }));
  await waitFor(async () => (await getServer(conn, serverId)).status === 'ACTIVE', { what: `${names.server} to be ACTIVE`, timeoutMs: 60_000, intervalMs: 250 });
});

test.afterAll(async () => {
  if (!conn) return;
  const launched = (await listServers(conn, { name: names.launched })).servers;
  for (const s of [...launched.map((x) => x.id), serverId].filter(Boolean)) await deleteServer(conn, s).catch(ignore404);
  for (const id of madeImages) await deleteImage(conn, id).catch(ignore404);
});

test('sign in, snapshot, Snapshots tab, guest-agent switch, launch from the snapshot: against Zed', async ({ page }) => {
  test.setTimeout(240_000);

  await test.step('the sign-in form is prefilled from OS_* (never the password); demo/demo signs in', async () => {
    await page.goto('/login');
    await expect(page.getByLabel('User name')).toHaveValue('demo');
    await expect(page.getByLabel('Project')).toHaveValue('demo');
    await expect(page.getByLabel('Domain')).toHaveValue('Default');
    await expect(page.getByLabel('Password')).toHaveValue('');
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/instances/);
  });

  await test.step('the Instances page lists the server booted with networks "none"', async () => {
    const server = row(page, names.server);
    await expect(server.getByRole('cell').nth(1)).toHaveText(/^ACTIVE/);
    await expect(server).toContainText('d2-2');
  });

  let snapshotId = '';
  await test.step('Create snapshot: Nova finishes, the image stays queued, and the tracker says why', async () => {
    await row(page, names.server).getByRole('button', { name: `Create snapshot of ${names.server}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Create snapshot' });
    await dialog.getByLabel('Snapshot name').fill(names.snapshot);
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog).toBeHidden();

    const tracked = page.getByRole('table').getByRole('group', { name: `Snapshot of ${names.server}` });
    // The fake driver uploads nothing: 20 s after Nova cleared its task state the tracker
    // stops waiting and tells the truth about the image.
    await expect(tracked).toContainText('Nova finished; the image is still queued: the compute driver has not uploaded data.', { timeout: 60_000 });
    const steps = tracked.getByRole('list', { name: `Snapshot progress of ${names.server}` });
    await expect(steps.locator('[data-state="done"]')).toHaveCount(4);
    await expect(steps.locator('[aria-current="step"]')).toContainText('Image queued');
    await expect(tracked.getByRole('button', { name: 'Check again' })).toBeVisible();

    // What Nova and Glance really did: one image, queued, task state back to null.
    const { images } = await listImages(conn, { properties: { instance_uuid: serverId, image_type: 'snapshot' } });
    expect(images.map((i) => i.name)).toEqual([names.snapshot]);
    snapshotId = images[0]!.id;
    madeImages.push(snapshotId);
    expect(images[0]).toMatchObject({ status: 'queued', size: null, visibility: 'private' });
    expect((await getServer(conn, serverId)).taskState).toBeNull();
  });

  await test.step('Images → Snapshots lists the snapshot, queued', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Images' }).click();
    await page.getByRole('tab', { name: 'Snapshots' }).click();
    await expect(page.getByRole('tab', { name: 'Snapshots' })).toHaveAttribute('aria-selected', 'true');
    const snapshot = page.getByRole('tabpanel').getByRole('row', { name: new RegExp(names.snapshot) });
    await expect(snapshot).toContainText('Queued');
    await snapshot.getByRole('link', { name: names.snapshot }).click();
    await expect(page.getByRole('heading', { name: names.snapshot, level: 1 })).toBeVisible();
  });

  await test.step('the QEMU guest agent switch of the (private) snapshot toggles and persists in Glance', async () => {
    await expect(agentSwitch(page)).toBeEnabled();
    await expect(agentSwitch(page)).toHaveAttribute('aria-checked', 'false');
    await agentSwitch(page).click();
    await expect(agentSwitch(page)).toHaveAttribute('aria-checked', 'true');
    await expect(page.getByText('saving…')).toHaveCount(0);
    await page.reload();
    await expect(agentSwitch(page)).toHaveAttribute('aria-checked', 'true');
    const snapshot = await getImage(conn, snapshotId);
    expect(snapshot.properties.hw_qemu_guest_agent).toBe('yes');
    // Zed's Nova kept the record Snapdeck sent as createImage metadata; the label follows it,
    // not the switch (which changes what instances launched from the snapshot get).
    expect(snapshot.properties).toMatchObject({ snapdeck_taken_instance: serverId, snapdeck_taken_agent_channel: 'no', snapdeck_taken_power_state: 'running' });
    const header = page.getByRole('main').locator('p').filter({ hasText: 'Owner' }).first();
    await expect(header).toContainText('Crash-consistent');
    await expect(header).toContainText('(properties changed since)');
    await agentSwitch(page).click();
    await expect(agentSwitch(page)).toHaveAttribute('aria-checked', 'false');
    await expect(page.getByText('saving…')).toHaveCount(0);
    await page.reload();
    await expect(agentSwitch(page)).toHaveAttribute('aria-checked', 'false');
    expect((await getImage(conn, snapshotId)).properties).not.toHaveProperty('hw_qemu_guest_agent');
  });

  await test.step('launch from the snapshot (made active as libvirt would) with network "none": ACTIVE', async () => {
    expect((await uploadBytesLikeTheLibvirtDriver(conn, snapshotId, randomBytes(256 * 1024))).status).toBe('active');
    await page.goto(`/launch?source=${snapshotId}`);
    await expect(page.getByLabel('Source', { exact: true })).toHaveValue(snapshotId);
    // No Neutron in the catalog: Nova's own choices, "none" first chosen.
    const network = page.getByLabel('Network');
    await expect(page.getByText('This cloud has no network service (Neutron) in its catalog')).toBeVisible();
    await expect(network.getByRole('option', { name: /^auto/ })).toBeAttached();
    await expect(network).toHaveValue('none');
    // min_disk 25 (the d2-2 it was taken from): s1-2's 10 GB cannot boot it.
    await expect(page.getByLabel('Flavor').getByRole('option', { name: /^s1-2 / })).toBeDisabled();
    await page.getByLabel('Instance name').fill(names.launched);
    await page.getByLabel('Flavor').selectOption('d2-2');
    await page.getByRole('button', { name: 'Launch', exact: true }).click();

    await expect(page).toHaveURL(/\/instances\?highlight=/);
    const id = new URL(page.url()).searchParams.get('highlight')!;
    await expect(row(page, names.launched).getByRole('cell').nth(1)).toHaveText(/^ACTIVE/, { timeout: 60_000 });
    expect(await getServer(conn, id)).toMatchObject({ imageId: snapshotId, addresses: [], flavor: { name: 'd2-2' } });
  });
});
