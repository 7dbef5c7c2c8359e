// The user data of a launch: the user's own text, optionally joined with a cloud-config
// that installs and starts qemu-guest-agent. Pure and isomorphic: the form previews the
// result (and any conflict) before the route builds the same text for Nova.
import { parse as parseYaml } from 'yaml';

/** Nova caps user_data at 65535 bytes of base64, i.e. 49149 bytes of text. */
export const USER_DATA_MAX_BYTES = 49_149;

const AGENT_PACKAGE = 'qemu-guest-agent';

// cloud-init's `packages` module uses the distribution's package manager: apt on
// Debian/Ubuntu, dnf or yum on the RHEL family. Debian enables the agent at install; RHEL
// does not, hence the explicit enable + start (enable may only warn on a static unit).
const AGENT_BODY = [
  'packages:',
  `  - ${AGENT_PACKAGE}`,
  'runcmd:',
  '  - [sh, -c, "systemctl enable qemu-guest-agent.service || true; systemctl start qemu-guest-agent.service"]',
];

const AGENT_COMMENT = [
  '# Added by Snapdeck: install and start the QEMU guest agent, so that Nova can ask it to',
  '# freeze the file systems during a live snapshot (the image needs hw_qemu_guest_agent=yes).',
];

/** The cloud-config Snapdeck sends alone when the user gives no user data. */
export const AGENT_CLOUD_CONFIG = ['#cloud-config', ...AGENT_COMMENT, ...AGENT_BODY, ''].join('\n');

// In a multi-part archive cloud-init merges cloud-config parts in order; by default a later
// part's lists REPLACE earlier ones, so ours asks to append (cloud-init docs, "Merging").
const AGENT_PART = [
  '#cloud-config',
  ...AGENT_COMMENT,
  'merge_how:',
  '  - name: list',
  '    settings: [append]',
  '  - name: dict',
  '    settings: [no_replace, recurse_list]',
  ...AGENT_BODY,
  '',
].join('\n');

export type UserDataFormat =
  | 'cloud-config'
  | 'cloud-config-archive'
  | 'cloud-config-jsonp'
  | 'shell-script'
  | 'include'
  | 'include-once'
  | 'boothook'
  | 'part-handler'
  | 'jinja'
  | 'mime'
  | 'unknown';

// Order matters: the longer prefixes first (#cloud-config-archive before #cloud-config).
const FORMATS: { prefix: string; format: UserDataFormat; mimeType: string | null }[] = [
  { prefix: '#cloud-config-archive', format: 'cloud-config-archive', mimeType: 'text/cloud-config-archive' },
  { prefix: '#cloud-config-jsonp', format: 'cloud-config-jsonp', mimeType: 'text/cloud-config-jsonp' },
  { prefix: '#cloud-config', format: 'cloud-config', mimeType: 'text/cloud-config' },
  { prefix: '#!', format: 'shell-script', mimeType: 'text/x-shellscript' },
  { prefix: '#include-once', format: 'include-once', mimeType: 'text/x-include-once-url' },
  { prefix: '#include', format: 'include', mimeType: 'text/x-include-url' },
  { prefix: '#cloud-boothook', format: 'boothook', mimeType: 'text/cloud-boothook' },
  { prefix: '#part-handler', format: 'part-handler', mimeType: 'text/part-handler' },
  { prefix: '## template: jinja', format: 'jinja', mimeType: null },
];

/** How cloud-init would read this text (by its first bytes, as cloud-init does). */
export function userDataFormat(text: string): UserDataFormat {
  if (/^(content-|mime-version)/i.test(text)) return 'mime';
  const hit = FORMATS.find((f) => text.startsWith(f.prefix));
  return hit?.format ?? 'unknown';
}

const mimeTypeOf = (format: UserDataFormat) => FORMATS.find((f) => f.format === format)?.mimeType ?? null;

/** Whether a cloud-config document already installs qemu-guest-agent through `packages`. */
export function cloudConfigInstallsAgent(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null) return false;
  const packages = (doc as { packages?: unknown }).packages;
  if (!Array.isArray(packages)) return false;
  // An entry is a name, "name=version", or [name, version].
  return packages.some((p) => {
    const name = Array.isArray(p) ? p[0] : p;
    return typeof name === 'string' && name.split('=')[0]?.trim() === AGENT_PACKAGE;
  });
}

export type UserDataPlan =
  /** Nothing to send. */
  | { kind: 'none' }
  /** Send `text`; `note` says in words what it is. */
  | { kind: 'ok'; text: string; note: string }
  /** Cannot be sent as asked; `message` explains why and what to do. */
  | { kind: 'conflict'; message: string };

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

function tooLarge(text: string): UserDataPlan | null {
  const bytes = utf8Length(text);
  if (bytes <= USER_DATA_MAX_BYTES) return null;
  return {
    kind: 'conflict',
    message: `The user data is ${bytes} bytes; Nova accepts at most ${USER_DATA_MAX_BYTES} bytes (65535 once base64-encoded).`,
  };
}

/** FNV-1a, for a boundary that depends on the content (same input, same archive). */
function fnv1a(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** A MIME multi-part archive, in the shape cloud-init's `make-mime` writes. */
export function mimeMultipart(parts: { mimeType: string; filename: string; content: string }[]): string {
  const all = parts.map((p) => p.content).join('\n');
  let boundary = '';
  for (let n = 0; ; n++) {
    boundary = `===============snapdeck${fnv1a(all, 0x811c9dc5 + n)}${fnv1a(all, 0x01000193 + n)}==`;
    if (!all.includes(boundary)) break;
  }
  const lines = [`Content-Type: multipart/mixed; boundary="${boundary}"`, 'MIME-Version: 1.0', ''];
  for (const p of parts) {
    const ascii = /^[\x00-\x7f]*$/.test(p.content);
    lines.push(
      `--${boundary}`,
      `Content-Type: ${p.mimeType}; charset="utf-8"`,
      'MIME-Version: 1.0',
      `Content-Transfer-Encoding: ${ascii ? '7bit' : '8bit'}`,
      `Content-Disposition: attachment; filename="${p.filename}"`,
      '',
      p.content.endsWith('\n') ? p.content.slice(0, -1) : p.content,
    );
  }
  lines.push(`--${boundary}--`, '');
  return lines.join('\n');
}

const FORMAT_WORDS: Partial<Record<UserDataFormat, string>> = {
  'cloud-config': 'your #cloud-config',
  'cloud-config-archive': 'your #cloud-config-archive',
  'cloud-config-jsonp': 'your #cloud-config-jsonp',
  'shell-script': 'your script',
  include: 'your #include list',
  'include-once': 'your #include-once list',
  boothook: 'your boothook',
  'part-handler': 'your part handler',
};

/**
 * The user data to send: the user's text alone, the agent cloud-config alone, or both as a
 * cloud-init MIME multi-part archive. Formats Snapdeck cannot join safely are a conflict,
 * explained, rather than something silently rewritten.
 */
export function planUserData(input: { installAgent: boolean; userData: string }): UserDataPlan {
  const own = input.userData.replace(/\r\n/g, '\n');
  const hasOwn = own.trim() !== '';
  if (!input.installAgent) {
    if (!hasOwn) return { kind: 'none' };
    return tooLarge(own) ?? { kind: 'ok', text: own, note: 'Your user data is sent as you wrote it.' };
  }
  if (!hasOwn) {
    return { kind: 'ok', text: AGENT_CLOUD_CONFIG, note: 'A #cloud-config that installs and starts qemu-guest-agent is sent as user data.' };
  }

  const format = userDataFormat(own);
  if (format === 'mime') {
    return {
      kind: 'conflict',
      message: 'Your user data is already a MIME multi-part archive. Add the guest-agent part to it yourself (the cloud-config shown in the guide), or clear Install QEMU guest agent.',
    };
  }
  if (format === 'jinja') {
    return {
      kind: 'conflict',
      message: 'Your user data is a Jinja template. Add "qemu-guest-agent" to its packages yourself, or clear Install QEMU guest agent.',
    };
  }
  if (format === 'unknown') {
    return {
      kind: 'conflict',
      message: 'Your user data does not start with #cloud-config, #! or another cloud-init header, so Snapdeck cannot tell how to join the guest-agent part to it without changing what your guest receives. Start it with such a header, or clear Install QEMU guest agent.',
    };
  }
  if (format === 'cloud-config') {
    let doc: unknown;
    try {
      doc = parseYaml(own);
    } catch (e) {
      const why = e instanceof Error ? e.message.split('\n')[0] : 'not valid YAML';
      return { kind: 'conflict', message: `Your #cloud-config is not valid YAML (${why}); cloud-init would ignore it. Fix it first.` };
    }
    if (doc !== null && (typeof doc !== 'object' || Array.isArray(doc))) {
      return { kind: 'conflict', message: 'Your #cloud-config must be a YAML mapping (keys such as packages:, runcmd:); cloud-init would ignore it. Fix it first.' };
    }
    if (cloudConfigInstallsAgent(doc)) {
      return tooLarge(own) ?? { kind: 'ok', text: own, note: 'Your #cloud-config already installs qemu-guest-agent: it is sent as you wrote it.' };
    }
  }
  const text = mimeMultipart([
    { mimeType: mimeTypeOf(format) ?? 'text/plain', filename: 'user-data', content: own },
    { mimeType: 'text/cloud-config', filename: 'snapdeck-qemu-guest-agent.cfg', content: AGENT_PART },
  ]);
  return (
    tooLarge(text) ?? {
      kind: 'ok',
      text,
      note: `${capitalise(FORMAT_WORDS[format] ?? 'your user data')} and Snapdeck's guest-agent cloud-config are sent together as a cloud-init MIME multi-part archive${format === 'cloud-config' ? '; the agent package and command are appended to your lists, not replacing them' : ''}.`,
    }
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
