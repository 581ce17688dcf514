/**
 * What a log line must never carry, wherever it appears in the line (a message, an error
 * text from an SMTP server, a URL): a parent's link token or short code, the secret of a
 * calendar feed, a token in a query string, an e-mail address, a phone number.
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/** +31 6 1234 5678, 0031-6-12345678, (+31) 612345678: international, with a + or 00. */
const PHONE_INTERNATIONAL = /(?<![\w/-])(?:\+|00)\(?\d{1,3}\)?(?:[\s.-]?\(?\d\)?){7,12}(?![\w-])/g;
/** 06-12345678, 06 12 34 56 78, 020 123 4567: a Dutch number with its leading 0 (10 digits). */
const PHONE_NATIONAL = /(?<![\w/:.-])0\d(?:[\s.-]?\d){8}(?![\w:-])/g;
/** /p/{token}, /c/{code} and /calendar/{secret}.ics, anywhere in a text. */
const SECRET_PATH = /\/(p|c|calendar)\/[A-Za-z0-9_~.%-]{4,}/g;
/** token=…, code=…, secret=… in a query string or a form. */
const SECRET_PARAM = /\b(token|code|secret|key|password)=[^&\s"']+/gi;

/** The fictitious accounts of the demo school (shown at a first start): not personal data. */
const DEMO_ADDRESS = /@demo\.oudermaatje\.nl$/i;

export function maskSecrets(text: string): string {
  return text
    .replace(SECRET_PATH, (_m, kind: string) => `/${kind}/…`)
    .replace(SECRET_PARAM, (_m, name: string) => `${name}=…`)
    .replace(EMAIL, (address) => (DEMO_ADDRESS.test(address) ? address : '[email]'))
    .replace(PHONE_INTERNATIONAL, '[phone]')
    .replace(PHONE_NATIONAL, '[phone]');
}

/** The same for every string in a log object (depth-limited; other values as they are). */
export function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  if (value instanceof Error)
    return {
      type: value.name,
      message: maskSecrets(value.message),
      stack: value.stack ? maskSecrets(value.stack) : undefined,
    };
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    out[k] = maskDeep(v, depth + 1);
  return out;
}
