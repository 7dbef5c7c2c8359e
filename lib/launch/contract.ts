// The launch routes' contract, browser-safe: what the Launch instance form sends to POST
// /api/launch, shared by the form (to check before sending) and the route (which answers 400
// with `fields` when it fails), and the shapes the launch routes answer with.
import { z } from 'zod';
import { isWellFormedText, NOT_WELL_FORMED_TEXT } from '@/lib/openstack/text';
import type { ImageKind } from '@/lib/images/rules';

export const NETWORK_AUTO = 'auto';
export const NETWORK_NONE = 'none';

const optionalText = (max: number, message: string) =>
  z.string().trim().max(max, message).refine(isWellFormedText, NOT_WELL_FORMED_TEXT).optional().transform((s) => (s ? s : undefined));

export const launchInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name for the instance.').max(255, 'At most 255 characters.').refine(isWellFormedText, NOT_WELL_FORMED_TEXT),
  sourceId: z.guid('Choose a snapshot or image to launch from.'),
  flavorId: z.string().trim().min(1, 'Choose a flavor.').max(255, 'Not a flavor id.').refine(isWellFormedText, 'Not a flavor id.'),
  network: z.union([z.literal(NETWORK_AUTO), z.literal(NETWORK_NONE), z.guid('Choose a network.')], { error: 'Choose a network.' }),
  keyName: optionalText(255, 'Not a key pair name.'),
  count: z.coerce.number({ error: 'Enter a number from 1 to 10.' }).int('Enter a whole number from 1 to 10.').min(1, 'At least 1.').max(10, 'At most 10 at once.'),
  installAgent: z.boolean().default(false),
  userData: z.string().max(200_000, 'The user data is too long.').default(''),
});
export type LaunchInput = z.input<typeof launchInputSchema>;

/** What POST /api/launch answers (202). */
export interface LaunchResult {
  /** The new servers' ids: the first one always, the others when they could be found. */
  ids: string[];
  requested: number;
  /** False when fewer servers than requested could be identified (see `note`). */
  complete: boolean;
  note: string | null;
}


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
