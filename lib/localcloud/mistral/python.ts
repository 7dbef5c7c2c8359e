// How Mistral, a Python service, writes values: json.dumps (the JSON strings of its `json`
// fields), str() of a dict (a failed task's state_info), and datetime_to_str (its times).
// Clients compare and parse these, so the local cloud writes them the same way.

/** json.dumps(value) with Python's defaults: ", " and ": " separators, ensure_ascii. */
export function pyJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN';
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyJsonDumps(k)}: ${pyJsonDumps(v)}`).join(', ')}}`;
  }
  return 'null';
}

function pyStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${quote}${out}${quote}`;
}

/** repr()/str() of a JSON-like value as Python prints it: {'status': 404, 'ok': True, 'x': None}. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
  if (typeof value === 'string') return pyStr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyStr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
  return 'None';
}

/** str(value) where Mistral concatenates an expression's result into text. */
export const pyStrOf = (value: unknown): string => (typeof value === 'string' ? value : pyRepr(value));

/** mistral_lib datetime_to_str: "YYYY-MM-DD HH:MM:SS", UTC, whole seconds. */
export const mistralTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
export const mistralTimeOrNull = (ms: number | null): string | null => (ms === null ? null : mistralTime(ms));
