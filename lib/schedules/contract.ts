// The schedule routes' contract, browser-safe: what the schedule form sends, the path and
// query parameters, and the answers (DTOs) the pages read. Shared by the routes (which
// validate with these schemas) and the form (which validates before sending).
import { z } from 'zod';
import { guid } from '@/lib/openstack/ids';
import { isWellFormedText, NOT_WELL_FORMED_TEXT } from '@/lib/openstack/text';
import { shellQuote } from '@/lib/shell-quote';
import { cronOf, frequencySchema, type Frequency } from './frequency';
import { KEEP_MAX, KEEP_MIN } from './retention';

/** A schedule's id: twelve hex digits, in its trigger's name and in its runs' descriptions. */
export const SCHEDULE_ID = /^[0-9a-f]{12}$/;
export const scheduleParams = z.object({ id: z.string().regex(SCHEDULE_ID, 'not a schedule id') });

/** Nova keeps backup_type as an image property and rotates by it: plain words only, since
 * it also goes into a crontab line and a Glance filter. */
const backupType = z
  .string()
  .trim()
  .min(1, 'Enter a backup type, such as daily or weekly.')
  .max(64, 'At most 64 characters.')
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'Letters, digits, ".", "_" and "-" only, such as daily or weekly.');

const prefix = z
  .string()
  .trim()
  .min(1, 'Enter a name prefix for the backups.')
  .max(200, 'At most 200 characters.')
  .refine(isWellFormedText, NOT_WELL_FORMED_TEXT);

export const scheduleInputSchema = z.object({
  instanceId: guid('Choose an instance.'),
  frequency: frequencySchema,
  backupType,
  keep: z.coerce
    .number({ error: `Enter a number from ${KEEP_MIN} to ${KEEP_MAX}.` })
    .int('Enter a whole number.')
    .min(KEEP_MIN, `Keep at least ${KEEP_MIN} backup.`)
    .max(KEEP_MAX, `At most ${KEEP_MAX}.`),
  prefix,
  enabled: z.boolean().default(true),
});
export type ScheduleInput = z.input<typeof scheduleInputSchema>;
export type ScheduleFields = z.output<typeof scheduleInputSchema>;

/** POST /api/schedules: one schedule, or the grandfather-father-son set (up to three) for one instance. */
export const createSchedulesBodySchema = z
  .object({ schedules: z.array(scheduleInputSchema).min(1).max(3) })
  .refine((b) => new Set(b.schedules.map((s) => s.instanceId)).size === 1, 'The schedules of one request are for one instance.')
  .refine((b) => new Set(b.schedules.map((s) => s.backupType.trim())).size === b.schedules.length, {
    message: 'Each schedule of an instance needs its own backup type: Nova rotates backups per instance and per type.',
  });

/** PATCH /api/schedules/<id>: Pause and Resume. */
export const scheduleStateBodySchema = z.strictObject({ enabled: z.boolean() });

export const schedulesQuerySchema = z.strictObject({ instance: guid('not an instance id').optional() });
export const runsQuerySchema = z.strictObject({ marker: z.guid('not a run id').optional() });

/** The backup image's name for a schedule: Nova names every backup of the run so. */
export const backupNameOf = (s: { prefix: string; backupType: string }) => `${s.prefix.trim()}-${s.backupType.trim()}`;

// ---------------------------------------------------------------- answers

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'paused';

export interface RunDto {
  id: string;
  startedAt: string;
  /** null while it runs. */
  finishedAt: string | null;
  durationSeconds: number | null;
  status: RunStatus;
  /** The backup image the run made (Nova's answer), when it got that far. */
  imageId: string | null;
  /** Why it failed, in words (never Mistral's raw text: it can hold a token). */
  reason: string | null;
  /** Started by the schedule's trigger, or by Run now (as the user who clicked it). */
  startedBy: 'schedule' | 'run-now';
}

export type WorkflowState = 'ours' | 'changed' | 'missing';

export interface BackupImageDto {
  id: string;
  name: string;
  status: string;
  createdAt: string;
}

export interface ScheduleDto {
  id: string;
  instance: {
    id: string;
    name: string | null;
    /** false: Nova says it no longer exists; null: Nova could not tell. */
    exists: boolean | null;
  };
  frequency: Frequency;
  /** The cron pattern Mistral runs, in UTC. */
  cron: string;
  backupType: string;
  keep: number;
  prefix: string;
  enabled: boolean;
  /** Mistral's next run; null when paused. */
  nextRunAt: string | null;
  /** Whose trust the runs use: who last saved the schedule. */
  savedBy: { id: string; name: string } | null;
  savedAt: string;
  workflow: { name: string; state: WorkflowState };
  /** undefined: not read (Mistral failed for this one); null: never ran. */
  lastRun: RunDto | null | undefined;
  /** This instance's backups of this type in Glance, newest first; null when Glance failed. */
  backups: BackupImageDto[] | null;
}

export interface SchedulesPage {
  /** absent: the cloud has no workflow service; the page offers the crontab line instead. */
  service: 'available' | 'absent';
  schedules: ScheduleDto[];
  /** Triggers named like Snapdeck's that Snapdeck will not run (another workflow, unreadable input). */
  foreign: number;
}

export interface RunsPage {
  runs: RunDto[];
  nextMarker: string | null;
}

/** GET /api/schedules/health: the instances whose schedule's last run failed. */
export interface ScheduleHealth {
  failed: { instanceId: string; scheduleId: string; backupType: string; at: string; reason: string | null }[];
}

// ---------------------------------------------------------------- without a workflow service

/**
 * The crontab line that does what a schedule does, for a machine with the openstack CLI and
 * a clouds.yaml entry. The page puts `CRON_TZ=UTC` on the line before it: cronie (Fedora,
 * RHEL, Arch) reads it and keeps the form's UTC times; Debian's and Ubuntu's cron
 * (3.0pl1) do not know it, so there the machine must run in UTC or the times be converted.
 */
export function crontabLine(s: { frequency: Frequency; backupType: string; keep: number | string; prefix: string }, server: { id: string }, cloud = 'mycloud'): string {
  const name = s.prefix.trim() && s.backupType.trim() ? shellQuote(backupNameOf(s)) : '<name>';
  const type = s.backupType.trim() ? shellQuote(s.backupType.trim()) : '<type>';
  const command = `openstack --os-cloud ${shellQuote(cloud)} server backup create --name ${name} --type ${type} --rotate ${String(s.keep).trim() || '<keep>'} ${server.id}`;
  // cron reads an unescaped % as a newline.
  return `${cronOf(s.frequency)} ${command.replaceAll('%', '\\%')}`;
}
