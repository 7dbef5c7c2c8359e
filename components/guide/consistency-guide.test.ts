import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AGENT_CLOUD_CONFIG } from '@/lib/cloud-init/user-data';
import { ConsistencyGuide } from './consistency-guide';

const SCRIPT = path.resolve(import.meta.dirname, '../../public/fsfreeze-hook-example.sh');

describe('the consistency guide', () => {
  const html = renderToStaticMarkup(createElement(ConsistencyGuide, { hookScript: readFileSync(SCRIPT, 'utf8') }));

  it('has the anchors that warnings deep-link to', () => {
    for (const id of ['live-snapshot', 'inconsistent', 'agent', 'require-quiesce', 'install', 'install-debian', 'install-rhel', 'install-windows', 'check', 'hooks']) {
      expect(html, id).toContain(`id="${id}"`);
    }
  });

  it('covers the facts the issue asks for', () => {
    for (const text of ['/dev/virtio-ports/org.qemu.guest_agent.0', '/etc/qemu/fsfreeze-hook.d/', 'hw_qemu_guest_agent', 'os_require_quiesce', 'read at boot', 'QEMU-GA', 'A failing hook makes the freeze fail', 'Skipping quiescing instance', 'Booted from a volume']) {
      expect(html, text).toContain(text);
    }
    // The cloud-config shown is the one the launch form sends.
    expect(html).toContain(AGENT_CLOUD_CONFIG.split('\n')[3]);
    expect(html).toContain('href="/fsfreeze-hook-example.sh" download="fsfreeze-hook-example.sh"');
  });
});

describe('fsfreeze-hook-example.sh', () => {
  it('is valid sh, is executable, and answers freeze and thaw with success', () => {
    execFileSync('sh', ['-n', SCRIPT]);
    expect(statSync(SCRIPT).mode & 0o111).not.toBe(0);
    expect(spawnSync('sh', [SCRIPT, 'freeze']).status).toBe(0);
    const thaw = spawnSync('sh', [SCRIPT, 'thaw'], { encoding: 'utf8' });
    expect(thaw.status).toBe(0);
    expect(thaw.stdout).toMatch(/thawed/);
  });

  it('refuses an unknown argument', () => {
    const r = spawnSync('sh', [SCRIPT, 'bogus'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage/);
  });
});
