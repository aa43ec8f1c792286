import { describe, expect, it } from 'vitest';
import { baselineHeaders, CSP_DIRECTIVES } from './security-headers.ts';

describe('security headers', () => {
  it('send HSTS only when the public URL is https', () => {
    expect(baselineHeaders('https://x.org')['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(baselineHeaders('http://localhost:4321')['strict-transport-security']).toBeUndefined();
  });

  it('forbid plugins, base rewriting and framing in both policies', () => {
    for (const policy of [CSP_DIRECTIVES.join(';'), baselineHeaders('http://x')['content-security-policy']!]) {
      expect(policy).toContain("object-src 'none'");
      expect(policy).toContain("base-uri 'none'");
      expect(policy).toContain("frame-ancestors 'none'");
    }
  });
});
