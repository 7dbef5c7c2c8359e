// The state file: reload round trip, atomic saves, blobs beside it, clear errors.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIMINGS } from '../config';
import { StateFileError, attachPersistence, loadStateFile, seededData } from './persistence';
import { baseImage, SEED } from './seed';
import { CloudState } from './state';
import { createLocalCloud } from '../server';
import { login, until } from '../test-helpers';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'localcloud-state-'));
  dirs.push(dir);
  return path.join(dir, 'sub', 'cloud.json');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const readState = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('round trip', () => {
  it('saves after a change and reloads tokens, servers and uploaded bytes', async () => {
    const file = tempFile();
    const first = createLocalCloud({ stateFile: file });
    await first.persistence!.flush();
    expect(existsSync(file)).toBe(true); // a new state file is written at once

    const token = await login(first.app);
    // An action recorded by Nova (here: a stop) is kept with the state.
    const stop = await first.app.request(`/compute/v2.1/servers/${SEED.servers.web1}/action`, { method: 'POST', headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' }, body: JSON.stringify({ 'os-stop': null }) });
    expect(stop.status).toBe(202);
    await first.app.request(`/__admin/servers/${SEED.servers.web1}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ vmState: 'stopped', powerState: 4 }) });
    const bytes = Buffer.from('uploaded image bytes');
    first.state.blobs.set('blob-1', bytes);
    first.state.addImage(baseImage({ id: 'e0000001-0000-4000-8000-000000000001', name: 'uploaded', owner: SEED.projects.demo, data: { kind: 'blob', blobId: 'blob-1' } }, bytes.length, new Date()));
    first.state.touch();
    await until('the debounced save', () => readState(file).images.length === 9);
    await first.dispose();
    expect(readFileSync(`${file}.blobs/blob-1`, 'utf8')).toBe('uploaded image bytes');

    const second = createLocalCloud({ stateFile: file });
    expect(second.state.server(SEED.servers.web1)).toMatchObject({ vmState: 'stopped', powerState: 4 });
    expect(second.state.data.instanceActions?.[SEED.servers.web1]?.map((a) => a.action)).toEqual(['stop']);
    expect(second.state.image('e0000001-0000-4000-8000-000000000001')?.name).toBe('uploaded');
    expect(second.state.blobs.get('blob-1')?.toString()).toBe('uploaded image bytes');
    expect((await second.app.request('/identity/v3/auth/projects', { headers: { 'X-Auth-Token': token } })).status).toBe(200);

    // Removing the image removes its bytes from disk at the next save.
    second.state.removeImage('e0000001-0000-4000-8000-000000000001');
    second.state.touch();
    await second.dispose();
    expect(existsSync(`${file}.blobs/blob-1`)).toBe(false);
  });

  it('--reset reseeds and overwrites the file', async () => {
    const file = tempFile();
    const a = createLocalCloud({ stateFile: file });
    a.state.removeServer(SEED.servers.web1);
    a.state.touch();
    await a.dispose();
    expect(createLocalCloud({ stateFile: file }).state.server(SEED.servers.web1)).toBeUndefined();
    const b = createLocalCloud({ stateFile: file, reset: true });
    expect(b.state.server(SEED.servers.web1)).toBeDefined();
    await b.dispose();
    expect(readState(file).servers.some((s: any) => s.id === SEED.servers.web1)).toBe(true);
  });

  it('debounces bursts of changes into few writes', async () => {
    const file = tempFile();
    const state = new CloudState(seededData(), { ...DEFAULT_TIMINGS });
    const p = attachPersistence(state, file, { debounceMs: 30 });
    for (let i = 0; i < 200; i++) state.touch();
    await p.flush();
    expect(p.saves).toBe(1);
    await p.close();
  });
});

describe('crash safety', () => {
  it('a save interrupted before its rename leaves the previous state whole', async () => {
    const file = tempFile();
    const state = new CloudState(seededData(), { ...DEFAULT_TIMINGS });
    let crash = false;
    const errors: Error[] = [];
    const p = attachPersistence(state, file, {
      hooks: { beforeRename: () => { if (crash) throw new Error('power cut'); } },
      onError: (e) => errors.push(e),
    });
    state.touch();
    await p.flush();
    const before = readFileSync(file, 'utf8');

    crash = true;
    state.removeServer(SEED.servers.web1);
    state.touch();
    await expect(p.flush()).rejects.toThrow('power cut');
    expect(errors.map((e) => e.message)).toEqual(['power cut']);
    // The old file is untouched and valid; the new content sits in the temp file only.
    expect(readFileSync(file, 'utf8')).toBe(before);
    const leftovers = readdirSync(path.dirname(file)).filter((n) => n.includes('.tmp-'));
    expect(leftovers).toEqual([`cloud.json.tmp-${process.pid}`]);
    const loaded = loadStateFile(file)!;
    expect(loaded.data.servers.some((s) => s.id === SEED.servers.web1)).toBe(true);
    // Loading cleans what the crashed save left.
    expect(readdirSync(path.dirname(file)).filter((n) => n.includes('.tmp-'))).toEqual([]);

    crash = false;
    state.touch();
    await p.close();
    expect(readState(file).servers.some((s: any) => s.id === SEED.servers.web1)).toBe(false);
  });

  it('writes image bytes before the state that names them', async () => {
    const file = tempFile();
    const state = new CloudState(seededData(), { ...DEFAULT_TIMINGS });
    const order: string[] = [];
    const p = attachPersistence(state, file, { hooks: { beforeRename: (target) => { order.push(path.basename(target)); } } });
    state.blobs.set('b1', Buffer.from('x'));
    state.touch();
    await p.close();
    expect(order).toEqual(['b1', 'cloud.json']);
  });
});

describe('bad state files', () => {
  it('names the file and the way out when it is not JSON', () => {
    const file = tempFile();
    const dir = path.dirname(file);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, '{"version": 1, "domains": [');
    expect(() => loadStateFile(file)).toThrow(StateFileError);
    expect(() => createLocalCloud({ stateFile: file })).toThrow(/cloud\.json cannot be used: it is not JSON .*--reset/);
    // --reset does not read it.
    expect(() => createLocalCloud({ stateFile: file, reset: true })).not.toThrow();
  });

  it('says which part is wrong when the shape is not a cloud state', () => {
    const file = tempFile();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ ...seededData(), servers: 'many' }));
    expect(() => loadStateFile(file)).toThrow(/servers: /);
    writeFileSync(file, JSON.stringify({ ...seededData(), version: 2 }));
    expect(() => loadStateFile(file)).toThrow(/version/);
  });

  it('refuses a state that names image bytes that are missing', () => {
    const file = tempFile();
    mkdirSync(path.dirname(file), { recursive: true });
    const data = seededData();
    data.images.push(baseImage({ id: 'x', name: 'x', owner: null, data: { kind: 'blob', blobId: 'gone' } }, 1, new Date()));
    writeFileSync(file, JSON.stringify(data));
    expect(() => loadStateFile(file)).toThrow(/image data gone is missing/);
  });
});
