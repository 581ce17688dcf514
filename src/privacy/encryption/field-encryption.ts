import { ValueTransformer } from 'typeorm';
import { normalizePhone } from '../../parents/parent-rules';
import { DataCipher } from './data-cipher';

/**
 * The process's cipher. Column transformers are declared on entities (static), so the key
 * set at start is kept here; `installDataCipher` runs when the application module is built.
 */
let installed: DataCipher | undefined;

export function installDataCipher(cipher: DataCipher): void {
  installed = cipher;
}

export function dataCipher(): DataCipher {
  if (!installed)
    throw new Error('No data encryption key installed (installDataCipher was not called)');
  return installed;
}

/**
 * For an entity column holding personal text: encrypted on every write (entity saves,
 * query-builder inserts and updates), decrypted on read. A value still in clear text (a row
 * from before encryption, until the worker encrypted it) is read as it is.
 * Never use such a column in a WHERE clause: compare its lookup hash instead.
 */
export const encryptedText: ValueTransformer = {
  to: (value: unknown) =>
    typeof value === 'string' && value !== '' ? dataCipher().encrypt(value) : value,
  from: (value: unknown) => (typeof value === 'string' ? dataCipher().open(value) : value),
};

/**
 * notification.recipient: an e-mail address or phone number (encrypted), or a task's
 * reason ("task: letter"), which is no personal data and stays readable for queries.
 */
export const encryptedRecipient: ValueTransformer = {
  to: (value: unknown) => (typeof value === 'string' ? sealRecipient(value) : value),
  from: encryptedText.from,
};

export function sealRecipient(value: string): string;
export function sealRecipient(value: string | null): string | null;
export function sealRecipient(value: string | null): string | null {
  if (value === null || value === '' || value.startsWith('task:')) return value;
  return dataCipher().encrypt(value);
}

/** E-mail as compared for lookups: trimmed, lower case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Phone as compared for lookups: E.164 as at intake (a Dutch number without +31 too). */
export function normaliseLookupPhone(phone: string): string {
  return normalizePhone(phone) ?? phone.replace(/[^\d+]/g, '');
}

export function emailHash(email: string | null | undefined): string | null {
  return email ? dataCipher().hash(normaliseEmail(email)) : null;
}

export function phoneHash(phone: string | null | undefined): string | null {
  return phone ? dataCipher().hash(normaliseLookupPhone(phone)) : null;
}
