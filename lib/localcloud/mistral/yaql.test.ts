import { describe, expect, it } from 'vitest';
import { pyStrOf } from './python';
import { evaluateRecursively, evaluateString, ExpressionError, parseExpression, UnsupportedExpression, validateExpressions, type EvalContext } from './yaql';

const ctx = (over: Partial<EvalContext> = {}): EvalContext => ({
  layers: [{ published: 'p', shadow: 'inbound' }, { openstack: { auth_token: 'tok' }, shadow: 'context' }, { compute_url: 'http://c/v2.1', server_id: 's1', rotation: 2, gone: null }],
  currentTask: { id: 't', name: 'create_backup', state: 'SUCCESS', state_info: null, result: { status: 202, content: { image_id: 'i1' } }, published: {} },
  taskByName: (n) => (n === 'other' ? { id: 'o', name: 'other', state: 'ERROR', state_info: 'x', result: 'r', published: {} } : null),
  ...over,
});

describe('the YAQL subset', () => {
  it('evaluates the spike workflow\'s expressions', () => {
    expect(evaluateString('<% $.compute_url %>/servers/<% $.server_id %>/action', ctx(), pyStrOf)).toBe('http://c/v2.1/servers/s1/action');
    expect(evaluateString('<% $.openstack.auth_token %>', ctx(), pyStrOf)).toBe('tok');
    // A whole-string expression keeps its type.
    expect(evaluateString('<% $.rotation %>', ctx(), pyStrOf)).toBe(2);
    expect(evaluateString('<% task().result.status %>', ctx(), pyStrOf)).toBe(202);
    expect(evaluateString('<%task().result.content.image_id%>', ctx(), pyStrOf)).toBe('i1');
    expect(evaluateString("<% task('other').state %>", ctx(), pyStrOf)).toBe('ERROR');
  });

  it('reads the context view in order (task inbound, then the execution context, then the input)', () => {
    expect(evaluateString('<% $.shadow %>', ctx(), pyStrOf)).toBe('inbound');
    expect(evaluateString('<% $.missing %>', ctx(), pyStrOf)).toBeNull();
    expect(evaluateString('n=<% $.gone %> r=<% $.rotation %> <% $.rotation %>', ctx(), pyStrOf)).toBe('n=None r=2 2');
  });

  it('fails like Mistral on a key of something that is not a dict', () => {
    expect(() => evaluateString('<% $.gone.x %>', ctx(), pyStrOf)).toThrow(ExpressionError);
    expect(() => evaluateString('<% $.gone.x %>', ctx(), pyStrOf)).toThrow(/^Can not evaluate YAQL expression \[expression=\$\.gone\.x, error=No method "#operator_\." for receiver NoneType/);
    expect(() => evaluateString("<% task('nope').result %>", ctx(), pyStrOf)).toThrow(ExpressionError);
  });

  it('evaluates every string of a structure and leaves other values', () => {
    expect(evaluateRecursively({ h: { 'X-Auth-Token': '<% $.openstack.auth_token %>', n: 1 }, l: ['<% $.server_id %>'] }, ctx(), pyStrOf))
      .toEqual({ h: { 'X-Auth-Token': 'tok', n: 1 }, l: ['s1'] });
  });

  it('refuses what it does not evaluate, naming it', () => {
    for (const e of ['$.a + 1', 'len($.a)', '$.a[0]', '$.a.where($ > 1)', 'env().x', "execution().id", '$x']) {
      expect(() => parseExpression(e), e).toThrow(UnsupportedExpression);
    }
    expect(() => validateExpressions({ a: ['ok <% $.x %>', { b: '<% $.x or $.y %>' }] })).toThrow(/does not evaluate the YAQL expression '\$\.x or \$\.y'/);
    expect(() => validateExpressions('{{ _.x }}')).toThrow(/Jinja/);
    expect(() => validateExpressions({ plain: 'no expressions', n: 3 })).not.toThrow();
  });
});
