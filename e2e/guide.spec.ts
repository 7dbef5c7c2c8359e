import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures/test';

test('the consistency guide is readable without signing in, with a way back to the app', async ({ page }) => {
  await page.goto('/guide/consistency');
  await expect(page).toHaveURL(/\/guide\/consistency$/);
  await expect(page.getByRole('heading', { name: 'Consistent snapshots', level: 1 })).toBeVisible();
  for (const name of ['What a live snapshot is', 'The guest agent channel: hw_qemu_guest_agent', 'Requiring the freeze: os_require_quiesce', 'Installing and starting the agent', 'Freeze hooks: flushing your applications']) {
    await expect(page.getByRole('heading', { name, level: 2 })).toBeVisible();
  }
  await expect(page.getByText('/dev/virtio-ports/org.qemu.guest_agent.0').first()).toBeVisible();
  await expect(page.getByRole('note')).toContainText('A failing hook makes the freeze fail');
  await page.screenshot({ path: 'test-results/screenshots/guide.png' });

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the hook script' }).click();
  const file = await (await download).path();
  const script = await readFile(file, 'utf8');
  expect(script.startsWith('#!/bin/sh')).toBe(true);
  expect(script).toContain('freeze) freeze ;;');

  await page.getByRole('link', { name: 'Back to the app' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Finstances/);
});

test('warnings deep-link to a section of the guide', async ({ page }) => {
  await page.goto('/guide/consistency#hooks');
  await expect(page.getByRole('heading', { name: 'Freeze hooks: flushing your applications' })).toBeInViewport();
  await page.goto('/guide/consistency#require-quiesce');
  await expect(page.getByRole('heading', { name: 'Requiring the freeze: os_require_quiesce' })).toBeInViewport();
});

test('signed in, the guide keeps the app header', async ({ signedIn: page }) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Consistency guide' }).click();
  await expect(page.getByRole('heading', { name: 'Consistent snapshots', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});
