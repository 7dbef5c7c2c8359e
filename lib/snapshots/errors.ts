// Nova's refusals of createImage/createBackup, explained in words a user can act on. The
// messages come from Nova (nova/api/openstack/common.py raise_http_conflict_for_instance_
// invalid_state: "Cannot 'createImage' instance <id> while it is in task_state <s>").
import { taskStateWords } from '@/lib/instances/rules';
import type { OpenStackError } from '@/lib/openstack/errors';

export function explainSnapshotRefusal(err: Pick<OpenStackError, 'status' | 'safeMessage'>, action: 'snapshot' | 'backup' = 'snapshot'): { status: number; message: string } | null {
  const said = err.safeMessage;
  if (err.status === 409) {
    const task = /task_state (\w+)/.exec(said)?.[1];
    if (task) {
      return {
        status: 409,
        message: `A task is already running on this instance: ${taskStateWords(task)} (task_state ${task}). Nova accepts a new ${action} only when it has ended.`,
      };
    }
    const vm = /vm_state (\w+)/.exec(said)?.[1];
    if (vm) return { status: 409, message: `Nova does not take a ${action} of an instance in vm_state ${vm}.` };
    if (/launched_at/.test(said)) return { status: 409, message: `The instance has never been launched: Nova cannot take a ${action} of it.` };
    return { status: 409, message: `Nova refused the ${action} (conflict): ${said}` };
  }
  if (err.status === 413) return { status: 413, message: `A quota was exceeded: ${said}` };
  if (err.status === 403) {
    const quota = /quota/i.test(said);
    return { status: 403, message: quota ? `A quota was exceeded: ${said}` : `Not allowed by the cloud's policy: ${said}` };
  }
  if (err.status === 400) return { status: 400, message: `Nova refused the ${action}: ${said}` };
  if (err.status === 404) return { status: 404, message: 'This instance no longer exists.' };
  return null;
}
