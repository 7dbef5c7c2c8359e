import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { AGENT_CLOUD_CONFIG, USER_DATA_MAX_BYTES, cloudConfigInstallsAgent, mimeMultipart, planUserData, userDataFormat } from './user-data';

interface Part {
  headers: Record<string, string>;
  body: string;
}

/** A strict reader of the archive: top headers, boundary, parts with headers, closing line. */
function readMultipart(text: string): { headers: Record<string, string>; parts: Part[] } {
  const readHeaders = (block: string) =>
    Object.fromEntries(block.split('\n').map((l) => {
      const i = l.indexOf(':');
      expect(i, `header line "${l}"`).toBeGreaterThan(0);
      return [l.slice(0, i).toLowerCase(), l.slice(i + 1).trim()];
    }));
  const headEnd = text.indexOf('\n\n');
  const headers = readHeaders(text.slice(0, headEnd));
  const boundary = /boundary="([^"]+)"/.exec(headers['content-type'] ?? '')?.[1];
  expect(headers['content-type']).toMatch(/^multipart\/mixed;/);
  expect(boundary).toBeTruthy();
  const rest = text.slice(headEnd + 2);
  expect(rest.endsWith(`\n--${boundary}--\n`)).toBe(true);
  const chunks = rest.slice(0, rest.lastIndexOf(`\n--${boundary}--`)).split(`--${boundary}\n`);
  expect(chunks[0]).toBe('');
  const parts = chunks.slice(1).map((chunk) => {
    const end = chunk.indexOf('\n\n');
    const body = chunk.slice(end + 2);
    return { headers: readHeaders(chunk.slice(0, end)), body: body.endsWith('\n') ? body.slice(0, -1) : body };
  });
  return { headers, parts };
}

const installsAgent = (yamlText: string) => cloudConfigInstallsAgent(parseYaml(yamlText));

describe('userDataFormat', () => {
  it('reads the first bytes like cloud-init', () => {
    expect(userDataFormat('#cloud-config\npackages: []')).toBe('cloud-config');
    expect(userDataFormat('#cloud-config-archive\n- type: text/cloud-config')).toBe('cloud-config-archive');
    expect(userDataFormat('#!/bin/bash\necho hi')).toBe('shell-script');
    expect(userDataFormat('#include\nhttps://example.com/a')).toBe('include');
    expect(userDataFormat('Content-Type: multipart/mixed; boundary="x"')).toBe('mime');
    expect(userDataFormat('## template: jinja\n#cloud-config')).toBe('jinja');
    expect(userDataFormat('hello')).toBe('unknown');
  });
});

describe('planUserData', () => {
  it('sends nothing when there is nothing to send', () => {
    expect(planUserData({ installAgent: false, userData: '  \n' })).toEqual({ kind: 'none' });
  });

  it('sends the user data unchanged without the agent', () => {
    const plan = planUserData({ installAgent: false, userData: 'anything at all' });
    expect(plan).toMatchObject({ kind: 'ok', text: 'anything at all' });
  });

  it('sends a valid cloud-config that installs and starts the agent when alone', () => {
    const plan = planUserData({ installAgent: true, userData: '' });
    expect(plan.kind).toBe('ok');
    if (plan.kind !== 'ok') return;
    expect(plan.text).toBe(AGENT_CLOUD_CONFIG);
    expect(plan.text.startsWith('#cloud-config\n')).toBe(true);
    const doc = parseYaml(plan.text) as { packages: string[]; runcmd: unknown[] };
    expect(doc.packages).toEqual(['qemu-guest-agent']);
    expect(JSON.stringify(doc.runcmd)).toContain('systemctl start qemu-guest-agent.service');
    expect(installsAgent(plan.text)).toBe(true);
  });

  it('joins a cloud-config as a multi-part archive whose agent part appends to the user lists', () => {
    const own = '#cloud-config\npackages:\n  - postgresql\nruncmd:\n  - echo hello\n';
    const plan = planUserData({ installAgent: true, userData: own });
    expect(plan.kind).toBe('ok');
    if (plan.kind !== 'ok') return;
    const { headers, parts } = readMultipart(plan.text);
    expect(headers['mime-version']).toBe('1.0');
    expect(parts).toHaveLength(2);
    expect(parts[0]!.headers['content-type']).toBe('text/cloud-config; charset="utf-8"');
    expect(parts[0]!.body).toBe(own.slice(0, -1));
    expect(parts[1]!.headers['content-type']).toBe('text/cloud-config; charset="utf-8"');
    const agent = parseYaml(parts[1]!.body) as { merge_how: { name: string; settings: string[] }[] };
    expect(agent.merge_how).toContainEqual({ name: 'list', settings: ['append'] });
    expect(installsAgent(parts[1]!.body)).toBe(true);
    // The user's part is still valid YAML on its own.
    expect(parseYaml(parts[0]!.body)).toEqual({ packages: ['postgresql'], runcmd: ['echo hello'] });
    expect(plan.note).toMatch(/appended/);
  });

  it('joins a shell script as a text/x-shellscript part', () => {
    const plan = planUserData({ installAgent: true, userData: '#!/bin/sh\necho ready > /tmp/ready\n' });
    expect(plan.kind).toBe('ok');
    if (plan.kind !== 'ok') return;
    const { parts } = readMultipart(plan.text);
    expect(parts.map((p) => p.headers['content-type'])).toEqual(['text/x-shellscript; charset="utf-8"', 'text/cloud-config; charset="utf-8"']);
    expect(parts[0]!.body).toBe('#!/bin/sh\necho ready > /tmp/ready');
  });

  it('marks non-ASCII parts 8bit and keeps CRLF input readable', () => {
    const plan = planUserData({ installAgent: true, userData: '#!/bin/sh\r\necho "café"\r\n' });
    if (plan.kind !== 'ok') throw new Error(plan.kind);
    const { parts } = readMultipart(plan.text);
    expect(parts[0]!.headers['content-transfer-encoding']).toBe('8bit');
    expect(parts[0]!.body).toBe('#!/bin/sh\necho "café"');
    expect(parts[1]!.headers['content-transfer-encoding']).toBe('7bit');
  });

  it('leaves a cloud-config that already installs the agent as it is', () => {
    const own = '#cloud-config\npackages:\n  - [qemu-guest-agent, "1:7.2"]\n';
    const plan = planUserData({ installAgent: true, userData: own });
    expect(plan).toMatchObject({ kind: 'ok', text: own });
  });

  it('explains the conflicts it will not paper over', () => {
    const cases = [
      'Content-Type: multipart/mixed; boundary="abc"\n\n--abc--\n',
      '## template: jinja\n#cloud-config\n',
      'just some words',
      '#cloud-config\npackages: [unclosed\n',
      '#cloud-config\n- a list\n',
    ];
    for (const userData of cases) {
      const plan = planUserData({ installAgent: true, userData });
      expect(plan.kind, userData).toBe('conflict');
      if (plan.kind === 'conflict') expect(plan.message.length).toBeGreaterThan(20);
    }
  });

  it('refuses user data over Nova’s limit', () => {
    const big = `#!/bin/sh\n${'x'.repeat(USER_DATA_MAX_BYTES)}`;
    expect(planUserData({ installAgent: false, userData: big })).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/at most 49149 bytes/) });
    const nearlyFull = `#!/bin/sh\n${'x'.repeat(USER_DATA_MAX_BYTES - 200)}`;
    expect(planUserData({ installAgent: false, userData: nearlyFull }).kind).toBe('ok');
    // With the agent part added, the same script no longer fits.
    expect(planUserData({ installAgent: true, userData: nearlyFull }).kind).toBe('conflict');
  });
});

describe('mimeMultipart', () => {
  it('is deterministic and never uses a boundary found in the content', () => {
    const parts = [{ mimeType: 'text/x-shellscript', filename: 'a', content: '#!/bin/sh\n' }];
    expect(mimeMultipart(parts)).toBe(mimeMultipart(parts));
    const boundary = /boundary="([^"]+)"/.exec(mimeMultipart(parts))![1]!;
    const tricky = [{ mimeType: 'text/x-shellscript', filename: 'a', content: `#!/bin/sh\n# ${boundary}\n` }];
    const again = /boundary="([^"]+)"/.exec(mimeMultipart(tricky))![1]!;
    expect(tricky[0]!.content.includes(again)).toBe(false);
    expect(readMultipart(mimeMultipart(tricky)).parts).toHaveLength(1);
  });
});
