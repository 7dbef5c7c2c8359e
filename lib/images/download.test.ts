import { describe, expect, it } from 'vitest';
import { contentDisposition, downloadHeaders, safeFileName } from './download';

const ID = 'a0000001-0000-4000-8000-000000000003';

describe('safeFileName', () => {
  it('keeps plain names and adds the disk format', () => {
    expect(safeFileName('app-template', ID, 'qcow2')).toBe('app-template.qcow2');
    expect(safeFileName('disk.raw', ID, 'raw')).toBe('disk.raw');
  });
  it('cannot climb folders, break the header or hide as a dotfile', () => {
    expect(safeFileName('../../etc/passwd', ID, null)).toBe('etc_passwd');
    expect(safeFileName('a"b\r\nSet-Cookie: x', ID, 'qcow2')).toBe('a_b_Set-Cookie_x.qcow2');
    expect(safeFileName('.hidden', ID, null)).toBe('hidden');
  });
  it('falls back to the id when nothing is left', () => {
    expect(safeFileName('', ID, 'qcow2')).toBe('image-a0000001.qcow2');
    expect(safeFileName('日本語', ID, null)).toBe('image-a0000001');
  });
  it('folds accents to ASCII', () => {
    expect(safeFileName('Débian 12', ID, 'qcow2')).toBe('Debian_12.qcow2');
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII filename and the original in filename*', () => {
    expect(contentDisposition('Débian 12', ID, 'qcow2')).toBe(`attachment; filename="Debian_12.qcow2"; filename*=UTF-8''D%C3%A9bian%2012.qcow2`);
  });
  it('never carries a quote or a line break', () => {
    const h = contentDisposition('x"\r\ny', ID, null);
    expect(h).not.toMatch(/[\r\n]/);
    expect(h.match(/"/g)).toHaveLength(2);
  });
});

describe('downloadHeaders', () => {
  it('passes Content-Length and Content-MD5 on, and repeats the record’s hashes', () => {
    const h = downloadHeaders({ name: 'x', id: ID, diskFormat: 'raw', contentLength: 52428800, contentMd5: 'abc', checksum: 'abc', hashAlgo: 'sha512', hashValue: 'def' });
    expect(h.get('content-length')).toBe('52428800');
    expect(h.get('x-image-size')).toBe('52428800');
    expect(h.get('content-md5')).toBe('abc');
    expect(h.get('x-image-checksum')).toBe('abc');
    expect(h.get('x-image-hash')).toBe('sha512:def');
    expect(h.get('content-type')).toBe('application/octet-stream');
  });
  it('leaves out what Glance did not give', () => {
    const h = downloadHeaders({ name: 'x', id: ID, diskFormat: null, contentLength: null, contentMd5: null, checksum: null, hashAlgo: null, hashValue: null });
    expect(h.has('content-length')).toBe(false);
    expect(h.has('content-md5')).toBe(false);
    expect(h.has('x-image-hash')).toBe(false);
  });
});
