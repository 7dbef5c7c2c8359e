// The `openstack server create` equivalent of the Launch instance form.
import { shellQuote } from '@/lib/shell-quote';


export function launchCommand(f: { name: string; sourceId: string; flavorId: string; network: string; keyName?: string; count: number; hasUserData: boolean }): string {
  const parts = ['openstack server create', `--image ${f.sourceId || '<image>'}`, `--flavor ${f.flavorId ? shellQuote(f.flavorId) : '<flavor>'}`];
  if (f.network === 'auto' || f.network === 'none') parts.push(`--nic ${f.network}`);
  else parts.push(`--network ${f.network || '<network>'}`);
  if (f.keyName) parts.push(`--key-name ${shellQuote(f.keyName)}`);
  if (f.hasUserData) parts.push('--user-data ./user-data');
  if (f.count > 1) parts.push(`--min ${f.count} --max ${f.count}`);
  parts.push(f.name.trim() ? shellQuote(f.name.trim()) : '<name>');
  return parts.join(' ');
}
