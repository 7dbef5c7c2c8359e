// Display helpers (ages, sizes, times) shared by the instance and image pages. Pure.

/** "3 minutes", "25 days": the age of a creation time, as Horizon's Age column has it. */
export function formatAge(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (s < 60) return unit(s, 'second');
  if (s < 3600) return unit(Math.floor(s / 60), 'minute');
  if (s < 86_400) return unit(Math.floor(s / 3600), 'hour');
  if (s < 86_400 * 365) return unit(Math.floor(s / 86_400), 'day');
  return unit(Math.floor(s / (86_400 * 365)), 'year');
}

/** Nova's RAM is in MiB. */
export function formatRam(mib: number): string {
  if (mib >= 1024 && mib % 1024 === 0) return `${mib / 1024} GiB`;
  return `${mib} MiB`;
}

/** Cinder sizes: whole GiB (Cinder's API says "GB" and means GiB). */
export function formatGiB(gib: number): string {
  return `${gib} GiB`;
}

export function formatBytes(n: number | null): string {
  if (n === null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** "2026-11-25 23:23 UTC": exact and unambiguous, for titles and detail fields. */
export function formatUtc(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
