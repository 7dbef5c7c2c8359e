// Turning Glance images into the Source picker's choices. Pure: used by the sources route
// and tested on its own.
import { flavorFits, imageKind, type ImageKind } from '@/lib/images/rules';
import { isTruthyProperty } from '@/lib/openstack/image/properties';
import { volumeBackedSnapshotOf } from '@/lib/openstack/image/volume-backed';
import type { LaunchSource } from '@/lib/launch/contract';

/** The fields of the client's Image the picker needs. */
export interface ImageLike {
  id: string;
  name: string | null;
  status: string;
  visibility: string;
  owner: string | null;
  minDisk: number;
  minRam: number;
  size: number | null;
  createdAt: string;
  properties: Record<string, string>;
}

export function launchSourceOf(image: ImageLike, projectId: string): LaunchSource {
  const p = image.properties;
  const backed = volumeBackedSnapshotOf(image);
  return {
    id: image.id,
    name: image.name ?? '',
    kind: imageKind(image),
    status: image.status,
    visibility: image.visibility,
    owner: image.owner,
    ownedByProject: image.owner === projectId,
    minDisk: image.minDisk,
    minRam: image.minRam,
    size: image.size,
    createdAt: image.createdAt,
    agentChannel: isTruthyProperty(p.hw_qemu_guest_agent),
    requireQuiesce: isTruthyProperty(p.os_require_quiesce),
    osDistro: p.os_distro ?? null,
    osType: p.os_type ?? null,
    instanceUuid: p.instance_uuid ?? null,
    volumeSnapshots: backed ? backed.mappings.map((m) => ({ snapshotId: m.snapshotId, size: m.volumeSize, bootIndex: m.bootIndex })) : null,
  };
}

const KIND_ORDER: Record<ImageKind, number> = { snapshot: 0, backup: 1, image: 2, 'volume snapshot': 3 };
export const MAX_SOURCES = 100;

/** Snapshots first (newest first), then backups (newest first), then images by name; one
 * entry per id; `q` keeps names containing it (any case) or ids starting with it. */
export function orderSources(sources: LaunchSource[], q: string): LaunchSource[] {
  const needle = q.trim().toLowerCase();
  const seen = new Set<string>();
  return sources
    .filter((s) => {
      if (seen.has(s.id)) return false;
      seen.add(s.id);
      return !needle || s.name.toLowerCase().includes(needle) || s.id.startsWith(needle);
    })
    .sort((a, b) => {
      const byKind = KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
      if (byKind !== 0) return byKind;
      if (a.kind === 'image') return a.name.localeCompare(b.name);
      return b.createdAt.localeCompare(a.createdAt);
    })
    .slice(0, MAX_SOURCES);
}

/** Whether launches from this source are Windows guests (cloud-init does not apply). */
export const isWindowsSource = (s: Pick<LaunchSource, 'osType' | 'osDistro'>) =>
  s.osType?.toLowerCase() === 'windows' || s.osDistro?.toLowerCase() === 'windows';

export interface FlavorLike {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
}

export interface FlavorOption {
  id: string;
  label: string;
  disabled: boolean;
  reason: string | null;
}

/** The Flavor select's options for a source: vCPU/RAM/disk in the label; a flavor the
 * source cannot boot on is disabled with the reason (flavorFits: a disk of 0 never blocks).
 * Booted from a volume, the flavor's disk is not used for the root (Nova checks the volume
 * against min_disk instead, _validate_flavor_image_nostatus): only RAM counts. */
export function flavorOptions(flavors: FlavorLike[], source: Pick<LaunchSource, 'minDisk' | 'minRam'> | null, bootsFromVolume = false): FlavorOption[] {
  const needs = source && (bootsFromVolume ? { minDisk: 0, minRam: source.minRam } : source);
  return [...flavors]
    .sort((a, b) => a.vcpus - b.vcpus || a.ram - b.ram || a.disk - b.disk || a.name.localeCompare(b.name))
    .map((f) => {
      const fit = needs ? flavorFits(f, needs) : ({ ok: true } as const);
      const disk = f.disk === 0 ? 'disk sized from the image' : `${f.disk} GB disk`;
      const base = `${f.name} — ${f.vcpus} vCPU, ${f.ram} MB RAM, ${disk}`;
      return fit.ok ? { id: f.id, label: base, disabled: false, reason: null } : { id: f.id, label: `${base} (too small: ${fit.reason})`, disabled: true, reason: fit.reason };
    });
}
