// Issue 14 on Zed with real Mistral 15 (e2e/schedules.spec.ts on the local cloud): a schedule
// made in the browser becomes a Mistral cron trigger firing every minute, whose runs call
// Nova's createBackup with the trust's token. Seen here: a backup image appears for the
// instance, three runs with keep 2 leave exactly 2 backups (Nova's rotation), Pause and Resume,
// and a run against a deleted instance shown as failed, in words. Everything is found again
// by name and removed before and after, so a run killed half-way leaves nothing behind.
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { Connection } from '../lib/openstack/client';
import { createServer, deleteServer, getServer, listAllServers } from '../lib/openstack/compute/servers';
import { deleteImage, listAllImages } from '../lib/openstack/image/images';
import { waitFor } from '../lib/openstack/testing/wait-for';
import { deleteCronTrigger, listAllCronTriggers } from '../lib/openstack/workflow/cron-triggers';
import { listAllExecutions } from '../lib/openstack/workflow/executions';
import { connectDemo, ignore404, signIn, waitGone } from './zed';

const SERVER = 'sched-1';
const TYPE = 'minutely';
const WORKFLOW = 'snapdeck_backup_v1';

let conn: Connection;
let serverId = '';

const backupsOf = async (id: string) =>
  listAllImages(conn, { properties: { image_type: 'backup', instance_uuid: id, backup_type: TYPE } });

/** The schedule's trigger runs (cron-started) that finished, by Mistral. */
const cronRuns = async (scheduleId: string) =>
  (await listAllExecutions(conn, { workflowName: WORKFLOW, descriptionHas: scheduleId }))
    .filter((e) => e.triggeredBy !== null && e.state !== 'RUNNING');

async function removeAll(): Promise<void> {
  for (const t of await listAllCronTriggers(conn, { workflowName: WORKFLOW })) {
    if (t.workflowInput.backup_type === TYPE) await deleteCronTrigger(conn, t.id).catch(ignore404);
  }
  const servers = (await listAllServers(conn, { name: SERVER })).filter((s) => s.name === SERVER);
  for (const s of servers) {
    for (const image of await backupsOf(s.id)) await deleteImage(conn, image.id).catch(ignore404);
    await deleteServer(conn, s.id).catch(ignore404);
  }
  for (const s of servers) await waitGone(`server ${s.name}`, () => getServer(conn, s.id));
}

const scheduleRow = (page: Page, instance: string): Locator =>
  page.getByRole('row')
    .filter({ has: page.getByRole('cell', { name: new RegExp(`^${instance}`) }) })
    .filter({ has: page.getByRole('cell', { name: TYPE, exact: true }) });

test.beforeAll(async () => {
  conn = await connectDemo({ workflow: true });
  await removeAll();
  const debian = (await listAllImages(conn, { name: 'Debian 12', visibility: 'public' }))[0];
  if (!debian) throw new Error('no public "Debian 12" image on the Zed cloud: run scripts/zed-cloud/up');
  ({ id: serverId } = await createServer(conn, { name: SERVER, imageRef: debian.id, flavorRef: 'd2-2', networks: 'none' }));
  await waitFor(async () => (await getServer(conn, serverId)).status === 'ACTIVE', { what: `${SERVER} to be ACTIVE`, timeoutMs: 60_000, intervalMs: 250 });
});

test.afterAll(async () => {
  if (conn) await removeAll();
});

test('a schedule every minute on real Mistral: backups appear, keep 2 rotates, pause/resume, a deleted instance fails in words', async ({ page }) => {
  // Three cron runs a minute apart, the first up to a minute after saving, plus Nova's work.
  test.setTimeout(480_000);
  await signIn(page);
  let scheduleId = '';

  await test.step('New schedule: cron * * * * *, keep 2, made as a Mistral trigger of Snapdeck\'s workflow', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedules' }).click();
    await page.getByRole('button', { name: 'New schedule' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New schedule' });
    await dialog.getByLabel('Instance').selectOption(serverId);
    await dialog.getByLabel('Frequency').selectOption('cron');
    await dialog.getByLabel('Cron expression').fill('* * * * *');
    await dialog.getByLabel('Backup type').fill(TYPE);
    await dialog.getByLabel('Keep').fill('2');
    await expect(dialog.getByRole('table', { name: 'Next 5 runs' }).getByRole('row')).toHaveCount(6);
    await dialog.getByRole('button', { name: 'Create schedule' }).click();
    await expect(dialog).toBeHidden();
    await expect(scheduleRow(page, SERVER)).toContainText('demo');
    const [trigger] = (await listAllCronTriggers(conn, { workflowName: WORKFLOW })).filter((t) => t.workflowInput.server_id === serverId);
    expect(trigger).toMatchObject({ pattern: '* * * * *', workflowInput: expect.objectContaining({ backup_type: TYPE, rotation: 2 }) });
    scheduleId = /^snapdeck-backup\.([0-9a-f]{12})\.r1$/.exec(trigger!.name)![1]!;
  });

  await test.step('the trigger fires: a backup image appears for the instance, and the row shows the run', async () => {
    await waitFor(async () => (await backupsOf(serverId)).length >= 1, { what: 'the first scheduled backup', timeoutMs: 150_000, intervalMs: 2000 });
    await page.reload();
    await expect(scheduleRow(page, SERVER).getByRole('cell').nth(5)).toContainText('Succeeded', { timeout: 30_000 });
  });

  await test.step('after three runs with keep 2, exactly two backups (Nova rotated the oldest)', async () => {
    const runs = await waitFor(async () => {
      const done = await cronRuns(scheduleId);
      return done.length >= 3 ? done : false;
    }, { what: 'three scheduled runs', timeoutMs: 240_000, intervalMs: 2000 });
    expect(runs.slice(0, 3).map((r) => r.state)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
    // Nova rotates after the backup it makes: wait for it to settle at two.
    await waitFor(async () => (await backupsOf(serverId)).length === 2, { what: 'two backups after rotation', timeoutMs: 60_000, intervalMs: 1000 });
    await page.reload();
    const row = scheduleRow(page, SERVER);
    await row.getByRole('button', { name: 'History' }).click();
    const history = page.getByRole('region', { name: `History of the ${TYPE} schedule of ${SERVER}` });
    await expect(history.getByRole('row').filter({ hasText: 'The schedule' }).first()).toContainText('Succeeded');
  });

  await test.step('Pause: Mistral keeps the trigger with no next run; Resume gives it back', async () => {
    const row = scheduleRow(page, SERVER);
    await row.getByRole('button', { name: 'Pause' }).click();
    await expect(row.getByRole('cell').nth(4)).toHaveText('Paused');
    const paused = (await listAllCronTriggers(conn, { workflowName: WORKFLOW })).filter((t) => t.workflowInput.server_id === serverId);
    expect(paused).toHaveLength(1);
    expect(paused[0]!.nextExecutionTime).toMatch(/^9999-01-01/);
    await row.getByRole('button', { name: 'Resume' }).click();
    await expect(row.getByRole('button', { name: 'Pause' })).toBeVisible();
    await expect(row.getByRole('cell').nth(4)).toContainText('UTC');
  });

  await test.step('the instance deleted behind Snapdeck\'s back: Run now fails, in words', async () => {
    await deleteServer(conn, serverId);
    await waitGone(`server ${SERVER}`, () => getServer(conn, serverId));
    await page.reload();
    const gone = scheduleRow(page, SERVER);
    await expect(gone.getByRole('cell').first()).toContainText('Instance deleted');
    await gone.getByRole('button', { name: 'Run now' }).click();
    await expect(gone.getByRole('cell').nth(5)).toContainText('The instance no longer exists (404).', { timeout: 60_000 });
  });

  await test.step('Delete: the trigger goes; the backups stay in Glance', async () => {
    await page.getByRole('button', { name: 'Delete this schedule' }).click();
    await page.getByRole('dialog', { name: 'Delete schedule' }).getByRole('button', { name: 'Delete schedule' }).click();
    await expect(scheduleRow(page, SERVER)).toHaveCount(0);
    expect((await listAllCronTriggers(conn, { workflowName: WORKFLOW })).filter((t) => t.workflowInput.server_id === serverId)).toEqual([]);
    expect(await backupsOf(serverId)).toHaveLength(2);
  });
});
