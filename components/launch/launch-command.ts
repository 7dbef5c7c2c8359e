// The `openstack server create` equivalent of the Launch instance form.

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9._:@/+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function launchCommand(f: { name: string; sourceId: string; flavorId: string; network: string; keyName?: string; count: number; hasUserData: boolean }): string {
  const parts = ['openstack server create', `--image ${f.sourceId || '<image>'}`, `--flavor ${f.flavorId ? shellWord(f.flavorId) : '<flavor>'}`];
  if (f.network === 'auto' || f.network === 'none') parts.push(`--nic ${f.network}`);
  else parts.push(`--network ${f.network || '<network>'}`);
  if (f.keyName) parts.push(`--key-name ${shellWord(f.keyName)}`);
  if (f.hasUserData) parts.push('--user-data ./user-data');
  if (f.count > 1) parts.push(`--min ${f.count} --max ${f.count}`);
  parts.push(f.name.trim() ? shellWord(f.name.trim()) : '<name>');
  return parts.join(' ');
}
