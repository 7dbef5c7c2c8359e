// How often pages refresh what they show: every 2 s while something is changing (a task
// state, a snapshot on its way), otherwise every 30 s; never while the tab is hidden
// (React Query's refetchIntervalInBackground is false).
export const TRANSITION_REFRESH_MS = 2_000;
export const IDLE_REFRESH_MS = 30_000;
