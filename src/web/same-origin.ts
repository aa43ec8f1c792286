const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection for every write: a request that changes something must come
 * from a page of this site. The site's origin is PUBLIC_URL's, never the one
 * the server sees (behind a TLS proxy the server sees http:// while browsers
 * send https:// origins, which is why Astro's own check cannot be used there).
 * Browsers send Origin on every POST; without it, Sec-Fetch-Site must say
 * same-origin. Anything else is refused.
 */
export function isForbiddenWrite(method: string, headers: Headers, publicOrigin: string): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const origin = headers.get('origin');
  if (origin !== null) return origin !== publicOrigin;
  return headers.get('sec-fetch-site') !== 'same-origin';
}

/**
 * Servers, not browsers, post here: Postmark's webhooks send no Origin and
 * authenticate with their own credentials. Exactly these paths, nothing below them.
 */
const MACHINE_ENDPOINTS = new Set(['/hooks/postmark']);

export function isMachineEndpoint(pathname: string): boolean {
  return MACHINE_ENDPOINTS.has(pathname);
}
