import { describe, expect, it } from 'vitest';
import { makeZodJitless } from './zod-jitless';

describe('makeZodJitless', () => {
  it('is what zod reads when set before zod loads', async () => {
    makeZodJitless();
    const { config } = await import('zod');
    expect(config().jitless).toBe(true);
  });

  it('reaches zod when it has already loaded', async () => {
    const { config } = await import('zod');
    config({ jitless: false });
    makeZodJitless();
    expect(config().jitless).toBe(true);
  });
});
