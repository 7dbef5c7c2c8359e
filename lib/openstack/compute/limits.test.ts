import { expect, it } from 'vitest';
import { fakeConnection, fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { getLimits } from './limits';

const fake = withFakeServer();

it('reads absolute limits (sample limits v2.57) and maps -1 to unlimited', async () => {
  const unlimited = structuredClone(fixture('nova-limits-2.57.json')) as { limits: { absolute: Record<string, number> } };
  unlimited.limits.absolute.maxTotalCores = -1;
  fake().expect(
    { method: 'GET', path: '/compute/v2.1/limits', reply: { status: 200, json: fixture('nova-limits-2.57.json') } },
    { method: 'GET', path: '/compute/v2.1/limits', reply: { status: 200, json: unlimited } },
  );
  expect(await getLimits(fakeConnection(fake()))).toEqual({
    instances: { max: 10, used: 0 }, cores: { max: 20, used: 0 }, ram: { max: 51200, used: 0 },
  });
  expect((await getLimits(fakeConnection(fake()))).cores).toEqual({ max: null, used: 0 });
});
