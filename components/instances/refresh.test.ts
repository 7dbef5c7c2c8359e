import { describe, expect, it } from 'vitest';
import type { InstanceRow, ServersPage } from '@/lib/instances/instance-view';
import { needsFastRefresh, withServerState } from './refresh';

const row = (id: string, status: string, taskState: string | null = null) => ({ id, status, taskState });
const none = new Set<string>();

describe('needsFastRefresh', () => {
  it('is slow when nothing moves', () => {
    expect(needsFastRefresh([row('a', 'ACTIVE'), row('b', 'SHUTOFF')], none, none)).toBe(false);
  });
  it('is fast for any task state or BUILD', () => {
    expect(needsFastRefresh([row('a', 'ACTIVE', 'image_uploading')], none, none)).toBe(true);
    expect(needsFastRefresh([row('a', 'BUILD')], none, none)).toBe(true);
  });
  it('leaves a row the snapshot tracker follows to the tracker, but not the others', () => {
    expect(needsFastRefresh([row('a', 'ACTIVE', 'image_uploading')], none, new Set(['a']))).toBe(false);
    expect(needsFastRefresh([row('a', 'ACTIVE', 'image_uploading'), row('b', 'BUILD')], none, new Set(['a']))).toBe(true);
  });
  it('follows just-launched instances until ACTIVE or ERROR', () => {
    expect(needsFastRefresh([row('a', 'SHUTOFF')], new Set(['a']), none)).toBe(true);
    expect(needsFastRefresh([row('a', 'ERROR')], new Set(['a']), none)).toBe(false);
    expect(needsFastRefresh([row('a', 'ACTIVE')], new Set(['a']), none)).toBe(false);
  });
});

describe('withServerState', () => {
  const page: ServersPage = { servers: [row('a', 'ACTIVE'), row('b', 'ACTIVE')] as unknown as InstanceRow[], nextMarker: null };
  it("writes the tracker's reading into that row only", () => {
    const next = withServerState(page, 'a', { status: 'ACTIVE', taskState: 'image_uploading' })!;
    expect(next.servers.map((s) => s.taskState)).toEqual(['image_uploading', null]);
    expect(next.servers[1]).toBe(page.servers[1]);
  });
  it('keeps the same page when nothing changes or the server is elsewhere', () => {
    expect(withServerState(page, 'a', { status: 'ACTIVE', taskState: null })).toBe(page);
    expect(withServerState(page, 'z', { status: 'ACTIVE', taskState: 'image_uploading' })).toBe(page);
    expect(withServerState(undefined, 'a', { status: 'ACTIVE', taskState: null })).toBeUndefined();
  });
});
