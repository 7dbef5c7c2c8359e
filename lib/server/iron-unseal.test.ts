import { sealData, unsealData } from 'iron-session';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { unsealSync } from './iron-unseal';

const PASSWORDS = { '1': 'p'.repeat(32), '2': 'q'.repeat(48) };
const DATA = { tokenId: 'gAAAAABn'.padEnd(200, 'x'), user: { name: 'démo ✓' }, createdAt: 1_790_000_000_000, seenAt: 1_790_000_000_000 };
const T0 = Date.parse('2026-12-01T12:00:00Z');

afterEach(() => {
  vi.useRealTimers();
});

/** iron-session's own reading: the data, or null where it answers {} or throws. */
async function ironReads(seal: string, passwords: Record<string, string>): Promise<unknown> {
  try {
    const data: object = await unsealData(seal, { password: passwords });
    return Object.keys(data).length === 0 ? null : data;
  } catch {
    return null;
  }
}

describe('unsealSync', () => {
  it('reads what iron-session seals, with the newest password or an older one still listed', async () => {
    const seal = await sealData(DATA, { password: PASSWORDS, ttl: 3600 });
    expect(seal).toMatch(/^Fe26\.2\*2\*/);
    expect(unsealSync(seal, PASSWORDS)).toEqual(DATA);
    const older = await sealData(DATA, { password: { '1': PASSWORDS['1'] }, ttl: 3600 });
    expect(unsealSync(older, PASSWORDS)).toEqual(DATA);
    expect(unsealSync(older, { '2': PASSWORDS['2'] })).toBeNull();
  });

  it('refuses a seal past its expiry plus iron\'s 60 s of skew, as iron does', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const seal = await sealData(DATA, { password: PASSWORDS, ttl: 600 });
    for (const [after, readable] of [[600_000 + 30_000, true], [600_000 + 61_000, false]] as const) {
      vi.setSystemTime(T0 + after);
      expect(unsealSync(seal, PASSWORDS)).toEqual(readable ? DATA : null);
      expect(await ironReads(seal, PASSWORDS)).toEqual(readable ? DATA : null);
    }
  });

  it('refuses every changed character, anywhere in the seal, never throwing', async () => {
    const seal = await sealData(DATA, { password: PASSWORDS, ttl: 3600 });
    // One position in each of the 8 parts and in the version, and a few more.
    const parts = seal.split(/[*~]/);
    const positions: number[] = [];
    let at = 0;
    for (const p of parts) {
      positions.push(at, at + Math.floor(p.length / 2));
      at += p.length + 1;
    }
    for (const i of new Set([...positions, seal.length - 1])) {
      if (i >= seal.length || seal[i] === '*' || seal[i] === '~') continue;
      const changed = seal.slice(0, i) + (seal[i] === 'A' ? 'B' : 'A') + seal.slice(i + 1);
      expect(unsealSync(changed, PASSWORDS), `position ${i}`).toBeNull();
      expect(await ironReads(changed, PASSWORDS), `position ${i}`).toBeNull();
    }
  });

  it('refuses malformed seals, other versions, unknown or inherited password ids and short passwords', async () => {
    const seal = await sealData(DATA, { password: PASSWORDS, ttl: 3600 });
    const [sealed] = seal.split('~');
    const parts = sealed!.split('*');
    const withId = (id: string) => [parts[0], id, ...parts.slice(2)].join('*') + '~2';
    for (const bad of [
      '', 'x', '~2', sealed!, `${sealed}~1`, `${sealed}~2~2`, `${parts.slice(0, 7).join('*')}~2`, `${sealed}*x~2`,
      seal.replace('Fe26.2', 'Fe26.1'), withId('3'), withId('constructor'), withId('__proto__'),
      seal.replace(`*${parts[5]}*`, '*12ab*'),
    ]) {
      expect(unsealSync(bad, PASSWORDS), bad.slice(0, 40)).toBeNull();
    }
    expect(unsealSync(seal, { '1': PASSWORDS['1'], '2': 'short' })).toBeNull();
  });

  it('reads the same as iron-session for many sessions', async () => {
    for (let i = 0; i < 25; i++) {
      const data = { ...DATA, n: i, text: 'é'.repeat(i * 7) };
      const seal = await sealData(data, { password: PASSWORDS, ttl: 60 + i });
      expect(unsealSync(seal, PASSWORDS)).toEqual(await ironReads(seal, PASSWORDS));
    }
  });
});
