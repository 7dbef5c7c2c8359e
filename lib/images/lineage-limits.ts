/** At most this many instance lookups (one Nova call each) for one page of snapshots. */
export const MAX_INSTANCE_LOOKUPS = 25;
