// The Backups tab groups backups by instance and backup type: the unit Nova's rotation
// counts in (createBackup keeps `rotation` backups per instance and type). Pure.

export interface BackupGroup<T> {
  key: string;
  instanceUuid: string | null;
  backupType: string | null;
  backups: T[];
}

/** Groups in the order their newest backup comes; backups newest first within a group. */
export function groupBackups<T extends { createdAt: string; properties: Record<string, string> }>(images: readonly T[]): BackupGroup<T>[] {
  const groups = new Map<string, BackupGroup<T>>();
  for (const image of images) {
    const instanceUuid = image.properties.instance_uuid ?? null;
    const backupType = image.properties.backup_type ?? null;
    const key = `${instanceUuid ?? ''}\u0000${backupType ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, instanceUuid, backupType, backups: [] };
      groups.set(key, g);
    }
    g.backups.push(image);
  }
  const time = (i: T) => Date.parse(i.createdAt) || 0;
  const list = [...groups.values()];
  for (const g of list) g.backups.sort((a, b) => time(b) - time(a));
  return list.sort((a, b) => time(b.backups[0]!) - time(a.backups[0]!));
}
