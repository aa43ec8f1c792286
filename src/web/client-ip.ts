/**
 * The address rate limits count against. Behind a reverse proxy (TRUST_PROXY)
 * the last X-Forwarded-For hop is the one our proxy added; earlier hops are the
 * client's own claims and are ignored.
 */
export function clientIp(request: Request, socketAddress: string, trustProxy: boolean): string {
  if (trustProxy) {
    const hops = request.headers.get('x-forwarded-for')?.split(',').map((hop) => hop.trim()).filter(Boolean);
    const last = hops?.at(-1);
    if (last) return last;
  }
  return socketAddress;
}
