import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { userDataInstallsGuestAgent } from './cloud-init';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

const multipart = (parts: { type: string; body: string; base64?: boolean }[]) => {
  const boundary = '===============4321==';
  const sections = parts.map((p) => [
    `--${boundary}`,
    `Content-Type: ${p.type}; charset="us-ascii"`,
    'MIME-Version: 1.0',
    ...(p.base64 ? ['Content-Transfer-Encoding: base64'] : []),
    '',
    p.base64 ? b64(p.body) : p.body,
  ].join('\n'));
  return [`Content-Type: multipart/mixed; boundary="${boundary}"`, 'MIME-Version: 1.0', '', ...sections, `--${boundary}--`, ''].join('\n');
};

describe('userDataInstallsGuestAgent', () => {
  it('finds the package in #cloud-config packages', () => {
    expect(userDataInstallsGuestAgent(b64('#cloud-config\npackages:\n  - curl\n  - qemu-guest-agent\n'))).toBe(true);
    expect(userDataInstallsGuestAgent(b64('#cloud-config\npackages: [[qemu-guest-agent, "1:7.2"]]\n'))).toBe(true);
    expect(userDataInstallsGuestAgent(b64('#cloud-config\npackages:\n  - qemu-guest-agent=1:7.2+dfsg-7\n'))).toBe(true);
  });

  it('finds install commands in runcmd and bootcmd, as strings or argument lists', () => {
    expect(userDataInstallsGuestAgent(b64('#cloud-config\nruncmd:\n  - apt-get update && apt-get install -y qemu-guest-agent\n'))).toBe(true);
    expect(userDataInstallsGuestAgent(b64('#cloud-config\nruncmd:\n  - [dnf, install, -y, qemu-guest-agent]\n'))).toBe(true);
    expect(userDataInstallsGuestAgent(b64('#cloud-config\nbootcmd:\n  - [sh, -c, "echo hi"]\n'))).toBe(false);
  });

  it('finds install commands in shell scripts', () => {
    expect(userDataInstallsGuestAgent(b64('#!/bin/sh\nset -e\nsudo apt install \\\n  -y qemu-guest-agent\nsystemctl start qemu-guest-agent\n'))).toBe(true);
    expect(userDataInstallsGuestAgent(b64('#!/bin/sh\napk add qemu-guest-agent\n'))).toBe(true);
    // Starting or mentioning the agent is not installing it.
    expect(userDataInstallsGuestAgent(b64('#!/bin/sh\nsystemctl enable --now qemu-guest-agent\n'))).toBe(false);
    expect(userDataInstallsGuestAgent(b64('#!/bin/sh\napt-get remove qemu-guest-agent\n'))).toBe(false);
  });

  it('reads MIME multi-part user data, including base64 parts and text/plain sniffing', () => {
    const mixed = multipart([
      { type: 'text/x-shellscript', body: '#!/bin/sh\necho hello\n' },
      { type: 'text/cloud-config', body: '#cloud-config\npackages: [qemu-guest-agent]\n', base64: true },
    ]);
    expect(userDataInstallsGuestAgent(b64(mixed))).toBe(true);
    const sniffed = multipart([{ type: 'text/plain', body: '#cloud-config\npackages: [qemu-guest-agent]\n' }]);
    expect(userDataInstallsGuestAgent(b64(sniffed))).toBe(true);
    const without = multipart([{ type: 'text/cloud-config', body: '#cloud-config\npackages: [nginx]\n' }]);
    expect(userDataInstallsGuestAgent(b64(without))).toBe(false);
  });

  it('reads gzip-compressed user data and cloud-config archives', () => {
    expect(userDataInstallsGuestAgent(b64(gzipSync('#cloud-config\npackages: [qemu-guest-agent]\n')))).toBe(true);
    const archive = '#cloud-config-archive\n- type: text/cloud-config\n  content: |\n    #cloud-config\n    packages: [qemu-guest-agent]\n';
    expect(userDataInstallsGuestAgent(b64(archive))).toBe(true);
  });

  it('says no for other packages, plain text, broken YAML and no user data', () => {
    expect(userDataInstallsGuestAgent(b64('#cloud-config\npackages: [nginx, qemu-utils]\n'))).toBe(false);
    expect(userDataInstallsGuestAgent(b64('packages: [qemu-guest-agent]\n'))).toBe(false); // no #cloud-config header
    expect(userDataInstallsGuestAgent(b64('#cloud-config\npackages: [qemu-guest-agent\n'))).toBe(false);
    expect(userDataInstallsGuestAgent(null)).toBe(false);
    expect(userDataInstallsGuestAgent('')).toBe(false);
  });
});
