// Starting the local cloud: build its state (seed or state file), its context and app, and
// serve it on one port. createLocalCloud() gives the same cloud without listening, for
// in-process use through app.request() / app.fetch().
import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { createCloudApp } from './app';
import type { LocalCloudOptions, ResolvedOptions } from './config';
import { DEFAULT_TIMINGS, parseOptions, setServiceOptions } from './config';
import type { CloudContext, CloudEnv } from './context';
import type { Persistence } from './state/persistence';
import { attachPersistence, loadStateFile, seededData } from './state/persistence';
import { CloudState } from './state/state';

export interface LocalCloud {
  app: Hono<CloudEnv>;
  cloud: CloudContext;
  state: CloudState;
  options: ResolvedOptions;
  /** Set when a state file is used. */
  persistence: Persistence | null;
  /** Cancels simulated work and flushes the state file. */
  dispose(): Promise<void>;
}

export interface RunningLocalCloud {
  /** Base URL, e.g. http://127.0.0.1:5480 (OS_AUTH_URL is `${url}/identity`). */
  url: string;
  port: number;
  state: CloudState;
  cloud: CloudContext;
  app: Hono<CloudEnv>;
  close(): Promise<void>;
}

const hostForUrl = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

/** The cloud without a socket; `publicUrl` defaults to http://<host>:<port>. */
export function createLocalCloud(input: LocalCloudOptions = {}): LocalCloud {
  const options = parseOptions(input);
  // Callers pass `{ buildMs: undefined }` for "not set": those must not erase the defaults.
  const given = Object.fromEntries(Object.entries(options.timings).filter(([, v]) => v !== undefined));
  const timings = { ...DEFAULT_TIMINGS, ...given };
  let data = null;
  let blobs = new Map<string, Buffer>();
  if (options.stateFile && !options.reset) {
    const loaded = loadStateFile(options.stateFile);
    if (loaded) ({ data, blobs } = loaded);
  }
  const state = new CloudState(data ?? seededData(options.seed), timings);
  state.blobs = blobs;

  const timers = new Set<NodeJS.Timeout>();
  let disposed = false;
  const cloud: CloudContext = {
    state,
    publicUrl: options.publicUrl ?? `http://${hostForUrl(options.host)}:${options.port}`,
    timers,
    later(ms, fn) {
      if (disposed) return;
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    },
  };
  setServiceOptions(cloud, { regions: options.regions, availabilityZones: options.availabilityZones, neutron: options.neutron, mistral: options.mistral, cinder: options.cinder, glanceDownload: options.glanceDownload, initialTimings: { ...timings } });

  const persistence = options.stateFile
    ? attachPersistence(state, options.stateFile, { onError: (err) => options.log?.(`state file: save failed: ${err.message}`) })
    : null;
  // A new or reseeded state file is written at once, so that it exists from the start.
  if (persistence && !data) state.touch();

  const app = createCloudApp(cloud, { log: options.log });
  return {
    app, cloud, state, options, persistence,
    async dispose() {
      disposed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await persistence?.close();
    },
  };
}

/** Starts the local cloud on host:port (port 0 = a free port) and resolves once it listens.
 * It listens first and builds the cloud after, so every service module sees the final
 * public URL from the start (some capture it when their routes are built).
 * `overrideGlobalObjects` lets @hono/node-server swap the global Request/Response for its
 * faster ones: right for the standalone CLI, wrong inside another app's process (Next.js). */
export async function startLocalCloud(input: LocalCloudOptions = {}, serve: { overrideGlobalObjects?: boolean } = {}): Promise<RunningLocalCloud> {
  const options = parseOptions(input);
  let local: LocalCloud | null = null;
  const server = createAdaptorServer({
    // Until the cloud is built (a few ms after listen), say so rather than fail obscurely.
    fetch: (req, env) => (local ? local.app.fetch(req, env) : new Response('starting\n', { status: 503, headers: { 'Retry-After': '1' } })),
    hostname: options.host,
    overrideGlobalObjects: serve.overrideGlobalObjects ?? false,
  }) as HttpServer;
  // Clients keep connections alive (Playwright's request context, the app's fetch). Node's
  // 5 s idle timeout races a request sent just as the socket closes: ECONNRESET. Outlast them.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`Port ${options.port} on ${options.host} is already in use: stop what holds it or pick another with --port.`);
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${hostForUrl(options.host)}:${port}`;
  try {
    local = createLocalCloud({ ...input, publicUrl: options.publicUrl ?? url });
  } catch (err) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw err;
  }
  const built = local;

  let closing: Promise<void> | null = null;
  return {
    url, port, state: built.state, cloud: built.cloud, app: built.app,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await built.dispose();
      })();
      return closing;
    },
  };
}
