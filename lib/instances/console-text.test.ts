import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readableConsole } from './console-text';

describe('readableConsole', () => {
  it('drops the colours of systemd\'s status lines, as the real guest printed them', () => {
    expect(readableConsole('[\x1b[0;32m  OK  \x1b[0m] Started \x1b[0;1;39msystemd-journald.service\x1b[0m - Journal Service.\r\n'))
      .toBe('[  OK  ] Started systemd-journald.service - Journal Service.\n');
  });
  it('drops the colour codes Nova left without their ESC (its API removes control characters)', () => {
    expect(readableConsole('[[0;32m  OK  [0m] Reached target [0;1;39mmulti-user.target[0m - Multi-User System.'))
      .toBe('[  OK  ] Reached target multi-user.target - Multi-User System.');
  });
  it('keeps what the kernel and the freeze hook wrote', () => {
    const text = "[   20.388516] systemd-journald[178]: Received client request\nsnapdeck-fsfreeze: I'm frozen 2026-12-02T10:49:27.788Z\n\tindented";
    expect(readableConsole(text)).toBe(text);
  });
  it('leaves no escape or control character but tab and newline, whatever comes', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => !/[\x00-\x08\x0b-\x1f\x7f]/.test(readableConsole(s))));
  });
});
