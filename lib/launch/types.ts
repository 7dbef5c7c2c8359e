// Shapes the launch routes answer with; type-only for the browser.
import type { ImageKind } from '@/lib/images/rules';

export interface LaunchSource {
  id: string;
  name: string;
  kind: ImageKind;
  status: string;
  visibility: string;
  owner: string | null;
  /** The current project owns it: it may change the image's properties. */
  ownedByProject: boolean;
  minDisk: number;
  minRam: number;
  size: number | null;
  createdAt: string;
  /** hw_qemu_guest_agent: instances launched from it get the agent channel. */
  agentChannel: boolean;
  requireQuiesce: boolean;
  osDistro: string | null;
  osType: string | null;
  /** For snapshots and backups: the instance it was taken of. */
  instanceUuid: string | null;
}

export interface SourcesAnswer {
  sources: LaunchSource[];
  /** Glance has no substring search: only the first images were searched for `q`. */
  truncated: boolean;
}

export interface NetworkChoice {
  id: string;
  name: string;
  shared: boolean;
  external: boolean;
  status: string;
}

export interface NetworksAnswer {
  /** False when the cloud's catalog has no network service (Neutron). */
  service: boolean;
  networks: NetworkChoice[];
  /** Nova accepts networks "auto" and "none" (microversion 2.37 or later). */
  autoAndNone: boolean;
}

export interface KeypairChoice {
  name: string;
  type: string;
  fingerprint: string;
}
