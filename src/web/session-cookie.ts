import type { AstroCookies } from 'astro';
import type { Config } from '../core/config.ts';

/**
 * `__Host-` pins the cookie to this host, https and path "/"; browsers only
 * accept it over https, so the plain-http demo uses a plain name.
 */
export function sessionCookieName(config: Pick<Config, 'publicUrl'>): string {
  return config.publicUrl.startsWith('https://') ? '__Host-passerelle-session' : 'passerelle-session';
}

export function setSessionCookie(cookies: AstroCookies, config: Pick<Config, 'publicUrl'>, token: string, expiresAt: Date): void {
  cookies.set(sessionCookieName(config), token, {
    httpOnly: true,
    secure: config.publicUrl.startsWith('https://'),
    sameSite: 'lax',
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(cookies: AstroCookies, config: Pick<Config, 'publicUrl'>): void {
  cookies.delete(sessionCookieName(config), { path: '/', httpOnly: true, secure: config.publicUrl.startsWith('https://'), sameSite: 'lax' });
}

/** Remembers which sign-in the code page belongs to, for 15 minutes, on this browser only. */
export const PENDING_SIGN_IN_COOKIE = 'passerelle-pending-sign-in';
