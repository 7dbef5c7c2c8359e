// The workflow tests of the contract suite skip, and send nothing to a workflow service,
// when the catalog has no workflowv2: the Zed tier without Mistral stays green.
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import { SEED } from '@/lib/localcloud/state/seed';
import { connect } from './connect';
import { localCloudTarget } from './local-cloud-target';
import { workflowContract, type WorkflowContractState } from './workflow-contract';

describe('the workflow contract on a cloud without Mistral', () => {
  const target = localCloudTarget({ mistral: false });
  let state: WorkflowContractState | null = null;
  const outcomes: string[] = [];

  beforeAll(async () => {
    const t = target();
    const { token, conn } = await connect(t);
    state = { t, token, conn, serverId: SEED.servers.web1, run: 'no-mistral' };
  });
  afterEach((ctx) => {
    outcomes.push(`${ctx.task.result?.state}`);
  });
  afterAll(() => {
    expect(outcomes).toHaveLength(7);
    expect(new Set(outcomes)).toEqual(new Set(['skip']));
    expect(state?.conn.endpoints.workflow).toBeUndefined();
  });

  workflowContract(() => {
    if (!state) throw new Error('no connection');
    return state;
  });
});
