import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/index.ts';
import { result } from './check-result.ts';
import { checkTitle, checkWhy, receiverLabel } from './describe.ts';
import { RECEIVER_KINDS } from './receiving-organisation.ts';

const folder = path.dirname(fileURLToPath(import.meta.url));
/** Every reason a check can give, read from the code that gives it. */
const reasons = fs
  .readdirSync(folder)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .flatMap((file) => [...fs.readFileSync(path.join(folder, file), 'utf8').matchAll(/result\([^,]+,\s*(?:'[a-z]+'|[^,]+),\s*(?:'([\w.]+)'|([^,)]+\?[^,)]+))/g)])
  .flatMap((match) => (match[1] ? [match[1]] : [...match[2]!.slice(match[2]!.indexOf('?')).matchAll(/'([\w.]+)'/g)].map((inner) => inner[1]!)));

describe('the words of the deliverability check', () => {
  it('finds the reasons in the code', () => {
    expect(reasons).toEqual(expect.arrayContaining(['spf.ok', 'dkim.mismatch', 'dmarc.noneWithoutRua', 'dmarc.noRua', 'spf.noPostmarkButReturnPath', 'couldNotCheck', 'blocklist.listed']));
  });

  it.each(['fr', 'en'] as const)('has every reason, check and receiver in %s, placeholders filled', (locale) => {
    const t = translator(locale);
    for (const key of reasons) {
      const text = checkWhy(t, result('spf', 'pass', key, { params: { detail: 'd', lookups: 1, limit: 10, host: 'h', target: 't', domain: 'd', policy: 'p', address: 'a', zone: 'z', listed: 'l', targets: 't' } }));
      expect(text, key).not.toMatch(/^deliverability\.|undefined|\{\w+\}/);
    }
    for (const id of ['spf', 'dkim', 'dmarc', 'return-path', 'mx', 'postmark-domain', 'postmark-sender', 'blocklist:dbl.example']) {
      expect(checkTitle(t, { id }), id).not.toMatch(/^deliverability\.|undefined|\{\w+\}/);
    }
    for (const kind of RECEIVER_KINDS) expect(receiverLabel(t, { kind, organisation: 'x.org' }), kind).not.toMatch(/^deliverability\.|undefined|\{\w+\}/);
  });
});
