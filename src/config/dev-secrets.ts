import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * On a development machine without JWT_SECRET / LINK_SECRET, secrets are generated once
 * and kept in .data/secrets.json, so tokens and parent links survive a restart.
 * Production must set them (loadConfig refuses to start otherwise).
 */
export function devSecrets(dataDir: string): { devJwtSecret: string; devLinkSecret: string } {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { jwt: string; link: string };
    return { devJwtSecret: parsed.jwt, devLinkSecret: parsed.link };
  }
  const secrets = {
    jwt: randomBytes(32).toString('base64url'),
    link: randomBytes(32).toString('base64url'),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return { devJwtSecret: secrets.jwt, devLinkSecret: secrets.link };
}
