import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtStyleHashes } from './built-styles';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('builtStyleHashes', () => {
  it("hashes every stylesheet under the build's static folder, and nothing else", () => {
    const root = mkdtempSync(path.join(tmpdir(), 'styles-'));
    dirs.push(root);
    mkdirSync(path.join(root, 'dist/static/chunks/nested'), { recursive: true });
    writeFileSync(path.join(root, 'dist/static/chunks/a.css'), 'body{color:red}');
    writeFileSync(path.join(root, 'dist/static/chunks/nested/b.css'), 'h1{margin:0}');
    writeFileSync(path.join(root, 'dist/static/chunks/c.js'), 'alert(1)');
    const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(builtStyleHashes('dist', root)).toEqual([sha('body{color:red}'), sha('h1{margin:0}')].sort());
  });

  it('is empty without a build', () => {
    expect(builtStyleHashes('no-such-dist', tmpdir())).toEqual([]);
  });
});
