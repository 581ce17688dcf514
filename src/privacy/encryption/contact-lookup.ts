import { normalizePhone } from '../../parents/parent-rules';
import { dataCipher, normaliseEmail } from './field-encryption';

/**
 * A search text that is an e-mail address or a phone number becomes a lookup by keyed hash
 * (under every key that can still read, so rows not yet rotated are found too); any other
 * text is no contact lookup (undefined).
 */
export function contactLookup(
  q: string,
): { column: 'email_hash' | 'phone_hash'; hashes: string[] } | undefined {
  const text = q.trim();
  if (/^[^\s@]+@[^\s@]+$/.test(text))
    return { column: 'email_hash', hashes: dataCipher().hashes(normaliseEmail(text)) };
  if (/^[+(]?[\d\s().-]{6,}$/.test(text)) {
    const phone = normalizePhone(text);
    if (phone) return { column: 'phone_hash', hashes: dataCipher().hashes(phone) };
  }
  return undefined;
}
