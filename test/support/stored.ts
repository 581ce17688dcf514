import { DataCipher } from '../../src/privacy/encryption/data-cipher';
import { dataCipher } from '../../src/privacy/encryption/field-encryption';

const ENCRYPTED_COLUMNS = ['email', 'phone', 'intake_note', 'recipient'];

/**
 * A row read with raw SQL, with its encrypted columns (a parent's e-mail, phone and intake
 * note; a message's recipient) decrypted as the application reads them (PRIVACY.md,
 * "Encryption at rest"). Use as `rows.map(decrypted)`.
 */
export function decrypted<T>(row: T): T {
  const out = { ...row } as Record<string, unknown>;
  for (const column of ENCRYPTED_COLUMNS) {
    const value = out[column];
    if (typeof value === 'string' && DataCipher.isEncrypted(value))
      out[column] = dataCipher().decrypt(value);
  }
  return out as T;
}
