import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * On a development machine without JWT_SECRET / LINK_SECRET / DATA_ENCRYPTION_KEY, secrets
 * are generated once and kept in .data/secrets.json, so tokens, parent links and encrypted
 * contact details survive a restart.
 * Production must set them (loadConfig refuses to start otherwise).
 */
export function devSecrets(dataDir: string): {
  devJwtSecret: string;
  devLinkSecret: string;
  devDataEncryptionKey: string;
} {
  const file = join(dataDir, 'secrets.json');
  const stored = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { jwt: string; link: string; data?: string })
    : undefined;
  const secrets = {
    jwt: stored?.jwt ?? randomBytes(32).toString('base64url'),
    link: stored?.link ?? randomBytes(32).toString('base64url'),
    // The data encryption key (added later: a secrets.json from before gets it on the next start).
    data: stored?.data ?? randomBytes(32).toString('base64url'),
  };
  if (!stored || !stored.data) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  }
  return {
    devJwtSecret: secrets.jwt,
    devLinkSecret: secrets.link,
    devDataEncryptionKey: secrets.data,
  };
}
