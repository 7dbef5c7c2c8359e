import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNext } from './page-session';

describe('safeNext', () => {
  it.each([
    ['/images?tab=snapshots', '/images?tab=snapshots'],
    ['/instances/abc#console', '/instances/abc#console'],
    ['/launch?source=a%2Fb', '/launch?source=a%2Fb'],
    ['/images/../instances', '/instances'],
  ])('keeps the app path %j', (next, want) => {
    expect(safeNext(next)).toBe(want);
  });

  it.each([
    ['empty', ''],
    ['protocol-relative', '//evil.example'],
    ['newline after the slash (the reported bug)', '/\n/evil.example'],
    ['tab after the slash', '/\t/evil.example'],
    ['carriage return', '/\r//evil.example'],
    ['backslash', '/\\evil.example'],
    ['backslashes', '\\\\evil.example'],
    ['slash backslash', '/\\/evil.example'],
    ['a scheme', 'https://evil.example/'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['no leading slash', 'evil.example'],
    ['NUL byte', '/instances\u0000//evil.example'],
    ['C1 control', '/\u0085/evil.example'],
    ['DEL', '/\u007f/evil.example'],
    ['leading space', ' /instances'],
    ['triple slash', '///evil.example'],
    ['dot segment that normalises to //', '/.//evil.example'],
    ['dot-dot segment that normalises to //', '/a/..//evil.example'],
    ['credentials', '//user@evil.example'],
    ['the sign-in page itself', '/login?next=/instances'],
    ['an API route', '/api/auth/logout'],
    ['very long', `/${'a'.repeat(5000)}`],
  ])('refuses %s', (_what, next) => {
    expect(safeNext(next)).toBe('/instances');
  });

  it('never leaves the origin, for any string', () => {
    const piece = fc.constantFrom('/', '\\', '.', ':', '@', '?', '#', '%', 'e', '\t', '\n', ' ', '%2f', '%5c', 'http', '//', 'evil.example');
    const tricky = fc.array(piece, { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(tricky, fc.string(), fc.webUrl(), fc.webPath()), (s) => {
        const out = safeNext(s);
        expect(new URL(out, 'http://app.test').origin).toBe('http://app.test');
        expect(out.startsWith('/') && !out.startsWith('//')).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
