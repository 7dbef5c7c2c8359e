import { describe, expect, it } from 'vitest';
import { backupCommand, backupInputSchema } from '@/lib/snapshots/contract';

const ID = 'b0000001-0000-4000-8000-000000000001';

describe('backupCommand', () => {
  it('is the issue’s command', () => {
    expect(backupCommand({ name: 'web-1-daily', backupType: 'daily', rotation: 2 }, ID)).toBe(`openstack server backup create --name web-1-daily --type daily --rotate 2 ${ID}`);
  });
  it('quotes names with spaces and shows placeholders for blanks', () => {
    expect(backupCommand({ name: 'before upgrade', backupType: ' ', rotation: '' }, ID)).toBe(`openstack server backup create --name 'before upgrade' --type <type> --rotate <rotation> ${ID}`);
  });
});

describe('backupInputSchema', () => {
  it('accepts rotation 1–30 given as text, as a number input sends it', () => {
    expect(backupInputSchema.parse({ name: ' n ', backupType: 'weekly', rotation: '30' })).toEqual({ name: 'n', backupType: 'weekly', rotation: 30 });
  });
  it('refuses a name or type with a lone surrogate, which Nova cannot store', () => {
    expect(backupInputSchema.safeParse({ name: 'n\uD800', backupType: 'daily', rotation: 1 }).success).toBe(false);
    expect(backupInputSchema.safeParse({ name: 'n', backupType: '\uDC00daily', rotation: 1 }).success).toBe(false);
    expect(backupInputSchema.safeParse({ name: 'n 😀', backupType: 'daily', rotation: 1 }).success).toBe(true);
  });
  it('refuses 0, 31 and fractions with a message on rotation', () => {
    for (const rotation of ['0', '31', '1.5', '']) {
      const r = backupInputSchema.safeParse({ name: 'n', backupType: 'daily', rotation });
      expect(r.success, rotation).toBe(false);
      if (!r.success) expect(r.error.issues[0]!.path).toEqual(['rotation']);
    }
  });
});
