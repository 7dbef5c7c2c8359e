import type { APIRequestContext } from '@playwright/test';
import { SEED } from '../lib/localcloud/state/seed';
import { CLOUD_URL } from './fixtures/cloud';
import { expect, test } from './fixtures/test';

interface GlanceImage { id: string; name: string; status: string; backup_type?: string; created_at: string }

/** What Glance holds: this instance's daily backups, asked with custom-property filters
 * as Nova's own rotation asks. */
async function dailyBackups(request: APIRequestContext, serverId: string): Promise<GlanceImage[]> {
  const auth = await request.post(`${CLOUD_URL}/identity/v3/auth/tokens`, {
    data: { auth: { identity: { methods: ['password'], password: { user: { name: 'demo', domain: { id: 'default' }, password: 'demo' } } }, scope: { project: { name: 'demo', domain: { id: 'default' } } } } },
  });
  const res = await request.get(`${CLOUD_URL}/image/v2/images?image_type=backup&backup_type=daily&instance_uuid=${serverId}&sort_key=created_at&sort_dir=asc`, {
    headers: { 'X-Auth-Token': auth.headers()['x-subject-token']! },
  });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { images: GlanceImage[] }).images;
}

test('three daily backups with rotation 2 leave the newest two', async ({ signedIn: page, cloud }) => {
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'web-1', exact: true }) });
  for (const n of [1, 2, 3]) {
    const button = row.getByRole('button', { name: 'Create backup' });
    // Nova refuses a backup while the previous one still holds the task state.
    await expect(button).toBeEnabled({ timeout: 20_000 });
    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Create backup' });
    await dialog.getByLabel('Backup name').fill(`web-1-daily-${n}`);
    await dialog.getByLabel('Backup type').fill('daily');
    await dialog.getByLabel('Rotation').fill('2');
    await expect(dialog).toContainText('Nova keeps the newest 2 backups of type “daily” of web-1 and deletes the older ones');
    await expect(dialog.getByTestId('cli-command')).toHaveText(`openstack server backup create --name web-1-daily-${n} --type daily --rotate 2 ${SEED.servers.web1}`);
    const since = await cloud.lastSeq();
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog).toBeHidden();
    const posts = await cloud.requests({ since, method: 'POST', path: `/compute/v2.1/servers/${SEED.servers.web1}/action` });
    expect(posts.map((p) => p.status)).toEqual([202]);
    // Wait for this backup to be uploaded before the next one (rotation runs at the end).
    await expect.poll(async () => (await dailyBackups(page.request, SEED.servers.web1)).find((i) => i.name === `web-1-daily-${n}`)?.status, { timeout: 20_000 }).toBe('active');
  }
  await expect.poll(async () => (await dailyBackups(page.request, SEED.servers.web1)).map((i) => i.name), { timeout: 20_000 }).toEqual(['web-1-daily-2', 'web-1-daily-3']);
});

test('the backup dialog checks its fields and keeps them when Nova refuses', async ({ signedIn: page, cloud }) => {
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'db-1', exact: true }) });
  await row.getByRole('button', { name: 'Create backup' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create backup' });
  await dialog.getByLabel('Rotation').fill('31');
  const since = await cloud.lastSeq();
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog.getByLabel('Rotation')).toHaveAccessibleDescription(/At most 30\./);
  expect(await cloud.requests({ since, method: 'POST' })).toHaveLength(0);

  const refusal = "Cannot 'createBackup' instance b0000001-0000-4000-8000-000000000002 while it is in task_state image_snapshot";
  await cloud.fault({ method: 'POST', path: `/servers/${SEED.servers.db1}/action$`, action: { type: 'status', status: 409, body: JSON.stringify({ conflictingRequest: { code: 409, message: refusal } }) } });
  await dialog.getByLabel('Backup type').fill('weekly');
  await dialog.getByLabel('Rotation').fill('4');
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText(refusal);
  await expect(dialog.getByLabel('Backup type')).toHaveValue('weekly');
  await expect(dialog.getByLabel('Rotation')).toHaveValue('4');
});
