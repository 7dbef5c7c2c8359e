import { expect, it } from 'vitest';
import { cinderTimeToIso } from './common';

it('cinderTimeToIso reads zone-less database times as UTC', () => {
  expect(cinderTimeToIso('2026-12-01T21:23:40.000000')).toBe('2026-12-01T21:23:40.000Z');
  expect(cinderTimeToIso(null)).toBeNull();
  expect(cinderTimeToIso('2015-09-16T09:28:52Z')).toBe('2015-09-16T09:28:52.000Z');
});
