import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
} from 'node:crypto';

/**
 * Application-level encryption of personal fields (a parent's e-mail, phone and intake
 * note; the address a message went to), and the keyed hashes that let us look a value up
 * without storing it readable. Plain code: no Nest, no TypeORM.
 *
 * Stored form: `v1:<keyId>:<iv>:<tag>:<data>`, each part base64url; AES-256-GCM with a
 * random 96-bit IV. The key id names the key a value was written with, so values written
 * with an older key stay readable while `rotate-key` rewrites them.
 *
 * From one secret (DATA_ENCRYPTION_KEY) two keys are derived with HKDF-SHA256: one encrypts,
 * the other keys the lookup hashes (HMAC-SHA256), so neither can stand in for the other.
 */
export const CIPHERTEXT_PATTERN =
  /^v1:[A-Za-z0-9_-]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]*$/;

export class DataKey {
  readonly id: string;
  readonly encryptionKey: Buffer;
  readonly hashKey: Buffer;

  constructor(secret: string) {
    const material = Buffer.from(secret, 'utf8');
    this.encryptionKey = Buffer.from(
      hkdfSync('sha256', material, 'oudermaatje', 'data-encryption:aes-256-gcm:v1', 32),
    );
    this.hashKey = Buffer.from(
      hkdfSync('sha256', material, 'oudermaatje', 'lookup-hash:hmac-sha256:v1', 32),
    );
    // Not secret: tells which key wrote a value. A hash of the derived key, never the key itself.
    this.id = createHash('sha256')
      .update('oudermaatje:key-id:')
      .update(this.encryptionKey)
      .digest('base64url')
      .slice(0, 8);
  }
}

export class DecryptionError extends Error {}

export class DataCipher {
  readonly current: DataKey;
  private readonly byId: Map<string, DataKey>;

  /** `secret` encrypts; `oldSecrets` only decrypt (values written before a rotation). */
  constructor(secret: string, oldSecrets: readonly string[] = []) {
    this.current = new DataKey(secret);
    this.byId = new Map([[this.current.id, this.current]]);
    for (const old of oldSecrets) {
      const key = new DataKey(old);
      if (!this.byId.has(key.id)) this.byId.set(key.id, key);
    }
  }

  /** Every key that can read: the current one first. */
  get keys(): DataKey[] {
    return [...this.byId.values()];
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.encryptionKey, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `v1:${this.current.id}:${iv.toString('base64url')}:${tag.toString('base64url')}:${data.toString('base64url')}`;
  }

  decrypt(stored: string): string {
    const parts = stored.split(':');
    if (parts.length !== 5 || parts[0] !== 'v1')
      throw new DecryptionError('not an encrypted value');
    const key = this.byId.get(parts[1]);
    if (!key)
      throw new DecryptionError(
        `value written with key ${parts[1]}, which is neither DATA_ENCRYPTION_KEY nor in DATA_ENCRYPTION_KEYS_OLD`,
      );
    const decipher = createDecipheriv(
      'aes-256-gcm',
      key.encryptionKey,
      Buffer.from(parts[2], 'base64url'),
    );
    decipher.setAuthTag(Buffer.from(parts[3], 'base64url'));
    try {
      return Buffer.concat([
        decipher.update(Buffer.from(parts[4], 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new DecryptionError(`value under key ${parts[1]} failed its integrity check`);
    }
  }

  /** Whether a stored value is in our encrypted form (else: clear text from before encryption). */
  static isEncrypted(stored: string): boolean {
    return CIPHERTEXT_PATTERN.test(stored);
  }

  /** Whether a stored value was written with the current key. */
  isCurrent(stored: string): boolean {
    return DataCipher.isEncrypted(stored) && stored.slice(3, 11) === this.current.id;
  }

  /** Reads a stored value: decrypts ours, passes clear text (not yet encrypted) through. */
  open(stored: string): string {
    return DataCipher.isEncrypted(stored) ? this.decrypt(stored) : stored;
  }

  /** The keyed hash of an already normalised value, under the current key (what is stored). */
  hash(normalised: string): string {
    return hmac(this.current, normalised);
  }

  /** The hash under every readable key: what a lookup compares with (rows not yet rotated). */
  hashes(normalised: string): string[] {
    return this.keys.map((k) => hmac(k, normalised));
  }
}

function hmac(key: DataKey, value: string): string {
  return createHmac('sha256', key.hashKey).update(value, 'utf8').digest('base64url');
}
