// Does a server's user data install qemu-guest-agent? The local cloud's guests run the
// agent when their image ships it or when cloud-init installs it at first boot, so this
// reads user data the way cloud-init would: base64 (as Nova stores it), optionally gzip,
// then a #cloud-config document, a shell script, a #cloud-config-archive, or a MIME
// multi-part message holding any of those.
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';

const AGENT_PACKAGE = 'qemu-guest-agent';
const PACKAGE_MANAGERS = new Set(['apt-get', 'apt', 'dnf', 'yum', 'zypper', 'apk', 'pacman', 'microdnf', 'tdnf']);
const INSTALL_VERBS = new Set(['install', 'add', 'in', '-S', '-Sy', '-Syu', '--sync']);
/** MIME multi-part nests; a hostile document must not recurse without end. */
const MAX_DEPTH = 5;

/** Decodes Nova's base64 user_data (lenient like Python's base64.decodebytes). */
export function decodeUserData(base64: string): Buffer {
  const raw = Buffer.from(base64.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  // cloud-init accepts gzip-compressed user data and decompresses it first.
  if (raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

/** True when the (base64) user data makes cloud-init install qemu-guest-agent. */
export function userDataInstallsGuestAgent(userDataBase64: string | null | undefined): boolean {
  if (!userDataBase64) return false;
  return partInstallsAgent(decodeUserData(userDataBase64).toString('utf8'), null, 0);
}

/** One user-data part; `contentType` comes from a MIME header when there is one. */
function partInstallsAgent(text: string, contentType: string | null, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const body = stripJinjaHeader(text);
  const type = contentType?.toLowerCase() ?? '';
  if (type.startsWith('multipart/') || (!contentType && /^(mime-version|content-type):/im.test(firstLines(body)) && /multipart\//i.test(firstLines(body)))) {
    return multipartInstallsAgent(body, depth);
  }
  if (type === 'text/cloud-config' || (!contentType && body.startsWith('#cloud-config') && !body.startsWith('#cloud-config-archive'))) {
    return cloudConfigInstallsAgent(body);
  }
  if (type === 'text/cloud-config-archive' || (!contentType && body.startsWith('#cloud-config-archive'))) {
    return archiveInstallsAgent(body, depth);
  }
  if (type === 'text/x-shellscript' || type === 'text/x-shellscript-per-boot' || type === 'text/x-shellscript-per-instance' || (!contentType && body.startsWith('#!'))) {
    return scriptInstallsAgent(body);
  }
  return false;
}

const firstLines = (s: string) => s.split(/\r?\n/, 5).join('\n');

/** cloud-init renders `## template: jinja` parts before reading them; the rest is the part. */
const stripJinjaHeader = (s: string) => (/^## template:\s*jinja/i.test(s) ? s.replace(/^[^\n]*\n/, '') : s);

function cloudConfigInstallsAgent(text: string): boolean {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    return false; // cloud-init skips a config it cannot parse
  }
  if (!doc || typeof doc !== 'object') return false;
  const config = doc as Record<string, unknown>;
  const packages = Array.isArray(config.packages) ? config.packages : [];
  // Entries are "name", "name=version" or [name, version].
  if (packages.some((p) => packageName(Array.isArray(p) ? p[0] : p) === AGENT_PACKAGE)) return true;
  return [config.runcmd, config.bootcmd].some(
    (cmds) => Array.isArray(cmds) && cmds.some((cmd) => commandInstallsAgent(Array.isArray(cmd) ? cmd.map(String).join(' ') : String(cmd))),
  );
}

const packageName = (p: unknown) => (typeof p === 'string' ? p.split('=')[0]?.trim() : undefined);

function scriptInstallsAgent(text: string): boolean {
  // Continuation lines join; then every simple command is checked on its own.
  return text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).some(commandInstallsAgent);
}

function commandInstallsAgent(line: string): boolean {
  return line.split(/&&|\|\||;|\|/).some((cmd) => {
    const words = cmd.trim().split(/\s+/);
    const pm = words.findIndex((w) => PACKAGE_MANAGERS.has(w.replace(/^.*\//, '')));
    if (pm < 0) return false;
    const rest = words.slice(pm + 1);
    return rest.some((w) => INSTALL_VERBS.has(w)) && rest.some((w) => packageName(w) === AGENT_PACKAGE);
  });
}

function archiveInstallsAgent(text: string, depth: number): boolean {
  let doc: unknown;
  try {
    doc = parseYaml(text.replace(/^#cloud-config-archive[^\n]*\n/, ''));
  } catch {
    return false;
  }
  if (!Array.isArray(doc)) return false;
  return doc.some((part) => {
    if (typeof part === 'string') return partInstallsAgent(part, null, depth + 1);
    if (!part || typeof part !== 'object') return false;
    const { content, type } = part as { content?: unknown; type?: unknown };
    return typeof content === 'string' && partInstallsAgent(content, typeof type === 'string' ? type : null, depth + 1);
  });
}

function multipartInstallsAgent(text: string, depth: number): boolean {
  const { headers, body } = splitHeaders(text);
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (!boundary) return false;
  const sections = body.split(`--${boundary}`).slice(1);
  return sections.some((section) => {
    if (section.startsWith('--')) return false; // closing delimiter
    const part = splitHeaders(section.replace(/^\r?\n/, ''));
    const type = (part.headers['content-type'] ?? 'text/plain').split(';')[0]!.trim();
    let content = part.body;
    if ((part.headers['content-transfer-encoding'] ?? '').trim().toLowerCase() === 'base64') {
      content = Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8');
    }
    // text/plain parts and x-include-url are not run by cloud-init; the part's own
    // first line still decides for text/plain (cloud-init sniffs "#cloud-config", "#!").
    return partInstallsAgent(content, type === 'text/plain' ? null : type, depth + 1);
  });
}

function splitHeaders(text: string): { headers: Record<string, string>; body: string } {
  const match = /\r?\n\r?\n/.exec(text);
  const head = match ? text.slice(0, match.index) : text;
  const body = match ? text.slice(match.index + match[0].length) : '';
  const headers: Record<string, string> = {};
  let last: string | null = null;
  for (const line of head.split(/\r?\n/)) {
    if (/^\s/.test(line) && last) {
      headers[last] += ` ${line.trim()}`; // folded header
      continue;
    }
    const i = line.indexOf(':');
    if (i <= 0) continue;
    last = line.slice(0, i).trim().toLowerCase();
    headers[last] = line.slice(i + 1).trim();
  }
  return { headers, body };
}
