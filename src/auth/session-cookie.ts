import type { AppConfig } from '../config/config';

/** Over https the cookie is `__Host-` prefixed: Secure, Path=/, no Domain (browsers enforce it). */
export function sessionCookieName(config: AppConfig): string {
  return isSecure(config) ? '__Host-om_session' : 'om_session';
}

/** The pre-login cookie the login form's CSRF token is checked against (double submit). */
export function loginCookieName(config: AppConfig): string {
  return isSecure(config) ? '__Host-om_login' : 'om_login';
}

export function isSecure(config: AppConfig): boolean {
  return config.env === 'production' || config.publicBaseUrl.startsWith('https:');
}

/** A Set-Cookie value: HttpOnly, SameSite=Lax (links from e-mail keep the session), Path=/. */
export function cookie(
  config: AppConfig,
  name: string,
  value: string,
  maxAgeSeconds: number,
): string {
  const secure = isSecure(config) ? '; Secure' : '';
  return `${name}=${encodeURIComponent(value)}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${maxAgeSeconds}${secure}`;
}

/** One cookie from a Cookie header; a malformed header yields undefined, never an error. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (typeof header !== 'string' || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
