import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripSlackSecrets, stripSlackSecretsFrom } from './slack-secrets.ts';

// Fake secrets shaped like Slack's (the real export's file links end in `?t=xoxe-1-` and 100-odd characters).
const XOXE = 'xoxe-1-FAKEMy0xLTE4NjY2ODk4NjU2LTQ2NzgwMjY1OTM2NjUtMTc2MDA5Nzc5NTU0';
const XOXB = 'xoxb-17653672481-19874698323-FAKEpdFZKVeTuE8sk7oOcBrzbqgy';
const FILES = 'https://files.slack.com/files-pri/T0J024XGA-F2N80Q23W';
const THUMBS = 'https://files.slack.com/files-tmb/T0J024XGA-F2N80Q23W-32fee011be';
const SECRET = /xox[a-z](?:\.xox[a-z])?-/i;

const cases: [string, string, string][] = [
  // Shapes of the real export (file links, thumbnails, pinned items' links).
  ['file link', `${FILES}/peer-chaincode-grpc.png?t=${XOXE}`, `${FILES}/peer-chaincode-grpc.png`],
  ['download link', `${FILES}/download/peer-chaincode-grpc.png?t=${XOXE}`, `${FILES}/download/peer-chaincode-grpc.png`],
  ['thumbnail', `${THUMBS}/peer-chaincode-grpc_360.png?t=${XOXE}`, `${THUMBS}/peer-chaincode-grpc_360.png`],
  ['canvas link with token=', `https://hyperledgerproject.slack.com/docs/T0J024XGA/F07CANVAS1?token=${XOXE}`, 'https://hyperledgerproject.slack.com/docs/T0J024XGA/F07CANVAS1'],
  // Query surgery.
  ['a secret among other parameters', `https://a.example/f?a=1&t=${XOXE}&b=2`, 'https://a.example/f?a=1&b=2'],
  ['the first parameter', `https://a.example/f?t=${XOXE}&b=2`, 'https://a.example/f?b=2'],
  ['the last parameter', `https://a.example/f?a=1&token=${XOXE}`, 'https://a.example/f?a=1'],
  ['the only parameter, before a fragment', `https://a.example/f?t=${XOXE}#frag`, 'https://a.example/f#frag'],
  ['several secrets in a row', `https://a.example/f?t=${XOXE}&token=${XOXB}&b=2&x=${XOXB}`, 'https://a.example/f?b=2'],
  ['any parameter name', `https://a.example/f?access_token=${XOXB}&v=1`, 'https://a.example/f?v=1'],
  ['an empty parameter name', `https://a.example/f?=${XOXB}`, 'https://a.example/f'],
  ['a parameter that is only a secret', `https://a.example/f?${XOXB}&v=1`, 'https://a.example/f?v=1'],
  ['a secret in a fragment', `https://a.example/f#token=${XOXE}`, 'https://a.example/f'],
  ['a secret among fragment parameters', `https://a.example/f?v=1#a=1&token=${XOXE}`, 'https://a.example/f?v=1#a=1'],
  ['a percent-escaped dash', `https://a.example/f?t=xoxe%2D1-FAKE&v=1`, 'https://a.example/f?v=1'],
  ['a link nested in a parameter', `https://slack-redir.net/link?url=https%3A%2F%2Ffiles.slack.com%2Ff.png%3Ft%3D${XOXE}&v=1`, 'https://slack-redir.net/link?v=1'],
  ['capitals', `https://a.example/f?T=XOXE-1-FAKE&v=1 and XOXB-2-FAKE`, 'https://a.example/f?v=1 and '],
  ['a rotating token', `https://a.example/f?t=xoxe.xoxp-1-FAKE&v=1`, 'https://a.example/f?v=1'],
  // Slack's markup, escaped text and HTML.
  ['mrkdwn link', `<${FILES}/f.png?t=${XOXE}|f.png>`, `<${FILES}/f.png|f.png>`],
  ['escaped ampersands', `<https://a.example/f?t=${XOXE}&amp;b=2&amp;t=${XOXB}>`, '<https://a.example/f?b=2>'],
  ['a label repeating the URL', `<${FILES}/f.png?token=${XOXE}|${FILES}/f.png?token=${XOXE}>`, `<${FILES}/f.png|${FILES}/f.png>`],
  ['HTML', `<a href="https://a.example/?t=${XOXE}&amp;v=2">https://a.example/?t=${XOXE}&amp;v=2</a>`, '<a href="https://a.example/?v=2">https://a.example/?v=2</a>'],
  ['prose around a link', `(see https://a.example/?q=1&t=${XOXE}), then`, '(see https://a.example/?q=1), then'],
  ['a question in prose', `Really? t=${XOXE} works`, 'Really? t= works'],
  // Bare secrets.
  ['a bot token in text', `my token is ${XOXB}, oops`, 'my token is , oops'],
  ['every kind', 'xoxa-1 xoxp-2-x xoxr-3 xoxs-4 xoxe-5 xoxc-6 xoxd-7', '      '],
  ['a secret in a path', `https://hooks.example/${XOXB}/send`, 'https://hooks.example//send'],
  ['a secret after letters', 'xoxxoxb-1b-2-FAKE', 'xox'],
  ['a rotating token in text', 'rotating xoxe.xoxp-1-FAKE.', 'rotating .'],
  ['lines', `a\n${XOXB}\nb`, 'a\n\nb'],
];

const kept: [string, string][] = [
  ['a YouTube time', 'https://www.youtube.com/watch?v=abc&t=42'],
  ['hugs', 'Merci xoxo, à demain XOXO'],
  ['a word in a query', 'https://a.example/search?q=xox&lang=fr'],
  ['Slack escapes and a question', 'Qui a dit &lt;non&gt;? <https://a.example/?a=1&amp;b=2|ici>'],
  ['a fragment', 'https://a.example/f?v=1#section-2'],
];

describe('stripSlackSecrets', () => {
  it.each(cases)('removes %s', (_name, input, expected) => {
    expect(stripSlackSecrets(input)).toBe(expected);
  });

  it.each(kept)('keeps %s as written', (_name, input) => {
    expect(stripSlackSecrets(input)).toBe(input);
  });

  it('leaves URLs valid, with every other parameter and the fragment', () => {
    for (const [, input, expected] of cases.filter(([, input]) => /^https:\/\/\S+$/.test(input))) {
      const url = new URL(stripSlackSecrets(input));
      expect(url.href).toBe(expected);
      expect([...url.searchParams.values()].some((value) => SECRET.test(value))).toBe(false);
    }
    const url = new URL(stripSlackSecrets(`https://a.example/f?a=1&t=${XOXE}&b=%C3%A9#top`));
    expect([...url.searchParams]).toEqual([
      ['a', '1'],
      ['b', 'é'],
    ]);
    expect(url.hash).toBe('#top');
  });

  it('keeps null and undefined', () => {
    expect(stripSlackSecretsFrom(null)).toBeNull();
    expect(stripSlackSecretsFrom(undefined)).toBeUndefined();
    expect(stripSlackSecretsFrom(`a ${XOXB}`)).toBe('a ');
  });

  it('leaves no secret in any text, and a second pass changes nothing', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        'xox', 'xoxb-', 'xoxe-1-', 'XOXP-', 'xoxe.', 'b-', '1', 'FAKE', '-', '?', '#', '&', '&amp;', '=', 't=', 'token=',
        '%2D', '%3D', '<', '>', '|', ' ', '\n', '"', '(', ')', 'https://files.slack.com/f.png', 'é',
      ),
      fc.string({ maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const once = stripSlackSecrets(pieces.join(''));
        expect(once).not.toMatch(SECRET);
        expect(stripSlackSecrets(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  it('removes a parameter holding a secret even when a broken percent escape stops it being decoded', () => {
    expect(stripSlackSecrets('https://files.slack.com/x?t=xoxe-1-abc%E0%A4%A&b=2')).toBe('https://files.slack.com/x?b=2');
    expect(stripSlackSecrets('https://files.slack.com/x?u=https%3A%2F%2Fa%3Ft%3Dxoxe-1%E0%A4%A&b=2')).toBe('https://files.slack.com/x?b=2');
  });
});
