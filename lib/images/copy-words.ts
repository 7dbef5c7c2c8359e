// Copy to region, in words (browser-safe, pure): what a copy's state says to the user.
import type { CopyMethod, CopyPhase } from './copy';

/** The copy is still moving: the page polls while one is. */
export const isCopyRunning = (phase: CopyPhase): boolean =>
  phase === 'creating' || phase === 'pulling' || phase === 'streaming' || phase === 'verifying';

export const COPY_STEPS = [
  { key: 'creating', label: 'Create the target image' },
  { key: 'moving', label: 'Copy the data' },
  { key: 'verifying', label: 'Verify the checksum' },
] as const;

/** The step a phase is at (0-based), as the snapshot stepper counts them; the length when done. */
export function copyStepIndex(phase: CopyPhase): number {
  if (phase === 'creating') return 0;
  if (phase === 'pulling' || phase === 'streaming') return 1;
  if (phase === 'verifying') return 2;
  return COPY_STEPS.length;
}

export const COPY_METHOD_WORDS = {
  'glance-download': 'Glance in the target region pulls it (glance-download): no data goes through Snapdeck, and Glance reports no progress until it is done.',
  stream: 'Snapdeck streams it from this region\'s Glance into the target\'s.',
} satisfies Record<CopyMethod, string>;

export const COPY_PHASE_WORDS = {
  creating: 'Creating the target image',
  pulling: 'Glance is pulling the data',
  streaming: 'Copying',
  verifying: 'Checking the checksum',
  done: 'Copied',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
} satisfies Record<CopyPhase, string>;

/** "about 2 min left": a rough, human ETA. */
export function formatEta(seconds: number | null): string | null {
  if (seconds === null) return null;
  if (seconds < 1) return 'almost done';
  if (seconds < 60) return `about ${Math.round(seconds)} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${(seconds / 3600).toFixed(1)} h left`;
}
