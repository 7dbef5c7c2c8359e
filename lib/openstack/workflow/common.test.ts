import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rebaseNextLink, serviceBaseUrl } from '../client';
import { exactFilter, jsonObjectField, mistralTimeToIso } from './common';

describe('Mistral wire helpers', () => {
  it('reads Mistral times (UTC, no zone) as ISO with Z', () => {
    expect(mistralTimeToIso('2026-12-01 20:35:57')).toBe('2026-12-01T20:35:57Z');
    expect(mistralTimeToIso('2026-12-01 20:35:57.123456')).toBe('2026-12-01T20:35:57.123Z');
    expect(mistralTimeToIso(null)).toBeNull();
    expect(mistralTimeToIso('')).toBeNull();
  });

  it('reads JSON fields from a string or an object, and refuses what is not an object', () => {
    const s = z.object({ f: jsonObjectField });
    expect(s.parse({ f: '{"a": 1}' }).f).toEqual({ a: 1 });
    expect(s.parse({ f: { a: 1 } }).f).toEqual({ a: 1 });
    expect(s.parse({}).f).toBeNull();
    expect(s.parse({ f: null }).f).toBeNull();
    expect(s.parse({ f: '' }).f).toEqual({});
    expect(s.safeParse({ f: '[1]' }).success).toBe(false);
    expect(s.safeParse({ f: 'not json' }).success).toBe(false);
  });

  it('keeps a value that starts like a filter operator literal', () => {
    expect(exactFilter('nova_backup')).toBe('nova_backup');
    expect(exactFilter('in:a,b')).toBe('eq:in:a,b');
    expect(exactFilter('hasty')).toBe('hasty');
    expect(exactFilter(undefined)).toBeUndefined();
  });

  it('builds on catalog URLs with or without /v2, and rebases next links that name another host', () => {
    expect(serviceBaseUrl('workflow', 'http://127.0.0.1:8989/v2')).toBe('http://127.0.0.1:8989/v2');
    expect(serviceBaseUrl('workflow', 'https://cloud.example/workflow/')).toBe('https://cloud.example/workflow/v2');
    expect(rebaseNextLink('workflow', 'https://cloud.example/workflow/v2', 'http://10.0.0.5:8989/v2/executions?limit=2&marker=m')).toBe(
      'https://cloud.example/workflow/v2/executions?limit=2&marker=m',
    );
  });
});
