// The local cloud's whole state: plain data, so that it can be saved as JSON and reloaded.
// The services (keystone/, nova/, glance/, neutron/) read and change it through
// CloudState; every change ends with `touch()`, which schedules an atomic save when a
// state file is configured.
import { randomUUID } from 'node:crypto';
import type { CinderData } from '../cinder/model';
import type { MistralData } from '../mistral/model';

export interface Domain {
  id: string;
  name: string;
}

export interface Project {
  id: string;
  name: string;
  domainId: string;
  description: string;
  enabled: boolean;
}

export interface RoleAssignment {
  projectId: string;
  roles: string[]; // role names, e.g. ["member", "reader"]
}

export interface User {
  id: string;
  name: string;
  domainId: string;
  password: string;
  enabled: boolean;
  assignments: RoleAssignment[];
}

export interface Token {
  id: string;
  userId: string;
  projectId: string | null; // null = unscoped
  methods: string[];
  auditId: string;
  issuedAt: string; // ISO
  expiresAt: string; // ISO
  revoked: boolean;
}

export interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number; // MiB
  disk: number; // GiB
  ephemeral: number;
  swap: number; // MiB, 0 = none
  rxtxFactor: number;
  isPublic: boolean;
  description: string | null;
  extraSpecs: Record<string, string>;
}

export interface Keypair {
  name: string;
  userId: string;
  publicKey: string;
  fingerprint: string;
  type: 'ssh' | 'x509';
  createdAt: string;
}

export interface Network {
  id: string;
  name: string;
  projectId: string;
  shared: boolean;
  external: boolean;
  status: string;
  adminStateUp: boolean;
  mtu: number;
  subnets: string[];
  /** CIDR-ish prefix used to hand out fixed IPs, e.g. "10.0.0." or "57.128.0." */
  ipPrefix: string;
  createdAt: string;
  updatedAt: string;
}

/** Where an image's bytes come from: nothing yet, bytes uploaded (kept in memory or in the
 * state folder), or a deterministic synthetic stream (seeded images, benchmark images) that
 * costs no memory. */
export type ImageData =
  | { kind: 'none' }
  | { kind: 'blob'; blobId: string }
  | { kind: 'synthetic'; seed: string; size: number };

export interface Image {
  id: string;
  name: string | null;
  status: 'queued' | 'saving' | 'active' | 'killed' | 'deleted' | 'pending_delete' | 'deactivated' | 'uploading' | 'importing';
  visibility: 'public' | 'private' | 'shared' | 'community';
  owner: string | null; // project id
  protected: boolean;
  osHidden: boolean;
  diskFormat: string | null;
  containerFormat: string | null;
  minDisk: number;
  minRam: number;
  size: number | null;
  virtualSize: number | null;
  checksum: string | null; // md5 hex
  osHashAlgo: string | null;
  osHashValue: string | null;
  createdAt: string; // 2024-01-01T00:00:00Z (Glance: no fraction)
  updatedAt: string;
  tags: string[];
  /** Custom properties: string values only, as Glance's schema says. */
  properties: Record<string, string>;
  data: ImageData;
  /** Project ids of members, for shared images, with their status (and, for members added
   * through the API, their own times). */
  members: { projectId: string; status: 'pending' | 'accepted' | 'rejected'; createdAt?: string; updatedAt?: string }[];
}

export type VmState =
  | 'active' | 'building' | 'paused' | 'suspended' | 'stopped' | 'rescued' | 'resized'
  | 'soft-delete' | 'deleted' | 'error' | 'shelved' | 'shelved_offloaded';

export interface ServerAddress {
  networkName: string;
  addr: string;
  version: 4 | 6;
  type: 'fixed' | 'floating';
  mac: string;
}

export interface InstanceFault {
  code: number;
  message: string;
  details: string;
  created: string;
}

export interface Server {
  id: string;
  name: string;
  projectId: string;
  userId: string;
  vmState: VmState;
  taskState: string | null;
  powerState: number; // 0 NOSTATE, 1 RUNNING, 3 PAUSED, 4 SHUTDOWN, 6 CRASHED, 7 SUSPENDED
  /** Image id the server booted from; '' for boot-from-volume. */
  imageRef: string;
  /** The image's properties as recorded at boot (Nova's system_metadata image_*), plus
   * min_disk/min_ram/disk_format/container_format. Snapshots inherit from here, never
   * from the image's current properties. */
  bootImageProps: Record<string, string>;
  flavorId: string;
  /** The flavor as it was at boot (Nova embeds this from 2.47). */
  flavor: Flavor;
  keyName: string | null;
  userData: string | null; // base64, as sent
  metadata: Record<string, string>;
  addresses: ServerAddress[];
  accessIPv4: string;
  accessIPv6: string;
  availabilityZone: string;
  hostId: string;
  configDrive: string;
  description: string | null;
  tags: string[];
  locked: boolean;
  lockedReason: string | null;
  createdAt: string; // 2024-01-01T00:00:00Z
  updatedAt: string;
  launchedAt: string | null; // 2024-01-01T00:00:00.000000 (no zone)
  terminatedAt: string | null;
  fault: InstanceFault | null;
  /** virtio-serial org.qemu.guest_agent.0 present (image had hw_qemu_guest_agent at boot). */
  agentChannel: boolean;
  /** qemu-guest-agent installed and running in the guest. */
  agentRunning: boolean;
  /** Console log lines (os-getConsoleOutput). */
  console: string[];
  /** Set while the server is deleted but still reported (never listed). */
  deleted: boolean;
  /** Nova's block device mappings of a server with volumes (absent: none, as before Cinder). */
  blockDevices?: BlockDevice[];
}

/** One block device mapping (nova.objects.BlockDeviceMapping), for the volumes Nova attached. */
export interface BlockDevice {
  /** The BDM's uuid (os-volume_attachments bdm_uuid, from 2.89). */
  id: string;
  sourceType: 'image' | 'snapshot' | 'volume' | 'blank';
  destinationType: 'volume' | 'local';
  imageId: string | null;
  snapshotId: string | null;
  volumeId: string | null;
  /** GiB */
  volumeSize: number | null;
  /** 0 = the root disk; null = not bootable. */
  bootIndex: number | null;
  deleteOnTermination: boolean;
  deviceName: string | null;
  diskBus: string | null;
  deviceType: string | null;
  guestFormat: string | null;
  volumeType: string | null;
  tag: string | null;
  /** The Cinder attachment Nova holds for it. */
  attachmentId: string | null;
}

/** A fault-injection rule, matched in order against each request before routing. */
export interface FaultRule {
  id: string;
  method?: string; // GET, POST… (any when absent)
  /** Regular expression matched against the path (without query). */
  path: string;
  /** How many more requests it applies to; null = until removed. */
  times: number | null;
  action:
    | { type: 'latency'; ms: number }
    | { type: 'status'; status: number; body?: string; contentType?: string }
    | { type: 'html'; status: number }
    | { type: 'reset' }
    | { type: 'malformed-json'; status?: number };
}

export interface RequestLogEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: string;
  status: number;
  ms: number;
  service: 'identity' | 'compute' | 'image' | 'network' | 'volume' | 'workflow' | 'admin' | 'other';
}

export interface Timings {
  /** Duration of each snapshot phase (task-state step, Glance saving), ms. */
  snapshotPhaseMs: number;
  /** BUILD → ACTIVE, ms. */
  buildMs: number;
  /** Start/stop/reboot transitions, ms. */
  powerMs: number;
  /** Token lifetime, seconds. */
  tokenTtlSeconds: number;
}

/** One event of an instance action (os-instance-actions), e.g. compute_snapshot_instance. */
export interface ActionEvent {
  event: string;
  startTime: string;
  finishTime: string | null;
  result: 'Success' | 'Error' | null;
  traceback: string | null;
  details: string | null;
}

/** What Nova records per request on a server (os-instance-actions). */
export interface InstanceAction {
  action: string;
  instanceUuid: string;
  requestId: string;
  userId: string;
  projectId: string;
  startTime: string;
  updatedAt: string;
  message: string | null;
  events: ActionEvent[];
}

export interface CloudData {
  version: 1;
  domains: Domain[];
  projects: Project[];
  users: User[];
  tokens: Token[];
  flavors: Flavor[];
  keypairs: Keypair[];
  networks: Network[];
  images: Image[];
  servers: Server[];
  /** Instance actions by server id (absent in state files written before they were kept). */
  instanceActions?: Record<string, InstanceAction[]>;
  /** Cinder's volumes, snapshots, attachments, types and quotas (absent before issue 13). */
  cinder?: CinderData;
  /** Mistral's workflows, cron triggers and executions (absent before issue 14, or with --no-mistral). */
  mistral?: MistralData;
}

export const newId = (): string => randomUUID();

/** Nova's created/updated form: seconds, Z. */
export const novaTime = (d: Date = new Date()): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Nova's launched_at form: microseconds, no zone. */
export const novaLaunchedAt = (d: Date = new Date()): string => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000');
/** Glance's created_at form: seconds, Z. */
export const glanceTime = novaTime;
/** Keystone's expires_at form: microseconds, Z. */
export const keystoneTime = (d: Date): string => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** Indexed view over CloudData. Keeps arrays as the saved form and maps for look-ups. */
export class CloudState {
  data: CloudData;
  timings: Timings;
  /** Image bytes uploaded with PUT /file, by blob id. Saved beside the state file. */
  blobs = new Map<string, Buffer>();
  faults: FaultRule[] = [];
  requestLog: RequestLogEntry[] = [];
  private seq = 0;
  private listeners: (() => void)[] = [];
  private imagesById = new Map<string, Image>();
  private serversById = new Map<string, Server>();
  private tokensById = new Map<string, Token>();

  constructor(data: CloudData, timings: Timings) {
    this.data = data;
    this.timings = timings;
    this.reindex();
  }

  reindex(): void {
    this.imagesById = new Map(this.data.images.map((i) => [i.id, i]));
    this.serversById = new Map(this.data.servers.map((s) => [s.id, s]));
    this.tokensById = new Map(this.data.tokens.map((t) => [t.id, t]));
  }

  /** Call after every change; listeners (persistence) debounce the save. */
  touch(): void {
    for (const l of this.listeners) l();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  logRequest(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.requestLog.push({ ...entry, seq: ++this.seq });
    if (this.requestLog.length > 20000) this.requestLog.splice(0, this.requestLog.length - 20000);
  }

  // Tokens
  token(id: string): Token | undefined {
    return this.tokensById.get(id);
  }
  addToken(t: Token): void {
    // Drop tokens expired for more than a day so a long-running cloud does not grow.
    const cutoff = Date.now() - 86_400_000;
    if (this.data.tokens.length > 1000) {
      this.data.tokens = this.data.tokens.filter((x) => Date.parse(x.expiresAt) > cutoff);
      this.tokensById = new Map(this.data.tokens.map((x) => [x.id, x]));
    }
    this.data.tokens.push(t);
    this.tokensById.set(t.id, t);
  }

  // Images
  image(id: string): Image | undefined {
    return this.imagesById.get(id);
  }
  addImage(i: Image): void {
    this.data.images.push(i);
    this.imagesById.set(i.id, i);
  }
  removeImage(id: string): void {
    const img = this.imagesById.get(id);
    if (!img) return;
    this.imagesById.delete(id);
    this.data.images = this.data.images.filter((i) => i.id !== id);
    if (img.data.kind === 'blob') this.blobs.delete(img.data.blobId);
  }

  // Servers
  server(id: string): Server | undefined {
    return this.serversById.get(id);
  }
  addServer(s: Server): void {
    this.data.servers.push(s);
    this.serversById.set(s.id, s);
  }
  removeServer(id: string): void {
    this.serversById.delete(id);
    this.data.servers = this.data.servers.filter((s) => s.id !== id);
  }

  project(id: string): Project | undefined {
    return this.data.projects.find((p) => p.id === id);
  }
  user(id: string): User | undefined {
    return this.data.users.find((u) => u.id === id);
  }
  flavor(id: string): Flavor | undefined {
    return this.data.flavors.find((f) => f.id === id);
  }
}
