import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devSecrets } from '../../../src/config/dev-secrets';
import { CIPHERTEXT_PATTERN, DataCipher } from '../../../src/privacy/encryption/data-cipher';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

describe('the data cipher (AES-256-GCM, versioned, with keyed lookup hashes)', () => {
  it('encrypts to v1:<keyId>:<iv>:<tag>:<data>, differently each time, and decrypts', () => {
    const cipher = new DataCipher(A);
    const one = cipher.encrypt('fatima@example.org');
    const two = cipher.encrypt('fatima@example.org');
    expect(one).toMatch(CIPHERTEXT_PATTERN);
    expect(one.startsWith(`v1:${cipher.current.id}:`)).toBe(true);
    expect(one).not.toBe(two);
    expect(cipher.decrypt(one)).toBe('fatima@example.org');
    expect(cipher.decrypt(cipher.encrypt('Spreekt Arabisch — ✓'))).toBe('Spreekt Arabisch — ✓');
    expect(cipher.open('plain text from before')).toBe('plain text from before');
  });

  it('reads values of an old key, and refuses an unknown key or a tampered value', () => {
    const old = new DataCipher(A).encrypt('+31612345678');
    expect(new DataCipher(B, [A]).decrypt(old)).toBe('+31612345678');
    expect(new DataCipher(B, [A]).isCurrent(old)).toBe(false);
    expect(() => new DataCipher(B).decrypt(old)).toThrow(
      `written with key ${new DataCipher(A).current.id}`,
    );
    const parts = old.split(':');
    parts[4] = Buffer.from('+31600000000').toString('base64url');
    expect(() => new DataCipher(A).decrypt(parts.join(':'))).toThrow('failed its integrity check');
  });

  it('hashes with a key of its own: stable per key, different between keys', () => {
    const a = new DataCipher(A);
    expect(a.hash('x@example.org')).toBe(new DataCipher(A).hash('x@example.org'));
    expect(a.hash('x@example.org')).not.toBe(new DataCipher(B).hash('x@example.org'));
    expect(new DataCipher(B, [A]).hashes('x@example.org')).toEqual([
      new DataCipher(B).hash('x@example.org'),
      a.hash('x@example.org'),
    ]);
    expect(a.hash('x@example.org')).not.toContain('x@example.org');
  });

  it('generates a development key once and keeps it, also beside secrets from before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oudermaatje-secrets-'));
    writeFileSync(
      join(dir, 'secrets.json'),
      JSON.stringify({ jwt: 'j'.repeat(43), link: 'l'.repeat(43) }),
    );
    const first = devSecrets(dir);
    expect(first).toMatchObject({ devJwtSecret: 'j'.repeat(43), devLinkSecret: 'l'.repeat(43) });
    expect(first.devDataEncryptionKey).toHaveLength(43);
    expect(devSecrets(dir)).toEqual(first);
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')).data).toBe(
      first.devDataEncryptionKey,
    );
  });
});
