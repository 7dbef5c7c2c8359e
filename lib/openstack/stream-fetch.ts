// The transport of a streamed answer (image data): a fetch over node:http(s) whose body
// arrives in ~1 MiB chunks. Node's fetch (undici) hands a body over in 64 KiB pieces, each
// copied twice on the way (into its parser's wasm memory, then into a new Uint8Array) and
// each passed through an async iterator and a byte stream: a third of the app's CPU for a
// download relayed to a browser (issue 12). Here the socket's pieces are gathered in flowing
// mode, with no promise per piece, and handed over 1 MiB at a time, so that whatever reads
// the body (Next's pipe to the socket) pays its per-chunk cost once per MiB.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Bytes gathered before a chunk is handed over (the last one may be smaller). */
export const STREAM_CHUNK_BYTES = 1024 * 1024;

/** How long the body may stay silent while it is being read (undici's bodyTimeout). */
export const BODY_IDLE_MS = 300_000;

export interface StreamingOptions {
  /** Bytes gathered before a chunk is handed over. */
  chunkBytes?: number;
  /** Silence of the server, while the body is being read, after which the body fails. */
  idleMs?: number;
}

/** Statuses whose answer has no body (fetch's null-body statuses). */
const NULL_BODY = new Set([204, 205, 304]);

/**
 * fetch for an answer whose body is read as a stream: the request has no body, redirects are
 * not followed (the 3xx answer is returned, as fetch's `redirect: 'manual'` does on the
 * server), and no compression is asked for. Aborting `init.signal` rejects with its reason
 * before the answer, and errors the body with it after; cancelling the body closes the
 * connection, so the server stops sending.
 */
export function streamingFetch(input: string | URL, init: RequestInit = {}, opts: StreamingOptions = {}): Promise<Response> {
  if (init.body !== undefined && init.body !== null) return Promise.reject(new TypeError('streamingFetch sends no request body'));
  if (init.redirect !== undefined && init.redirect !== 'manual') return Promise.reject(new TypeError('streamingFetch follows no redirect'));
  const url = new URL(input);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new TypeError(`streamingFetch: unsupported protocol ${url.protocol}`));
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason);

  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => {
    headers[name] = value;
  });
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Response>((resolve, reject) => {
    const req = send(url, { method: init.method ?? 'GET', headers });
    const onAbort = () => req.destroy(signal!.reason instanceof Error ? signal!.reason : new DOMException('This operation was aborted', 'AbortError'));
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => {
      signal?.removeEventListener('abort', onAbort);
      // An abort rejects with the signal's reason, as fetch does; anything else as fetch's "fetch failed".
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: err }));
    });
    req.once('response', (res) => {
      signal?.removeEventListener('abort', onAbort);
      const h = new Headers();
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
      const status = res.statusCode ?? 0;
      if (NULL_BODY.has(status) || init.method === 'HEAD') {
        res.resume();
        resolve(new Response(null, { status, statusText: res.statusMessage ?? '', headers: h }));
        return;
      }
      const body = gathered(res, { target: opts.chunkBytes ?? STREAM_CHUNK_BYTES, idleMs: opts.idleMs ?? BODY_IDLE_MS, signal });
      resolve(new Response(body, { status, statusText: res.statusMessage ?? '', headers: h }));
    });
    req.end();
  });
}

/**
 * `source`'s bytes in chunks of at least `target` bytes (the last may be smaller). The
 * source flows until a chunk is full, then pauses until the consumer takes it: memory stays
 * at about two chunks (the one being gathered and the one being written). The stream fails
 * when the source closes before its end (the server went away), when `signal` aborts, and
 * when the server sends nothing for `idleMs` while a read waits for it (a consumer that
 * reads slowly, a browser's paused download, is no silence of the server).
 */
export function gathered(source: IncomingMessage, o: { target: number; idleMs: number; signal?: AbortSignal | undefined }): ReadableStream<Uint8Array> {
  const { target, idleMs, signal } = o;
  let parts: Buffer[] = [];
  let size = 0;
  let ended = false;
  let failed = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let wake: (() => void) | null = null;
  let idle: NodeJS.Timeout | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const stop = () => signal?.removeEventListener('abort', onAbort);
  // At once, not at the next read: a reader waiting for data learns of the failure now.
  const fail = (reason: unknown) => {
    if (failed || ended) return;
    failed = true;
    stop();
    parts = [];
    controller.error(reason);
    source.destroy();
    poke();
  };
  const onAbort = () => fail(signal!.reason);

  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      if (signal?.aborted) return fail(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      source.on('data', (chunk: Buffer) => {
        idle?.refresh();
        parts.push(chunk);
        size += chunk.length;
        if (size >= target) {
          source.pause();
          poke();
        }
      });
      source.once('end', () => {
        ended = true;
        stop();
        poke();
      });
      source.on('error', fail);
      // 'close' without 'end': the connection went before the body was whole.
      source.once('close', () => fail(new Error('The connection closed before the body was complete.')));
      // Nothing is read before the first pull.
      source.pause();
    },
    async pull() {
      if (size < target && !ended && !failed) {
        idle = setTimeout(() => fail(new Error(`The server sent nothing for ${idleMs / 1000} s.`)), idleMs);
      }
      while (size < target && !ended && !failed) {
        source.resume();
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      if (idle) clearTimeout(idle);
      idle = null;
      if (failed) return;
      if (size > 0) {
        controller.enqueue(parts.length === 1 ? parts[0]! : Buffer.concat(parts, size));
        parts = [];
        size = 0;
      }
      if (ended) controller.close();
      // The next chunk is gathered while this one is written.
      else source.resume();
    },
    cancel() {
      failed = true;
      if (idle) clearTimeout(idle);
      stop();
      parts = [];
      source.destroy();
      poke();
    },
  }, { highWaterMark: 0 });
}
