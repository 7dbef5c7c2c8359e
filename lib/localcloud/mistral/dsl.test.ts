import { describe, expect, it } from 'vitest';
import createResp from '@/lib/testing/fixtures/openstack/mistral-workflows-create-resp.json';
import { inputString, interfaceOf, parseWorkflowList } from './dsl';
import { MistralFault } from './errors';
import { BACKUP_WORKFLOW } from './test-kit';

function refusal(text: string): MistralFault {
  try {
    parseWorkflowList(text);
  } catch (err) {
    if (err instanceof MistralFault) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const wf = (body: string) => `version: '2.0'\nwf:\n${body}`;

describe('parseWorkflowList', () => {
  it('reads the spike workflow: its text kept verbatim, input and interface as Mistral shows them', () => {
    const [parsed] = parseWorkflowList(BACKUP_WORKFLOW);
    expect(parsed!.definition).toBe(BACKUP_WORKFLOW);
    expect(parsed!.spec).toMatchObject({ name: 'nova_backup', tags: [], description: expect.stringMatching(/^Nova createBackup/) });
    expect(parsed!.spec.tasks).toEqual([expect.objectContaining({ name: 'create_backup', action: 'std.http', onSuccess: [], onError: [], onComplete: [] })]);
    const sample = createResp.workflows[0]!;
    expect(inputString(parsed!.spec.input)).toBe(sample.input);
    expect(interfaceOf(parsed!.spec)).toEqual(sample.interface);
  });

  it('cuts each workflow out of a text that holds several', () => {
    const list = parseWorkflowList(`version: '2.0'\na:\n  tasks:\n    t:\n      action: std.noop\nb:\n  tags: [x]\n  tasks:\n    t:\n      action: std.noop\n`);
    expect(list.map((p) => p.spec.name)).toEqual(['a', 'b']);
    expect(list[1]!.definition).toMatch(/^version: "?'?2\.0/);
    expect(list[1]!.definition).toContain('b:');
    expect(list[1]!.definition).not.toContain('a:');
    expect(list[1]!.spec.tags).toEqual(['x']);
  });

  it('refuses what Mistral refuses, with its words', () => {
    expect(refusal('version: "2.0"\nwf: [').message).toMatch(/^Definition could not be parsed: /);
    expect(refusal(`version: '1.0'\nwf:\n  tasks:\n    t: {}`).message).toBe('Unsupported DSL version: 1.0');
    expect(refusal(`version: '2.0'`).message).toBe("At least one item must be in the list [data={'version': '2.0'}].");
    expect(refusal(wf('  tasks:\n    t:\n      action: std.noop\n  colour: blue')).message).toBe("Invalid DSL: Additional properties are not allowed ('colour' was unexpected)");
    expect(refusal(wf('  input: [a]')).message).toBe("Invalid DSL: 'tasks' is a required property");
    expect(refusal(wf('  tasks:\n    t:\n      action: std.noop\n      on-success: [nowhere]')).message).toBe("Task 'nowhere' not found.");
    expect(refusal(`version: '2.0'\n3e0b5413-f75e-4bb6-a27f-89bb308a12f7:\n  tasks:\n    t:\n      action: std.noop`).message).toBe('Workflow name cannot be in the format of UUID.');
    expect(refusal(wf('  tasks:\n    t:\n      action: std.http\n      input:\n        method: GET')).message).toBe("Invalid input [name=std.http, class=HTTPAction, missing=['url']]");
    for (const r of [refusal('version: "2.0"\nwf: ['), refusal(`version: '1.0'\nwf:\n  tasks:\n    t: {}`)]) expect(r.status).toBe(400);
  });

  it('refuses, with a 400 that says so, what Mistral accepts but the local cloud does not run', () => {
    const cases: [string, RegExp][] = [
      [wf('  type: reverse\n  tasks:\n    t:\n      action: std.noop'), /reverse workflow/],
      [wf('  vars: {a: 1}\n  tasks:\n    t:\n      action: std.noop'), /uses 'vars'/],
      [wf('  tasks:\n    t:\n      action: std.noop\n      retry: {count: 3, delay: 1}'), /task 't' of workflow 'wf' uses 'retry'/],
      [wf('  tasks:\n    t:\n      workflow: other'), /uses 'workflow'/],
      [wf('  tasks:\n    t:\n      action: std.ssh\n      input: {cmd: ls, host: h, username: u}'), /runs std\.ssh; it runs only std\.http, std\.noop, std\.echo, std\.fail/],
      [wf('  tasks:\n    t:\n      action: std.echo output="Hi"'), /inline parameters/],
      [wf('  tasks:\n    t:\n      action: std.noop\n      on-success:\n        - u: <% $.ok %>\n    u:\n      action: std.noop'), /conditional transition/],
      [wf('  tasks:\n    t:\n      action: std.noop\n      on-error: [fail]'), /engine command 'fail'/],
      [wf('  tasks:\n    t:\n      action: std.http\n      input:\n        url: http://x\n        auth: "u:p"'), /passes 'auth' to std\.http/],
      [wf('  tasks:\n    t:\n      action: std.noop\n      publish:\n        n: <% len($.x) %>'), /does not evaluate the YAQL expression 'len\(\$\.x\)'/],
      [wf('  output:\n    x: "{{ _.y }}"\n  tasks:\n    t:\n      action: std.noop'), /Jinja/],
    ];
    for (const [text, message] of cases) {
      const err = refusal(text);
      expect(err.status, text).toBe(400);
      expect(err.message, text).toMatch(message);
    }
  });

  it('accepts an action it does not know (Mistral fails the task when it runs)', () => {
    const [p] = parseWorkflowList(wf('  tasks:\n    t:\n      action: nova.servers_backup\n      input: {server_id: x}'));
    expect(p!.spec.tasks[0]!.action).toBe('nova.servers_backup');
  });
});
