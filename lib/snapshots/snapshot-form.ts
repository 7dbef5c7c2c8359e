// The Create snapshot form's rules, checked in the browser before anything is sent: the same
// limits as Nova's createImage schema (and the client's zod schema the route uses).
import { shellQuote } from '@/lib/shell-quote';
export interface MetadataRow {
  key: string;
  value: string;
}

export const NAME_MAX = 255;
export const METADATA_MAX_BYTES = 255;
export const METADATA_MAX_ITEMS = 128;

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** `<instance>-snapshot-<YYYY-MM-DD>`, in the user's local date, cut to fit 255 characters. */
export function defaultSnapshotName(instance: string, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const suffix = `-snapshot-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `${instance.slice(0, NAME_MAX - suffix.length)}${suffix}`;
}

export interface FormErrors {
  name?: string;
  /** Per metadata row index. */
  rows: Record<number, string>;
  form?: string;
}

export function validateSnapshotForm(name: string, rows: readonly MetadataRow[]): FormErrors {
  const errors: FormErrors = { rows: {} };
  const trimmed = name.trim();
  if (trimmed.length === 0) errors.name = 'Give the snapshot a name.';
  else if (trimmed.length > NAME_MAX) errors.name = `At most ${NAME_MAX} characters (now ${trimmed.length}).`;
  const seen = new Set<string>();
  const filled = rows.map((r, i) => ({ ...r, i })).filter((r) => r.key !== '' || r.value !== '');
  for (const r of filled) {
    if (r.key === '') errors.rows[r.i] = 'The key is empty.';
    else if (bytes(r.key) > METADATA_MAX_BYTES) errors.rows[r.i] = `The key is ${bytes(r.key)} bytes; at most ${METADATA_MAX_BYTES}.`;
    else if (bytes(r.value) > METADATA_MAX_BYTES) errors.rows[r.i] = `The value is ${bytes(r.value)} bytes; at most ${METADATA_MAX_BYTES}.`;
    else if (seen.has(r.key)) errors.rows[r.i] = `The key "${r.key}" is already used above.`;
    seen.add(r.key);
  }
  if (filled.length > METADATA_MAX_ITEMS) errors.form = `At most ${METADATA_MAX_ITEMS} metadata items.`;
  return errors;
}

export const hasErrors = (e: FormErrors) => Boolean(e.name || e.form || Object.keys(e.rows).length > 0);

/** The request body: rows with both sides empty are ignored. */
export function snapshotBody(name: string, rows: readonly MetadataRow[]): { name: string; metadata?: Record<string, string> } {
  const filled = rows.filter((r) => r.key !== '');
  return { name: name.trim(), ...(filled.length > 0 ? { metadata: Object.fromEntries(filled.map((r) => [r.key, r.value])) } : {}) };
}


/** The equivalent OpenStack CLI command (`--property` sets the same createImage metadata).
 * For a volume-backed instance Snapdeck also sets instance_uuid and image_type
 * (lib/snapshots/create.ts), and so does the command. */
export function snapshotCli(serverId: string, name: string, rows: readonly MetadataRow[], volumeBacked = false): string {
  const filled = rows.filter((r) => r.key !== '').map((r) => [r.key, r.value] as const);
  const all = volumeBacked ? [...filled.filter(([k]) => k !== 'instance_uuid' && k !== 'image_type'), ['instance_uuid', serverId] as const, ['image_type', 'snapshot'] as const] : filled;
  const props = all.map(([k, v]) => ` --property ${shellQuote(`${k}=${v}`)}`).join('');
  return `openstack server image create --name ${shellQuote(name.trim() || '<name>')}${props} ${serverId}`;
}
