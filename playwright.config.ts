import { defineConfig, devices } from '@playwright/test';

export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const CLOUD_PORT = Number(process.env.E2E_CLOUD_PORT ?? 5490);

export default defineConfig({
  testDir: './e2e',
  // One local cloud behind one app: tests reset it and must not interleave.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    // scripts/serve.ts binds 127.0.0.1 by default; `localhost` may resolve to ::1 first.
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } } }],
  webServer: {
    command: 'npx tsx scripts/serve.ts start',
    url: `http://127.0.0.1:${APP_PORT}/login`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'pipe',
    env: {
      PORT: String(APP_PORT),
      LOCALCLOUD_PORT: String(CLOUD_PORT),
      // One region, as most clouds have; e2e/copy-region.spec.ts starts its own two-region cloud.
      LOCALCLOUD_REGIONS: 'RegionOne',
      LOCALCLOUD_SNAPSHOT_PHASE_MS: '400',
      LOCALCLOUD_BUILD_MS: '600',
      LOCALCLOUD_POWER_MS: '300',
      // Above the slowest normal local-cloud call, well below the default 15 s: e2e/faults.spec.ts
      // injects latency past it without waiting half a minute per try.
      SNAPDECK_UPSTREAM_TIMEOUT_MS: '4000',
      SNAPDECK_SESSION_PASSWORDS: 'e2e-session-password-that-is-long-enough-0123456789',
    },
  },
});
