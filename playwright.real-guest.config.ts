// The real-guest tier (issue 16): Snapdeck in Chromium against the Zed cloud of
// scripts/zed-cloud/up plus scripts/real-guest/up, whose availability zone `real` runs Nova's
// libvirt driver on QEMU (TCG): real guests, a real qemu-guest-agent, real freezes. Runs as root
// (it talks to the guests' agents through libvirt: scripts/real-guest/qga). Serves an existing
// production build, like the Zed tier (SNAPDECK_DIST_DIR names another folder than `.next`).
//   npm run test:real-guest
import { defineConfig } from '@playwright/test';
import zed from './playwright.zed.config';

export default defineConfig({
  ...zed,
  testDir: './e2e-real-guest',
  // TCG guests boot in about 20 s and snapshot a 570 MiB disk: each test sets its own budget.
  timeout: 600_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'test-results/real-guest-report' }]] : 'list',
  outputDir: 'test-results/real-guest',
});
