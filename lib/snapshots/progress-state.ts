// What the progress of a tracked snapshot or backup is, where it starts and whether it is
// over: all the snapshot tracker needs before anything is tracked. How answers advance it and
// how it reads are in progress.ts, which the browser loads once something is tracked.

export type TrackKind = 'snapshot' | 'backup';

export type FailureReason = 'killed' | 'gone' | 'deleted' | 'server-gone' | 'volume-snapshot-error';

export interface ProgressState {
  /** Index in stepsFor(kind) of the furthest step seen; -1 before the first answer. */
  stepIndex: number;
  outcome: 'running' | 'done' | 'failed' | 'stalled';
  failure: FailureReason | null;
  /** When Nova's task state was first seen cleared while the image was not yet active. */
  taskClearedAt: number | null;
  /** The task state of the last answer, in Nova's words (for the row and the toast). */
  lastTaskState: string | null;
  lastImageStatus: string | null;
  /** The Cinder snapshots' statuses of the last answer; null for a snapshot that has none. */
  lastCinderStatuses: string[] | null;
}

export const INITIAL_PROGRESS: ProgressState = {
  stepIndex: -1, outcome: 'running', failure: null, taskClearedAt: null, lastTaskState: null, lastImageStatus: null, lastCinderStatuses: null,
};

export function isFinished(p: ProgressState): boolean {
  return p.outcome !== 'running';
}
