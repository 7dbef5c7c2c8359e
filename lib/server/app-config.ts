import 'server-only';
import { randomBytes } from 'node:crypto';
import { parseConfig, type AppConfig } from './config';

let config: AppConfig | undefined;

/** The configuration, parsed on first use; a bad configuration throws a ConfigError that
 * names the setting. scripts/serve.ts parses it at start so that it fails fast. */
export function getConfig(): AppConfig {
  config ??= parseConfig(process.env, () => randomBytes(32).toString('base64url'));
  return config;
}
