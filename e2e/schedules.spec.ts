// Issue 14's "Done when", on the local cloud: schedules made in the form (daily keep 7,
// weekly keep 4, the grandfather-father-son preset), their next runs, Run now and its backup,
// Pause and Resume (Mistral's clock moved forward: no run while paused, one after), a failed
// run explained, Delete keeping the backups, the server's refusals on their fields, the
// instance pages, and a cloud without Mistral (a second app) offering the crontab line.
import type { Locator, Page } from '@playwright/test';
import { SEED } from '../lib/localcloud/state/seed';
import { advanceMistralClock, asDemo, backupsOf, createSchedules, startAppWithoutMistral } from './fixtures/schedules';
import { expect, signIn, test } from './fixtures/test';

// The browser's zone differs from UTC, so that both times are shown and checked.
test.use({ timezoneId: 'Europe/Paris' });

const DAILY = { kind: 'daily', hour: 2, minute: 30 };

/** A schedule's row: its instance (a link, or its id once the instance is gone) and its type. */
const scheduleRow = (page: Page, instance: string, type: string): Locator =>
  page.getByRole('row')
    .filter({ has: page.getByRole('cell', { name: new RegExp(`^${instance}`) }) })
    .filter({ has: page.getByRole('cell', { name: type, exact: true }) });

async function openNewSchedule(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'New schedule' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New schedule' });
  await expect(dialog.getByLabel('Instance')).toBeVisible();
  return dialog;
}

test('makes a daily schedule (keep 7) and a weekly one (keep 4) for web-1, with their next runs in UTC and in the browser\'s zone', async ({ signedIn: page, cloud }) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedules' }).click();
  await expect(page.getByRole('heading', { name: 'Schedules', level: 1 })).toBeVisible();
  await expect(page.getByText('This project has no backup schedules yet.')).toBeVisible();

  const dialog = await openNewSchedule(page);
  await dialog.getByLabel('Instance').selectOption(SEED.servers.web1);
  // web-1 boots Debian 12 without hw_qemu_guest_agent: the consistency warning, with the guide.
  await expect(dialog.getByRole('status').filter({ hasText: 'Each backup may be inconsistent' })).toContainText('No guest agent channel');
  await expect(dialog.getByRole('link', { name: 'How to make backups consistent' })).toHaveAttribute('href', '/guide/consistency');
  await expect(dialog.getByLabel('Name prefix')).toHaveValue('web-1');
  await expect(dialog.getByLabel('Frequency')).toHaveValue('daily');
  await dialog.getByLabel('Time (UTC)').fill('02:30');
  await expect(dialog.getByLabel('Backup type')).toHaveValue('daily');
  await expect(dialog.getByLabel('Keep')).toHaveValue('7');
  await expect(dialog.getByRole('switch', { name: 'Enabled' })).toHaveAttribute('aria-checked', 'true');
  await expect(dialog).toContainText('Every day at 02:30 UTC');
  const runs = dialog.getByRole('table', { name: 'Next 5 runs' });
  await expect(runs.getByRole('columnheader')).toHaveText(['UTC', 'Your time zone (Europe/Paris)']);
  await expect(runs.getByRole('row')).toHaveCount(6);
  // 02:30 UTC is 03:30 or 04:30 in Paris (winter or summer time).
  await expect(runs.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(/, 02:30$/);
  await expect(runs.getByRole('row').nth(1).getByRole('cell').nth(1)).toHaveText(/, 0[34]:30$/);
  const firstRun = await runs.getByRole('row').nth(1).getByRole('cell').first().innerText();
  await expect(dialog).toContainText('The runs act as you');
  await expect(dialog.getByTestId('cli-command')).toHaveText(`openstack server backup create --name web-1-daily --type daily --rotate 7 ${SEED.servers.web1}`);
  await dialog.getByRole('heading', { name: 'New schedule' }).click();
  await dialog.screenshot({ path: 'test-results/screenshots/schedules-form.png' });

  const since = await cloud.lastSeq();
  await dialog.getByRole('button', { name: 'Create schedule' }).click();
  await expect(dialog).toBeHidden();
  const daily = scheduleRow(page, 'web-1', 'daily');
  await expect(daily).toContainText('Every day at 02:30 UTC');
  await expect(daily.getByRole('cell').nth(3)).toHaveText('7');
  // Mistral's next run is the form's first one.
  await expect(daily).toContainText(`${firstRun} UTC`);
  await expect(daily).toContainText('Never');
  await expect(daily).toContainText('demo');
  const triggers = await cloud.requests({ since, service: 'workflow', method: 'POST', path: '/workflow/v2/cron_triggers' });
  expect(triggers.map((r) => r.status)).toEqual([201]);

  const second = await openNewSchedule(page);
  await second.getByLabel('Instance').selectOption(SEED.servers.web1);
  await second.getByLabel('Frequency').selectOption('weekly');
  await second.getByLabel('Day of the week').selectOption({ label: 'Sunday' });
  await second.getByLabel('Time (UTC)').fill('03:00');
  await expect(second.getByLabel('Backup type')).toHaveValue('weekly');
  await second.getByLabel('Keep').fill('4');
  await expect(second).toContainText('Every Sunday at 03:00 UTC');
  await expect(second.getByRole('table', { name: 'Next 5 runs' }).getByRole('row').nth(1).getByRole('cell').first()).toHaveText(/^Sun .*, 03:00$/);
  await second.getByRole('button', { name: 'Create schedule' }).click();
  await expect(second).toBeHidden();
  const weekly = scheduleRow(page, 'web-1', 'weekly');
  await expect(weekly).toContainText('Every Sunday at 03:00 UTC');
  await expect(weekly.getByRole('cell').nth(3)).toHaveText('4');
  await expect(weekly.getByRole('cell').nth(4)).toContainText(/^Sun .*, 03:00 UTC/);
  await expect(weekly.getByRole('cell').nth(4)).toContainText('Europe/Paris');

  // The schedules are Mistral's: a reload shows them from there, in the first HTML.
  await page.reload();
  await expect(scheduleRow(page, 'web-1', 'daily')).toBeVisible();
  await expect(scheduleRow(page, 'web-1', 'weekly')).toBeVisible();
});

test('Run now makes a backup that the list links; Pause stops the runs and Resume starts them; Delete keeps the backups', async ({ signedIn: page, request }) => {
  await createSchedules(page, [{ instanceId: SEED.servers.web1, frequency: DAILY, backupType: 'daily', keep: 7, prefix: 'web-1' }]);
  await page.goto('/schedules');
  const row = scheduleRow(page, 'web-1', 'daily');
  await expect(row.getByRole('cell').nth(5)).toHaveText('Never');

  await row.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Run started' })).toBeVisible();
  await expect(row.getByRole('cell').nth(5)).toContainText('Succeeded');
  const newest = row.getByRole('link', { name: 'web-1-daily' });
  await expect(newest).toBeVisible();
  await expect(row.getByRole('cell').nth(6)).toContainText(/^1/);
  const [backup] = await backupsOf(request, SEED.servers.web1, 'daily');
  expect(backup?.name).toBe('web-1-daily');
  await expect(newest).toHaveAttribute('href', `/images/${backup!.id}`);

  await row.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('region', { name: 'History of the daily schedule of web-1' });
  await expect(history.getByRole('row')).toHaveCount(2);
  await expect(history.getByRole('row').nth(1)).toContainText('Succeeded');
  await expect(history.getByRole('row').nth(1)).toContainText('Run now');
  await expect(history.getByRole('link', { name: `Backup image ${backup!.id.slice(0, 8)}` })).toHaveAttribute('href', `/images/${backup!.id}`);

  await row.getByRole('button', { name: 'Pause' }).click();
  await expect(row.getByRole('cell').nth(4)).toHaveText('Paused');
  await expect(row.getByRole('button', { name: 'Resume' })).toBeVisible();
  // Two days on Mistral's clock: the paused trigger does not fire.
  expect((await advanceMistralClock(request, 2 * 86_400)).executions).toEqual([]);

  await row.getByRole('button', { name: 'Resume' }).click();
  await expect(row.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(row.getByRole('cell').nth(4)).toContainText(/, 02:30 UTC/);
  const fired = await advanceMistralClock(request, 86_400);
  expect(fired.executions).toHaveLength(1);
  await page.reload();
  await row.getByRole('button', { name: 'History' }).click();
  await expect(history.getByRole('row')).toHaveCount(3);
  await expect(history.getByRole('row').nth(1)).toContainText('The schedule');
  await expect(history.getByRole('row').nth(1)).toContainText('Succeeded');
  await expect.poll(async () => (await backupsOf(request, SEED.servers.web1, 'daily')).length).toBe(2);

  await expect(row.getByRole('cell').nth(6)).toContainText(/^2/);
  await row.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete schedule' });
  await expect(confirm).toContainText('Its 2 backups stay in Glance');
  await confirm.getByRole('button', { name: 'Delete schedule' }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toHaveCount(0);
  await expect(page.getByText('This project has no backup schedules yet.')).toBeVisible();
  expect(await backupsOf(request, SEED.servers.web1, 'daily')).toHaveLength(2);
});

test('a run that failed says why: the instance was busy (a badge on the Instances page), then deleted (the schedule offers to go)', async ({ signedIn: page, cloud, request }) => {
  await createSchedules(page, [{ instanceId: SEED.servers.app1, frequency: DAILY, backupType: 'daily', keep: 3, prefix: 'app-1' }]);
  const refusal = `Cannot 'createBackup' instance ${SEED.servers.app1} while it is in task_state image_snapshot`;
  await cloud.fault({ method: 'POST', path: `/servers/${SEED.servers.app1}/action$`, times: 1, action: { type: 'status', status: 409, body: JSON.stringify({ conflictingRequest: { code: 409, message: refusal } }) } });
  await page.goto('/schedules');
  const row = scheduleRow(page, 'app-1', 'daily');
  await row.getByRole('button', { name: 'Run now' }).click();
  await expect(row.getByRole('cell').nth(5)).toContainText('Failed');
  await expect(row.getByRole('cell').nth(5)).toContainText(`The instance was busy with another task (409): Nova said “${refusal}”.`);

  // The Instances page shows it on the row, once its rows are there; the badge leads to the instance's schedules.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Instances' }).click();
  const instanceRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'app-1', exact: true }) });
  await instanceRow.getByRole('link', { name: 'Backup failed' }).click();
  await expect(page).toHaveURL(new RegExp(`/instances/${SEED.servers.app1}#schedules$`));
  const section = page.getByRole('region', { name: 'Schedules' });
  await expect(section.getByRole('row').filter({ hasText: 'Every day at 02:30 UTC' })).toContainText('The instance was busy with another task (409)');
  await expect(page.getByRole('row').filter({ has: page.getByRole('link', { name: 'web-1', exact: true }) }).getByRole('link', { name: 'Backup failed' })).toHaveCount(0);

  // Deleted in Nova, behind Snapdeck's back.
  const nova = await asDemo(request);
  expect((await nova.delete(`/compute/v2.1/servers/${SEED.servers.app1}`)).status()).toBe(204);
  await expect.poll(async () => (await nova.get(`/compute/v2.1/servers/${SEED.servers.app1}`)).status()).toBe(404);
  await page.goto('/schedules');
  // The name saved with the schedule stays once Nova has forgotten the instance.
  const gone = scheduleRow(page, 'app-1', 'daily');
  await expect(gone.getByRole('cell').first()).toContainText('Instance deleted');
  await expect(page.getByRole('status').filter({ hasText: 'The instance app-1 no longer exists' })).toBeVisible();
  await gone.getByRole('button', { name: 'Run now' }).click();
  await expect(gone.getByRole('cell').nth(5)).toContainText('The instance no longer exists (404).');
  await gone.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('region', { name: 'History of the daily schedule of app-1' });
  await expect(history.getByRole('row')).toHaveCount(3);
  await expect(history.getByRole('row').nth(1)).toContainText('Failed');
  await expect(history.getByRole('row').nth(1)).toContainText('The instance no longer exists (404).');
  await expect(history.getByRole('row').nth(2)).toContainText('The instance was busy with another task (409)');
  await page.locator('main').screenshot({ path: 'test-results/screenshots/schedules-history-failed.png' });

  await page.getByRole('button', { name: 'Delete this schedule' }).click();
  await page.getByRole('dialog', { name: 'Delete schedule' }).getByRole('button', { name: 'Delete schedule' }).click();
  await expect(gone).toHaveCount(0);
});

test('the grandfather-father-son preset makes three schedules in one request and says how many backups stay', async ({ signedIn: page, cloud }) => {
  await page.goto('/schedules');
  const dialog = await openNewSchedule(page);
  await dialog.getByLabel('Instance').selectOption(SEED.servers.db1);
  // db-1 boots the template with the agent property: the freeze is asked for.
  await expect(dialog.getByRole('status').filter({ hasText: 'Each backup: guest agent channel' })).toBeVisible();
  const preset = dialog.getByRole('button', { name: 'Grandfather-father-son' });
  await expect(preset).toHaveAttribute('aria-pressed', 'false');
  await preset.click();
  await expect(preset).toHaveAttribute('aria-pressed', 'true');
  const set = dialog.getByRole('region', { name: 'Grandfather-father-son schedules' });
  await expect(set.getByRole('listitem')).toHaveText([
    /^daily: Every day at 02:00 UTC, keep 7/,
    /^weekly: Every Sunday at 03:00 UTC, keep 4/,
    /^monthly: On day 1 of every month at 04:00 UTC, keep 12/,
  ]);
  await expect(set).toContainText('In steady state db-1 has 23 backups');
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/schedules') posts.push(r.postData() ?? '');
  });
  const since = await cloud.lastSeq();
  await dialog.getByRole('button', { name: 'Create schedule' }).click();
  await expect(dialog).toBeHidden();
  for (const [type, keep] of [['daily', '7'], ['weekly', '4'], ['monthly', '12']] as const) {
    await expect(scheduleRow(page, 'db-1', type).getByRole('cell').nth(3)).toHaveText(keep);
  }
  expect(posts).toHaveLength(1);
  expect((JSON.parse(posts[0]!) as { schedules: unknown[] }).schedules).toHaveLength(3);
  expect(await cloud.requests({ since, service: 'workflow', method: 'POST', path: '/workflow/v2/cron_triggers' })).toHaveLength(3);
});

test('the server\'s refusals land on their fields and nothing typed is lost', async ({ signedIn: page, cloud }) => {
  await createSchedules(page, [{ instanceId: SEED.servers.web1, frequency: DAILY, backupType: 'daily', keep: 7, prefix: 'web-1' }]);
  await page.goto('/schedules');
  const dialog = await openNewSchedule(page);
  await dialog.getByLabel('Instance').selectOption(SEED.servers.web1);
  await dialog.getByLabel('Keep').fill('5');
  await dialog.getByLabel('Name prefix').fill('web-1-nightly');
  const since = await cloud.lastSeq();
  await dialog.getByRole('button', { name: 'Create schedule' }).click();
  // 409: web-1 already has a daily schedule, and Nova rotates per instance and type.
  await expect(dialog.getByLabel('Backup type')).toHaveAccessibleDescription(/This instance already has a “daily” schedule/);
  await expect(dialog.getByLabel('Keep')).toHaveValue('5');
  await expect(dialog.getByLabel('Name prefix')).toHaveValue('web-1-nightly');

  // 400: more often than hourly is this deployment's to allow, so the server says it.
  await dialog.getByLabel('Frequency').selectOption('cron');
  await dialog.getByLabel('Cron expression').fill('*/5 * * * *');
  await dialog.getByLabel('Backup type').fill('frequent');
  await expect(dialog).toContainText('Every 5 minutes (UTC)');
  await dialog.getByRole('button', { name: 'Create schedule' }).click();
  await expect(dialog.getByLabel('Cron expression')).toHaveAccessibleDescription(/at most once an hour/);
  await expect(dialog.getByLabel('Backup type')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByLabel('Cron expression')).toHaveValue('*/5 * * * *');
  await expect(dialog.getByLabel('Backup type')).toHaveValue('frequent');
  await expect(dialog.getByLabel('Keep')).toHaveValue('5');
  expect(await cloud.requests({ since, service: 'workflow', method: 'POST' })).toEqual([]);

  // Checked before sending: a half-typed expression is the form's own error.
  await dialog.getByLabel('Cron expression').fill('30 2 * *');
  await dialog.getByRole('button', { name: 'Create schedule' }).click();
  await expect(dialog.getByLabel('Cron expression')).toHaveAccessibleDescription(/this has 4/);
});

test('Edit re-creates the trigger with the new settings; the instance page lists its schedules and presets New schedule', async ({ signedIn: page, cloud }) => {
  await createSchedules(page, [{ instanceId: SEED.servers.web1, frequency: DAILY, backupType: 'daily', keep: 7, prefix: 'web-1' }]);
  await page.goto(`/instances/${SEED.servers.web1}`);
  const section = page.getByRole('region', { name: 'Schedules' });
  const row = section.getByRole('row').filter({ has: page.getByRole('cell', { name: 'daily', exact: true }) });
  await expect(row).toContainText('Every day at 02:30 UTC');
  await row.getByRole('button', { name: 'Edit' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit schedule' });
  await expect(dialog).toContainText('Mistral cannot update a cron trigger');
  await expect(dialog.getByLabel('Time (UTC)')).toHaveValue('02:30');
  await expect(dialog.getByLabel('Keep')).toHaveValue('7');
  await dialog.getByLabel('Keep').fill('10');
  const since = await cloud.lastSeq();
  await dialog.getByRole('button', { name: 'Save schedule' }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByRole('cell').nth(2)).toHaveText('10');
  const calls = (await cloud.requests({ since, service: 'workflow' })).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}$/, '<id>')} ${r.status}`);
  expect(calls).toEqual(['POST /workflow/v2/cron_triggers 201', 'DELETE /workflow/v2/cron_triggers/<id> 204']);

  await section.getByRole('button', { name: 'New schedule' }).click();
  const create = page.getByRole('dialog', { name: 'New schedule' });
  await expect(create.getByLabel('Instance')).toHaveValue(SEED.servers.web1);
  await expect(create.getByLabel('Name prefix')).toHaveValue('web-1');
});

test('a workflow changed outside Snapdeck is said, blocks Run now, and Restore workflow puts it back', async ({ signedIn: page, request }) => {
  await createSchedules(page, [{ instanceId: SEED.servers.web1, frequency: DAILY, backupType: 'daily', keep: 7, prefix: 'web-1' }]);
  const mistral = await asDemo(request);
  const current = await mistral.get('/workflow/v2/workflows/snapdeck_backup_v1');
  expect(current.status()).toBe(200);
  const definition = ((await current.json()) as { definition: string }).definition;
  expect((await mistral.putText('/workflow/v2/workflows', definition.replace('POST', 'DELETE'))).status()).toBe(200);

  await page.goto('/schedules');
  const row = scheduleRow(page, 'web-1', 'daily');
  await expect(row).toContainText('Workflow changed outside Snapdeck');
  const alert = page.getByRole('status').filter({ hasText: 'Workflow changed outside Snapdeck' });
  await expect(alert).toContainText('Snapdeck runs nothing with it');
  await expect(row.getByRole('button', { name: 'Run now' })).toBeDisabled();
  await alert.getByRole('button', { name: 'Restore workflow' }).click();
  await expect(alert).toHaveCount(0);
  await expect(row.getByRole('button', { name: 'Run now' })).toBeEnabled();
  expect(((await (await mistral.get('/workflow/v2/workflows/snapdeck_backup_v1')).json()) as { definition: string }).definition).toBe(definition);
});

test.describe('a cloud without a workflow service', () => {
  test('the Schedules page says so and writes the crontab line; the rest of Snapdeck is unchanged', async ({ browser }) => {
    test.setTimeout(120_000);
    const app = await startAppWithoutMistral();
    const context = await browser.newContext({ baseURL: app.baseURL, timezoneId: 'Europe/Paris', viewport: { width: 1440, height: 900 } });
    try {
      const page = await context.newPage();
      await signIn(page);
      await expect(page).toHaveURL(/\/instances/);
      await expect(page.getByRole('table').getByRole('link', { name: 'web-1' })).toBeVisible();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedules' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'This cloud has no workflow service' })).toContainText('Mistral');
      await expect(page.getByRole('button', { name: 'New schedule' })).toHaveCount(0);
      const form = page.getByRole('region', { name: 'Crontab line' });
      await form.getByLabel('Instance').selectOption(SEED.servers.web1);
      await expect(form.getByLabel('Name prefix')).toHaveValue('web-1');
      await form.getByLabel('Frequency').selectOption('weekly');
      await form.getByLabel('Day of the week').selectOption({ label: 'Monday' });
      await form.getByLabel('Time (UTC)').fill('03:15');
      await form.getByLabel('Backup type').fill('weekly');
      await form.getByLabel('Keep').fill('4');
      await expect(form.getByRole('table', { name: 'Next 5 runs' }).getByRole('row').nth(1).getByRole('cell').first()).toHaveText(/^Mon .*, 03:15$/);
      await expect(form.getByTestId('cli-command')).toHaveText(
        `CRON_TZ=UTC\n15 3 * * 1 openstack --os-cloud mycloud server backup create --name web-1-weekly --type weekly --rotate 4 ${SEED.servers.web1}`,
      );
      await page.locator('main').screenshot({ path: 'test-results/screenshots/schedules-no-mistral.png' });

      // The instance page says it too, and its other sections are there as before.
      await page.goto(`/instances/${SEED.servers.web1}`);
      await expect(page.getByRole('region', { name: 'Schedules' })).toContainText('This cloud has no workflow service (Mistral)');
      await expect(page.getByRole('region', { name: 'Snapshots of this instance' })).toBeVisible();
    } finally {
      await context.close();
      await app.stop();
    }
  });
});
