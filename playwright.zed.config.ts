// The browser journey against the real Zed cloud of scripts/zed-cloud/up, started the way
// the README says to use a real cloud (OS_AUTH_URL set: scripts/serve.ts starts no local
// cloud). It serves an existing production build: `.next` after `npm run test:e2e`, or the
// folder named by SNAPDECK_DIST_DIR (e.g. `SNAPDECK_DIST_DIR=.next-zed npx next build`).
//   npm run test:zed:e2e
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export const ZED_APP_PORT = Number(process.env.E2E_ZED_APP_PORT ?? 3210);
export const ZED_AUTH_URL = process.env.SNAPDECK_ZED_AUTH_URL ?? 'http://127.0.0.1:5000/v3';

export default defineConfig({
  testDir: './e2e-zed',
  // One shared cloud: the journey's steps follow one another.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // The journey sets its own, longer budget (a fake-driver snapshot is stalled after 20 s).
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'test-results/zed-e2e-report' }]] : 'list',
  outputDir: 'test-results/zed-e2e',
  use: { ...base.use, baseURL: `http://127.0.0.1:${ZED_APP_PORT}` },
  projects: base.projects,
  webServer: {
    command: 'npx tsx scripts/serve.ts start',
    url: `http://127.0.0.1:${ZED_APP_PORT}/login`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'pipe',
    env: {
      PORT: String(ZED_APP_PORT),
      // What `source /var/lib/snapdeck-zed/openrc-demo` sets, minus the password: the
      // sign-in form is prefilled with these.
      OS_AUTH_URL: ZED_AUTH_URL,
      OS_REGION_NAME: 'RegionOne',
      OS_INTERFACE: 'public',
      OS_USERNAME: 'demo',
      OS_PROJECT_NAME: 'demo',
      OS_USER_DOMAIN_NAME: 'Default',
      SNAPDECK_CLOUD_NAME: 'Zed on loopback',
      SNAPDECK_SESSION_PASSWORDS: 'e2e-zed-session-password-that-is-long-enough-0123',
      // The schedules journey runs a trigger every minute, to see three runs in minutes.
      SNAPDECK_ALLOW_FREQUENT_SCHEDULES: 'true',
    },
  },
});
