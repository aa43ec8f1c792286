import { describe, expect, it } from 'vitest';
import { isForbiddenWrite, isMachineEndpoint } from './same-origin.ts';

const SITE = 'https://communaute.example.org';
const headers = (values: Record<string, string>) => new Headers(values);

describe('isForbiddenWrite', () => {
  it('lets reads through whatever their origin', () => {
    expect(isForbiddenWrite('GET', headers({ origin: 'https://evil.example' }), SITE)).toBe(false);
    expect(isForbiddenWrite('HEAD', headers({}), SITE)).toBe(false);
  });

  it("lets a CORS preflight through: OPTIONS changes nothing, and the write that may follow is checked itself", () => {
    expect(isForbiddenWrite('OPTIONS', headers({ origin: 'https://evil.example' }), SITE)).toBe(false);
  });

  it("accepts a form posted from the site's public origin, even when the server itself is reached over http behind a proxy", () => {
    expect(isForbiddenWrite('POST', headers({ origin: SITE, 'content-type': 'application/x-www-form-urlencoded' }), SITE)).toBe(false);
  });

  it('refuses a form posted from another site, another scheme or another port', () => {
    for (const origin of ['https://evil.example', 'http://communaute.example.org', 'https://communaute.example.org:8443', 'null']) {
      expect(isForbiddenWrite('POST', headers({ origin }), SITE), origin).toBe(true);
    }
  });

  it('without an Origin header, trusts only a same-origin fetch', () => {
    expect(isForbiddenWrite('POST', headers({ 'sec-fetch-site': 'same-origin' }), SITE)).toBe(false);
    expect(isForbiddenWrite('POST', headers({ 'sec-fetch-site': 'cross-site' }), SITE)).toBe(true);
    expect(isForbiddenWrite('DELETE', headers({}), SITE)).toBe(true);
  });
});

describe('isMachineEndpoint', () => {
  it("exempts exactly Postmark's webhook path from the origin check", () => {
    expect(isMachineEndpoint('/hooks/postmark')).toBe(true);
  });

  it('exempts nothing beside it, below it or around it', () => {
    for (const pathname of ['/hooks/postmark/', '/hooks/postmark/x', '/hooks', '/hooks/', '/HOOKS/postmark', '/fr/hooks/postmark', '/hooks/postmark2', '/_actions/x']) {
      expect(isMachineEndpoint(pathname), pathname).toBe(false);
    }
  });
});
