// Headers of an image download passed through to the browser: a file name that cannot
// break the header or reach outside the downloads folder, and the checksums Glance gave.

const EXTENSIONS: Record<string, string> = {
  qcow2: 'qcow2', raw: 'raw', vmdk: 'vmdk', vdi: 'vdi', vhd: 'vhd', vhdx: 'vhdx', iso: 'iso', ploop: 'hds', aki: 'aki', ari: 'ari', ami: 'ami',
};

/** An ASCII file name from the image's name: letters, digits, dot, dash and underscore
 * only, no leading dot, at most 120 characters, with the disk format's extension. */
export function safeFileName(name: string, id: string, diskFormat: string | null): string {
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let base = ascii.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/_+/g, '_').replace(/^[._]+|[._]+$/g, '').slice(0, 120);
  if (!base) base = `image-${id.slice(0, 8)}`;
  const ext = diskFormat ? EXTENSIONS[diskFormat] : undefined;
  return ext && !base.toLowerCase().endsWith(`.${ext}`) ? `${base}.${ext}` : base;
}

/** RFC 6266: a plain ASCII `filename` and the original name, percent-encoded, in `filename*`. */
export function contentDisposition(name: string, id: string, diskFormat: string | null): string {
  const ascii = safeFileName(name, id, diskFormat);
  const ext = ascii.includes('.') ? ascii.slice(ascii.lastIndexOf('.')) : '';
  const original = (name.replace(/[\u0000-\u001f\u007f/\\]+/g, '_').trim() || ascii.replace(/\.[^.]*$/, '')).slice(0, 200);
  const utf8 = original.toLowerCase().endsWith(ext.toLowerCase()) ? original : `${original}${ext}`;
  const star = encodeURIComponent(utf8).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${star}`;
}

export interface DownloadFacts {
  name: string;
  id: string;
  diskFormat: string | null;
  contentLength: number | null;
  contentMd5: string | null;
  checksum: string | null;
  hashAlgo: string | null;
  hashValue: string | null;
}

/** Headers for the browser. Content-MD5 is what Glance sent (the image's md5, hex, as
 * Glance writes it); X-Image-Checksum and X-Image-Hash repeat the image record, since
 * Glance sends no header for os_hash_value. Next.js 16 drops Content-Length from route
 * handler responses (send-response.js FORBIDDEN_HEADERS), so the length also goes in
 * X-Image-Size, which scripts/serve.ts turns back into Content-Length (decision 004). */
export function downloadHeaders(f: DownloadFacts): Headers {
  const h = new Headers({
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': contentDisposition(f.name, f.id, f.diskFormat),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (f.contentLength !== null) {
    h.set('Content-Length', String(f.contentLength));
    h.set('X-Image-Size', String(f.contentLength));
  }
  if (f.contentMd5) h.set('Content-MD5', f.contentMd5);
  if (f.checksum) h.set('X-Image-Checksum', f.checksum);
  if (f.hashAlgo && f.hashValue) h.set('X-Image-Hash', `${f.hashAlgo}:${f.hashValue}`);
  return h;
}
