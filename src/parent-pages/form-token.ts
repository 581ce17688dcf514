import { createHmac, createSecretKey, KeyObject, timingSafeEqual } from 'node:crypto';

const VALID_MS = 24 * 3600_000;

/**
 * A per-link form token against cross-site request forgery: an HMAC of the link id and the
 * time the page was shown, valid for a day. A page from another site cannot read it.
 */
export function issueFormToken(secret: string, linkId: string, now = Date.now()): string {
  const issued = now.toString(36);
  return `${issued}.${sign(secret, linkId, issued)}`;
}

export function checkFormToken(
  secret: string,
  linkId: string,
  token: unknown,
  now = Date.now(),
): boolean {
  if (typeof token !== 'string') return false;
  const [issued, signature] = token.split('.');
  if (!issued || !signature) return false;
  const at = parseInt(issued, 36);
  if (!Number.isFinite(at) || now - at > VALID_MS || at - now > 60_000) return false;
  const expected = Buffer.from(sign(secret, linkId, issued));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The secret as a key, made once (importing it on every page costs more than the HMAC). */
const KEYS = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = KEYS.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    KEYS.set(secret, key);
  }
  return key;
}

function sign(secret: string, linkId: string, issued: string): string {
  return createHmac('sha256', keyOf(secret)).update(`form:${linkId}:${issued}`).digest('base64url');
}
