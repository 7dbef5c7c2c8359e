// Issue 13 on the local cloud: a volume-backed instance's snapshot is found, explained,
// launched and deleted as one object — the 0-byte Glance image and its Cinder snapshot.
import type { APIRequestContext, Page } from '@playwright/test';
import { SEED } from '../lib/localcloud/state/seed';
import { CLOUD_URL } from './fixtures/cloud';
import { expect, test } from './fixtures/test';

/** Cinder and Nova themselves, with a demo token: what the app really did. */
async function cloudApi(request: APIRequestContext) {
  const auth = await request.post(`${CLOUD_URL}/identity/v3/auth/tokens`, {
    data: { auth: { identity: { methods: ['password'], password: { user: { name: 'demo', domain: { id: 'default' }, password: 'demo' } } }, scope: { project: { name: 'demo', domain: { id: 'default' } } } } },
  });
  expect(auth.status()).toBe(201);
  const headers = { 'X-Auth-Token': auth.headers()['x-subject-token']! };
  const project = ((await auth.json()) as { token: { project: { id: string } } }).token.project.id;
  return {
    snapshotStatus: async (id: string): Promise<number | string> => {
      const res = await request.get(`${CLOUD_URL}/volume/v3/${project}/snapshots/${id}`, { headers });
      return res.status() === 200 ? ((await res.json()) as { snapshot: { status: string } }).snapshot.status : res.status();
    },
    volumesFromSnapshot: async (id: string) => {
      const res = await request.get(`${CLOUD_URL}/volume/v3/${project}/volumes/detail`, { headers });
      expect(res.status()).toBe(200);
      return ((await res.json()) as { volumes: { id: string; snapshot_id: string | null; status: string; bootable: string }[] }).volumes.filter((v) => v.snapshot_id === id);
    },
    /** createImage as the CLI sends it: no metadata, so Nova writes no image_type. */
    snapshotAsCli: async (serverId: string, name: string) => {
      const res = await request.post(`${CLOUD_URL}/compute/v2.1/servers/${serverId}/action`, { headers: { ...headers, 'OpenStack-API-Version': 'compute 2.93' }, data: { createImage: { name } } });
      expect(res.status(), await res.text()).toBe(202);
      return ((await res.json()) as { image_id: string }).image_id;
    },
    server: async (id: string) => {
      const res = await request.get(`${CLOUD_URL}/compute/v2.1/servers/${id}`, { headers: { ...headers, 'OpenStack-API-Version': 'compute 2.93' } });
      expect(res.status()).toBe(200);
      return ((await res.json()) as { server: { status: string; 'os-extended-volumes:volumes_attached': { id: string }[] } }).server;
    },
  };
}

const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

test('vol-1: snapshot it, find it, see its Cinder snapshot, launch from it, delete it with its Cinder snapshot', async ({ signedIn: page, request }) => {
  const api = await cloudApi(request);
  // The Instances page names the volume vol-1 boots from, with its size, and links to it.
  const volumeLink = row(page, 'vol-1').getByRole('link', { name: 'Volume vol-1-root (10 GiB)' });
  await expect(volumeLink).toHaveAttribute('href', `/instances/${SEED.servers.vol1}#volumes`);
  // 1. Snapshot vol-1: the dialog says what a volume-backed snapshot is and costs.
  await row(page, 'vol-1').getByRole('button', { name: 'Create snapshot of vol-1' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create snapshot' });
  await expect(dialog).toContainText('Volume-backed instance');
  await expect(dialog).toContainText('a Cinder volume snapshot of each attached volume, plus a 0-byte Glance image');
  await expect(dialog).toContainText("counts against the project's Cinder snapshot and gigabyte quotas");
  await dialog.getByLabel('Snapshot name').fill('vol-1-e2e');
  await expect(dialog.getByTestId('cli-command')).toHaveText(`openstack server image create --name vol-1-e2e --property instance_uuid=${SEED.servers.vol1} --property image_type=snapshot ${SEED.servers.vol1}`);
  await page.screenshot({ path: 'test-results/screenshots/volume-snapshot-dialog.png' });
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  const tracked = page.getByRole('table').getByRole('group', { name: 'Snapshot of vol-1' });
  await expect(tracked.getByRole('link', { name: 'View snapshot' })).toBeVisible({ timeout: 20_000 });
  // The stepper followed the Cinder snapshot past the image, which Nova makes active at once.
  await expect(tracked.getByRole('list', { name: 'Snapshot progress of vol-1' }).getByRole('listitem').last()).toHaveText(/Cinder snapshot available.*done/);
  await expect(tracked).toContainText('the image is active and its Cinder snapshot available');

  // 2. Found in the Snapshots tab, as a volume snapshot sized by its Cinder snapshot, and from the instance.
  await page.goto('/images?tab=snapshots');
  const listed = row(page, 'vol-1-e2e');
  await expect(listed).toContainText('Volume snapshot');
  await expect(listed).toContainText('10 GiB in Cinder');
  await page.goto(`/images?tab=snapshots&instance_uuid=${SEED.servers.vol1}`);
  await expect(row(page, 'vol-1-e2e')).toHaveCount(1);

  // 3. Its Cinder snapshot on the detail page; no download of a 0-byte image.
  await row(page, 'vol-1-e2e').getByRole('link', { name: 'vol-1-e2e', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'vol-1-e2e', level: 1 })).toBeVisible();
  const cinder = page.getByRole('region', { name: 'Cinder snapshots' });
  await expect(cinder.getByRole('row')).toHaveCount(2);
  const snapshotRow = cinder.getByRole('row').nth(1);
  await expect(snapshotRow).toContainText('snapshot for vol-1-e2e');
  await expect(snapshotRow).toContainText(/available/i);
  await expect(snapshotRow).toContainText('10 GiB');
  await expect(snapshotRow).toContainText('vol-1-root');
  const snapshotId = (await snapshotRow.locator('.font-mono').first().textContent())!.trim();
  expect(snapshotId).toMatch(/^[0-9a-f-]{36}$/);
  await expect(page.getByRole('button', { name: 'Download' })).toBeDisabled();
  await page.screenshot({ path: 'test-results/screenshots/volume-snapshot-detail.png', fullPage: true });

  // 4. Launch a new instance from it: Nova makes a volume from the Cinder snapshot.
  await page.getByRole('link', { name: 'Launch instance' }).click();
  await expect(page.getByRole('heading', { name: 'Launch instance', level: 1 })).toBeVisible();
  await page.getByLabel('Instance name').fill('from-vol-1');
  await page.getByLabel('Flavor').selectOption('s1-2');
  await page.getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page).toHaveURL(/\/instances\?highlight=/);
  const serverId = new URL(page.url()).searchParams.get('highlight')!.split(',')[0]!;
  await expect(row(page, 'from-vol-1').getByRole('cell').nth(1)).toHaveText(/^ACTIVE/, { timeout: 30_000 });
  const made = await api.volumesFromSnapshot(snapshotId);
  expect(made).toHaveLength(1);
  expect((await api.server(serverId))['os-extended-volumes:volumes_attached'].map((v) => v.id)).toEqual([made[0]!.id]);

  // 5. Delete the image: the confirmation names the Cinder snapshot, the summary says it went.
  await page.goto('/images?tab=snapshots');
  await row(page, 'vol-1-e2e').getByRole('link', { name: 'vol-1-e2e', exact: true }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete image vol-1-e2e' });
  await expect(confirm.getByRole('list', { name: 'Cinder snapshots of vol-1-e2e' })).toContainText(`and Cinder snapshot ${snapshotId} (10 GiB)`);
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(confirm.getByRole('status')).toHaveText('1 deleted, 0 failed, Cinder snapshots: 1 deleted or already gone, 0 kept.');
  await expect(confirm.getByRole('list', { name: 'Cinder snapshots' })).toContainText('Deleted (Cinder is removing it).');
  await page.screenshot({ path: 'test-results/screenshots/volume-snapshot-deleted.png' });
  await expect.poll(() => api.snapshotStatus(snapshotId), { timeout: 15_000 }).toBe(404);
  // The summary stayed while Cinder finished (the page did not move on under it); closing it
  // leads to the Images list.
  await expect(confirm.getByRole('status')).toBeVisible();
  await expect(page).toHaveURL(/\/images\/[0-9a-f-]{36}$/);
  await confirm.getByRole('button', { name: 'Done' }).click();
  await expect(page).toHaveURL(/\/images$/);
});

test('a volume-backed snapshot made outside Snapdeck (no image_type) is in the Snapshots tab too', async ({ signedIn: page, request }) => {
  const api = await cloudApi(request);
  await api.snapshotAsCli(SEED.servers.vol1, 'vol-1-from-cli');
  await page.goto('/images?tab=snapshots');
  const listed = row(page, 'vol-1-from-cli');
  await expect(listed).toContainText('Volume snapshot');
  await expect(listed).toContainText('10 GiB in Cinder');
  // The seeded snapshots are still there beside it, in one list.
  await expect(row(page, 'web-1-snapshot-weekly')).toHaveCount(1);
});

test("an instance booted from a volume shows that volume on its page", async ({ signedIn: page }) => {
  await row(page, 'vol-1').getByRole('link', { name: 'Volume vol-1-root (10 GiB)' }).click();
  await expect(page).toHaveURL(new RegExp(`/instances/${SEED.servers.vol1}#volumes$`));
  const volumes = page.getByRole('region', { name: 'Volumes' });
  await expect(volumes.getByRole('row').nth(1)).toContainText('vol-1-root');
  await expect(volumes.getByRole('row').nth(1)).toContainText('(root)');
  await expect(volumes.getByRole('row').nth(1)).toContainText('10 GiB');
  await expect(volumes.getByRole('row').nth(1)).toContainText('in-use');
  await expect(page.getByRole('region', { name: 'Image and consistency' })).toContainText('Booted from the Cinder volume vol-1-root');
});
