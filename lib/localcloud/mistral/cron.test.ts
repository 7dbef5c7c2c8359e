import { describe, expect, it } from 'vitest';
import { MistralFault } from './errors';
import { nextTime, validatePattern } from './cron';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('cron patterns', () => {
  it('next time strictly after the start, in UTC (croniter get_next)', () => {
    expect(iso(nextTime('* * * * *', at('2026-12-01T20:35:57.123Z')))).toBe('2026-12-01T20:36:00.000Z');
    expect(iso(nextTime('* * * * *', at('2026-12-01T20:36:00.000Z')))).toBe('2026-12-01T20:37:00.000Z');
    expect(iso(nextTime('30 2 * * *', at('2026-12-01T20:36:00Z')))).toBe('2026-12-02T02:30:00.000Z');
    expect(iso(nextTime('0 3 * * 0', at('2026-12-01T20:36:00Z')))).toBe('2026-12-06T03:00:00.000Z');
    expect(iso(nextTime('0 4 1 * *', at('2026-12-01T20:36:00Z')))).toBe('2027-01-01T04:00:00.000Z');
    expect(iso(nextTime('@midnight', at('2026-12-01T20:36:00Z')))).toBe('2026-12-02T00:00:00.000Z');
    expect(iso(nextTime('0 */6 * * *', at('2026-12-01T20:36:00Z')))).toBe('2026-12-02T00:00:00.000Z');
  });

  it('refuses what croniter refuses with Mistral\'s message, and croniter\'s extra fields with the local cloud\'s', () => {
    for (const bad of ['61 * * * *', '* * * *', 'every day', '* * * * * * * *']) {
      expect(() => validatePattern(bad), bad).toThrow(`The specified pattern is not valid: ${bad}`);
    }
    expect(() => validatePattern('0 0 * * * 30')).toThrow(/five-field cron patterns only/);
    for (const ok of ['* * * * *', '0 3 * * mon', '@daily', '*/15 * * * *', '0 0 L * *']) expect(() => validatePattern(ok), ok).not.toThrow();
    const err = (() => {
      try {
        validatePattern('61 * * * *');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(MistralFault);
    expect((err as MistralFault).status).toBe(400);
  });
});
