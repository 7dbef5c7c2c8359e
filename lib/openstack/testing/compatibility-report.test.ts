import { describe, expect, it } from 'vitest';
import { BEGIN, END, renderResults, withResults } from './compatibility-report';

const result = (cloud: string, title: string, status: string, duration = 12, failureMessages: string[] = []) => ({
  ancestorTitles: [`OpenStack contract: ${cloud}`], title, status, duration, failureMessages,
});

const report = {
  startTime: Date.UTC(2026, 10, 26, 2, 0, 0),
  testResults: [{
    assertionResults: [
      result('local cloud', 'image: a | b', 'passed', 12),
      result('local cloud', 'compute: createServer', 'failed', 40, ['AssertionError: expected 202 to be 500\n    at stack']),
      result('Zed', 'image: a | b', 'passed', 1500),
      result('Zed', 'compute: createServer', 'passed', 300),
      result('Zed', 'compute: only here', 'skipped', 0),
      { ancestorTitles: ['something else'], title: 'ignored', status: 'passed', failureMessages: [] },
    ],
  }],
};

describe('renderResults', () => {
  it('lines the clouds up per test, with totals and the first line of each failure', () => {
    const md = renderResults(report);
    expect(md).toContain('Last run: 2026-11-26T02:00:00Z.');
    expect(md).toContain('- **local cloud**: 1 passed, 1 failed, 0 skipped, of 2 (0.1 s in tests)');
    expect(md).toContain('- **Zed**: 2 passed, 0 failed, 1 skipped, of 3 (1.8 s in tests)');
    expect(md).toContain('| # | call (contract test) | local cloud | Zed |');
    expect(md).toContain('| 1 | image: a \\| b | pass (12 ms) | pass (1.5 s) |');
    expect(md).toContain('| 2 | compute: createServer | **FAIL** | pass (300 ms) |');
    expect(md).toContain('| 3 | compute: only here | not run | skipped |');
    expect(md).toContain('- local cloud — compute: createServer: `AssertionError: expected 202 to be 500`');
    expect(md).not.toContain('ignored');
    expect(md).not.toContain('at stack');
  });

  it('says so when a cloud\'s set-up failed (vitest reports its tests as skipped)', () => {
    const md = renderResults({
      startTime: 0,
      testResults: [{
        status: 'failed',
        assertionResults: [result('local cloud', 'identity: x', 'passed'), result('Zed', 'identity: x', 'skipped')],
      }],
    });
    expect(md).toContain('- **local cloud**: 1 passed, 0 failed, 0 skipped, of 1');
    expect(md).toContain('- **Zed**: **its set-up failed, none of its 1 tests ran** (the error is in the test output)');
    expect(md).toContain('| 1 | identity: x | pass (12 ms) | **not run** |');
  });

  it('refuses a report without contract tests, or not from vitest', () => {
    expect(() => renderResults({ startTime: 0, testResults: [] })).toThrow(/no "OpenStack contract/);
    expect(() => renderResults({ tests: [] })).toThrow();
  });
});

describe('withResults', () => {
  it('replaces only the generated section', () => {
    const doc = `# Title\n\n${BEGIN}\nold\n${END}\n\n## Prose\n`;
    expect(withResults(doc, 'new')).toBe(`# Title\n\n${BEGIN}\nnew\n${END}\n\n## Prose\n`);
    expect(() => withResults('# no markers', 'new')).toThrow(/no "/);
  });
});
