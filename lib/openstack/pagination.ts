// One pagination mechanism for the two link styles: Nova's `<resource>_links` (rel next,
// absolute, possibly naming another host behind a proxy) and Glance's `next` (a path
// relative to Glance's root). Links are fetched through `request({nextLink})`, which keeps
// only their path and query (see rebaseNextLink in client.ts): a host that came back in a
// response is never contacted.
import { z } from 'zod';
import type { RequestConn, RequestSpec, QueryValue } from './http';
import { request } from './http';
import { OpenStackError, type OpenStackService } from './errors';

export const linkSchema = z.looseObject({ rel: z.string(), href: z.string() });
export type Link = z.infer<typeof linkSchema>;

/** The href of the `rel: next` link of a Nova `*_links` array. */
export function nextHrefOf(links: readonly Link[] | null | undefined): string | null {
  return links?.find((l) => l.rel === 'next')?.href ?? null;
}

/** The `marker` query parameter of a next link (Nova and Glance both put it there). */
export function markerOf(href: string | null | undefined): string | null {
  if (!href) return null;
  return new URL(href, 'http://relative.invalid').searchParams.get('marker');
}

export const DEFAULT_MAX_PAGES = 50;

/**
 * Follows next links until there are none, up to `maxPages` pages. Reaching the cap, or a
 * link that repeats, is an error rather than a silent truncation.
 */
export async function* allPages<T>(
  service: OpenStackService,
  fetchPage: (nextLink: string | null) => Promise<{ items: T[]; nextLink: string | null }>,
  maxPages = DEFAULT_MAX_PAGES,
): AsyncGenerator<T[], void, undefined> {
  const seen = new Set<string>();
  let link: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const result = await fetchPage(link);
    yield result.items;
    if (result.nextLink === null || result.items.length === 0) return;
    if (seen.has(result.nextLink)) {
      throw new OpenStackError({
        service, method: 'GET', status: 200, kind: 'invalid-response',
        safeMessage: 'The service returned the same next-page link twice.',
      });
    }
    seen.add(result.nextLink);
    link = result.nextLink;
  }
  throw new OpenStackError({
    service, method: 'GET', status: 200, kind: 'invalid-response',
    safeMessage: `The list has more than ${maxPages} pages; stopped.`,
  });
}

/** Collects every item of `allPages`. */
export async function collectAll<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const items of pages) out.push(...items);
  return out;
}

/**
 * Every item of a paginated list: the first page from `path` + `query`, the next ones from
 * the next links the service returns.
 */
export async function listAllPages<S extends z.ZodType, T>(
  conn: RequestConn,
  spec: {
    service: OpenStackService;
    path: string;
    query?: Record<string, QueryValue>;
    parse: S;
    items: (data: z.output<S>) => T[];
    next: (data: z.output<S>) => string | null;
    maxPages?: number;
  },
): Promise<T[]> {
  const pages = allPages(spec.service, async (nextLink) => {
    const where: Pick<RequestSpec<S>, 'path' | 'query' | 'nextLink'> =
      nextLink === null ? { path: spec.path, query: spec.query } : { nextLink };
    const reply = await request(conn, { service: spec.service, method: 'GET', ...where, ok: [200], parse: spec.parse });
    const data = reply.data as z.output<S>;
    return { items: spec.items(data), nextLink: spec.next(data) };
  }, spec.maxPages);
  return collectAll(pages);
}
