// Opening the session cookie with node:crypto's synchronous calls instead of WebCrypto.
// iron-session (iron-webcrypto underneath) unseals with six WebCrypto calls (importKey,
// deriveBits, importKey, sign, then again for decrypt), each a promise that validates its
// arguments in JavaScript and hops to the thread pool: ~1 ms of every signed-in request on
// this machine (issue 12's route-overhead profile). The same checks here take ~0.05 ms.
// Sealing stays with iron-session; this reads exactly what it seals: iron's Fe26.2 format
// (https://github.com/brc-dd/iron-webcrypto, src/index.ts `unseal`) with iron-session's
// defaults, followed by iron-session's "~2" version suffix.
import { createDecipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';

const MAC_PREFIX = 'Fe26.2';
/** iron-session's current seal version, after a `~`. */
const SEAL_VERSION = '2';
/** iron's defaults: clock skew allowed past the expiry, shortest password. */
const TIMESTAMP_SKEW_MS = 60_000;
const MIN_PASSWORD_LENGTH = 32;
const KEY_BYTES = 32; // AES-256-CBC and the HMAC-SHA-256 key, both from PBKDF2-SHA-1, 1 iteration

/** iron's key derivation: PBKDF2 over the password's and the salt's UTF-8 bytes. */
const deriveKey = (password: string, salt: string) => pbkdf2Sync(password, salt, 1, KEY_BYTES, 'sha1');

/**
 * The data of a seal made by iron-session's `sealData` with one of `passwords` (id → password),
 * or null when it is not one: malformed, another version, an unknown password id, a bad MAC,
 * or past its expiry (plus iron's 60 s of skew). Like `unsealData`, which answers `{}` for the
 * usual refusals, but never throws: a forged or damaged cookie is simply no session.
 */
export function unsealSync(seal: string, passwords: Readonly<Record<string, string>>, now: number = Date.now()): unknown {
  const [sealed, version, ...rest] = seal.split('~');
  if (version !== SEAL_VERSION || rest.length > 0 || sealed === undefined) return null;
  const parts = sealed.split('*');
  if (parts.length !== 8) return null;
  const [prefix, passwordId, encryptionSalt, ivB64, encryptedB64, expiration, hmacSalt, hmac] = parts as [string, string, string, string, string, string, string, string];
  if (prefix !== MAC_PREFIX) return null;
  if (expiration) {
    if (!/^\d+$/.test(expiration)) return null;
    if (Number(expiration) <= now - TIMESTAMP_SKEW_MS) return null;
  }
  const id = passwordId || 'default';
  if (!Object.hasOwn(passwords, id)) return null;
  const password = passwords[id]!;
  if (password.length < MIN_PASSWORD_LENGTH) return null;

  // The MAC covers everything before it, and is checked before anything is decoded.
  const macBase = `${prefix}*${passwordId}*${encryptionSalt}*${ivB64}*${encryptedB64}*${expiration}`;
  const expected = createHmac('sha256', deriveKey(password, hmacSalt)).update(macBase).digest();
  const given = Buffer.from(hmac, 'base64url');
  if (given.length !== expected.length || given.toString('base64url') !== hmac || !timingSafeEqual(given, expected)) return null;

  try {
    const decipher = createDecipheriv('aes-256-cbc', deriveKey(password, encryptionSalt), Buffer.from(ivB64, 'base64url'));
    const text = Buffer.concat([decipher.update(Buffer.from(encryptedB64, 'base64url')), decipher.final()]).toString('utf8');
    return text ? JSON.parse(text) : null;
  } catch {
    // Only a seal made with this password gets here: a wrong IV length or padding means damage.
    return null;
  }
}
