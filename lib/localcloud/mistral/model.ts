// The local cloud's Mistral records, kept in the cloud's state (`data.mistral`) so that the
// state file saves them like servers and images. Plain data; times are epoch milliseconds
// on Mistral's own clock (clock.ts), which tests can move forward.
import type { CloudState } from '../state/state';

/** mistral/workflow/states.py */
export const EXECUTION_STATES = ['IDLE', 'RUNNING', 'SUCCESS', 'ERROR', 'PAUSED', 'CANCELLED'] as const;
export type ExecutionState = (typeof EXECUTION_STATES)[number];

export interface WorkflowRecord {
  id: string;
  name: string;
  namespace: string;
  /** The text as it was sent (one workflow) or as cut out of a text holding several. */
  definition: string;
  /** The parsed specification (dsl.ts), kept as Mistral keeps `spec`. */
  spec: WorkflowSpec;
  tags: string[];
  scope: 'private' | 'public';
  projectId: string;
  createdAt: number;
  updatedAt: number | null;
}

export type InputSpec = { name: string; required: true } | { name: string; required: false; default: unknown };

/** A transition target of on-success / on-error / on-complete: a task name. */
export interface TaskSpec {
  name: string;
  /** std.http, std.noop, std.echo or std.fail (dsl.ts refuses the others). */
  action: string;
  input: Record<string, unknown>;
  publish: Record<string, unknown>;
  onSuccess: string[];
  onError: string[];
  onComplete: string[];
}

export interface WorkflowSpec {
  name: string;
  description: string | null;
  tags: string[];
  input: InputSpec[];
  /** Keys in the order written (Mistral's interface lists them so). */
  output: Record<string, unknown>;
  outputDeclared: string[];
  tasks: TaskSpec[];
}

export interface CronTriggerRecord {
  id: string;
  name: string;
  workflowId: string;
  workflowName: string;
  workflowInput: Record<string, unknown>;
  workflowParams: Record<string, unknown>;
  projectId: string;
  /** The trust: runs act as this user in projectId (Mistral keeps a trust_id instead). */
  userId: string;
  trustId: string;
  pattern: string | null;
  remainingExecutions: number | null;
  firstExecutionTime: number | null;
  nextExecutionTime: number;
  createdAt: number;
  updatedAt: number | null;
}

export interface TaskExecutionRecord {
  id: string;
  name: string;
  state: ExecutionState;
  stateInfo: string | null;
  actionExecutionId: string;
  published: Record<string, unknown>;
}

export interface ExecutionRecord {
  id: string;
  workflowId: string;
  workflowName: string;
  workflowNamespace: string;
  description: string;
  tags: string[];
  params: Record<string, unknown>;
  state: ExecutionState;
  stateInfo: string | null;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  projectId: string;
  /** Who the run acts as: the caller, or the cron trigger's trust. */
  userId: string;
  /** The trigger that started it, if any (also in `description`, as Mistral writes it). */
  cronTriggerId: string | null;
  tasks: TaskExecutionRecord[];
  createdAt: number;
  updatedAt: number;
}

export interface MistralData {
  workflows: WorkflowRecord[];
  cronTriggers: CronTriggerRecord[];
  executions: ExecutionRecord[];
  /** How far Mistral's clock is ahead of the machine's (POST /__admin/clock). */
  clockOffsetMs: number;
}

export const emptyMistralData = (): MistralData => ({ workflows: [], cronTriggers: [], executions: [], clockOffsetMs: 0 });

/** The records of this cloud; a state without them (an older state file, a reset) gets empty ones. */
export function mistralData(state: CloudState): MistralData {
  state.data.mistral ??= emptyMistralData();
  return state.data.mistral;
}
