import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatRam, formatUtc } from './format';

describe('format', () => {
  const now = Date.parse('2026-11-26T00:00:00Z');
  it('ages', () => {
    expect(formatAge('2026-11-25T23:59:59Z', now)).toBe('1 second');
    expect(formatAge('2026-11-25T23:57:00Z', now)).toBe('3 minutes');
    expect(formatAge('2026-11-01T00:00:00Z', now)).toBe('25 days');
    expect(formatAge('2024-11-01T00:00:00Z', now)).toBe('2 years');
    expect(formatAge('2026-11-27T00:00:00Z', now)).toBe('0 seconds');
  });
  it('RAM in MiB as Nova counts it', () => {
    expect(formatRam(4096)).toBe('4 GiB');
    expect(formatRam(4000)).toBe('4000 MiB');
  });
  it('bytes and UTC times', () => {
    expect(formatBytes(7 * 1024 * 1024)).toBe('7.0 MiB');
    expect(formatBytes(null)).toBe('—');
    expect(formatUtc('2026-11-25T23:23:00.123Z')).toBe('2026-11-25 23:23 UTC');
  });
});
