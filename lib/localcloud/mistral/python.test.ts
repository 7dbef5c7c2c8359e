import { describe, expect, it } from 'vitest';
import cronCapture from '@/lib/testing/fixtures/openstack/mistral-cron-trigger-create-resp.json';
import { mistralTime, pyJsonDumps, pyRepr, pyStrOf } from './python';

describe('Python spellings', () => {
  it('json.dumps: the spike capture\'s workflow_input, byte for byte', () => {
    const input = JSON.parse(cronCapture.workflow_input) as unknown;
    expect(pyJsonDumps(input)).toBe(cronCapture.workflow_input);
    expect(pyJsonDumps({})).toBe('{}');
    expect(pyJsonDumps({ a: [1, true, null], b: 'é"\n' })).toBe('{"a": [1, true, null], "b": "\\u00e9\\"\\n"}');
  });

  it('repr of a dict: single quotes, True/False/None, nested', () => {
    expect(pyRepr({ status: 404, ok: false, none: null, list: [], h: { 'Content-Type': 'application/json' } }))
      .toBe("{'status': 404, 'ok': False, 'none': None, 'list': [], 'h': {'Content-Type': 'application/json'}}");
    expect(pyRepr("it's")).toBe('"it\'s"');
    expect(pyRepr('a\'b"c')).toBe("'a\\'b\"c'");
    expect(pyRepr('line\nbreak')).toBe("'line\\nbreak'");
    expect(pyStrOf('text')).toBe('text');
    expect(pyStrOf(2)).toBe('2');
  });

  it('datetime_to_str: UTC, whole seconds, a space', () => {
    expect(mistralTime(Date.UTC(2026, 11, 1, 20, 35, 57, 999))).toBe('2026-12-01 20:35:57');
  });
});
