// Every React Query key the app uses, from one factory: a key is written once, and an
// invalidation names the same function as the query it refreshes.
export const queryKeys = {
  auth: {
    projects: () => ['auth', 'projects'] as const,
    regions: () => ['auth', 'regions'] as const,
  },
  servers: {
    lists: () => ['servers', 'list'] as const,
    list: (query: string) => ['servers', 'list', query] as const,
    detail: (id: string) => ['servers', 'detail', id] as const,
    snapshots: (id: string) => ['servers', 'snapshots', id] as const,
    actions: (id: string, key: string) => ['servers', 'actions', id, key] as const,
    console: (id: string) => ['servers', 'console', id] as const,
    snapshotProgress: (serverId: string, imageId: string | null) => ['servers', 'snapshot-progress', serverId, imageId] as const,
  },
  images: {
    all: () => ['images'] as const,
    lists: () => ['images', 'list'] as const,
    list: (query: string) => ['images', 'list', query] as const,
    detail: (id: string) => ['images', 'detail', id] as const,
    instances: (ids: string) => ['images', 'instances', ids] as const,
    /** Copy to region: the regions a snapshot can go to and its copies. */
    copies: (id: string) => ['images', 'copies', id] as const,
    members: (id: string) => ['images', 'members', id] as const,
  },
  launch: {
    sources: (query: string) => ['launch', 'sources', query] as const,
    source: (id: string | null) => ['launch', 'source', id] as const,
    flavors: () => ['launch', 'flavors'] as const,
    networks: () => ['launch', 'networks'] as const,
    keypairs: () => ['launch', 'keypairs'] as const,
    availabilityZones: () => ['launch', 'availability-zones'] as const,
  },
  schedules: {
    all: () => ['schedules'] as const,
    lists: () => ['schedules', 'list'] as const,
    /** `instance`: one instance's schedules, or '' for the project's. */
    list: (instance: string) => ['schedules', 'list', instance] as const,
    runs: (id: string) => ['schedules', 'runs', id] as const,
    health: () => ['schedules', 'health'] as const,
  },
};
