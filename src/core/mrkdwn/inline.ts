import { angleEnd, angleLabel, parseAngle } from './angle.ts';
import { emojiFromShortcode } from './emoji.ts';
import { decodeSlackEntities } from './entities.ts';
import type { MentionResolver } from './mention-resolver.ts';
import { appendNode, type Node, type StyledNode } from './tree.ts';

type Marker = '*' | '_' | '~';

const STYLE_TAGS: Record<Marker, StyledNode['type']> = { '*': 'strong', '_': 'em', '~': 'del' };

interface MarkerToken {
  kind: 'marker';
  char: Marker;
  canOpen: boolean;
  canClose: boolean;
  role: 'open' | 'close' | undefined;
}

type Token = { kind: 'node'; node: Node } | MarkerToken;

/** An open marker, with how many content tokens preceded it. */
interface Opener { token: MarkerToken; contentBefore: number }

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const SPACE_CHAR = /\s/u;
// iamcal's longest short name has 54 characters.
const SHORTCODE = /:([a-z0-9_+-]{1,64}):/y;
const SKIN_TONE = /:(skin-tone-[2-6]):/y;

/**
 * Parses one line of text (no newlines, no ``` blocks) into inline nodes.
 * `<…>` constructs, code spans and emoji are read first as atoms, then the
 * formatting markers between them are paired.
 */
export function parseInline(line: string, resolve: MentionResolver): Node[] {
  const tokens: Token[] = [];
  let textStart = 0;
  const flushText = (end: number): void => {
    if (end > textStart) tokens.push({ kind: 'node', node: { type: 'text', value: decodeSlackEntities(line.slice(textStart, end)) } });
  };
  let i = 0;
  while (i < line.length) {
    const char = line[i];
    let atom: Node | undefined;
    let end = i + 1;
    if (char === '<') {
      const close = angleEnd(line, i);
      if (close !== -1) {
        atom = parseAngle(line.slice(i + 1, close), resolve);
        end = close + 1;
      }
    } else if (char === '`') {
      const close = line.indexOf('`', i + 1);
      if (close > i + 1) {
        atom = { type: 'code', value: codeText(line.slice(i + 1, close), resolve) };
        end = close + 1;
      }
    } else if (char === ':') {
      const emoji = emojiAt(line, i);
      if (emoji !== undefined) {
        atom = { type: 'text', value: emoji.value };
        end = emoji.end;
      }
    } else if (char === '*' || char === '_' || char === '~') {
      flushText(i);
      tokens.push(markerAt(line, i, char));
      textStart = i + 1;
    }
    if (atom !== undefined) {
      flushText(i);
      tokens.push({ kind: 'node', node: atom });
      textStart = end;
    }
    i = end;
  }
  flushText(line.length);
  pairMarkers(tokens);
  return buildTree(tokens);
}

/** `:name:` with an optional `:skin-tone-N:` right after; unknown (custom) names stay text. */
function emojiAt(line: string, at: number): { value: string; end: number } | undefined {
  SHORTCODE.lastIndex = at;
  const name = SHORTCODE.exec(line)?.[1];
  const plain = name === undefined ? undefined : emojiFromShortcode(name);
  if (plain === undefined) return undefined;
  const end = SHORTCODE.lastIndex;
  SKIN_TONE.lastIndex = end;
  const tone = SKIN_TONE.exec(line)?.[1];
  return tone === undefined
    ? { value: plain, end }
    : { value: emojiFromShortcode(`${name}::${tone}`) ?? plain, end: SKIN_TONE.lastIndex };
}

/**
 * Code shows its content verbatim: no formatting or emoji, but Slack's `<…>`
 * constructs (links Slack added, mentions) read as the words the author typed.
 */
export function codeText(raw: string, resolve: MentionResolver): string {
  let out = '';
  let from = 0;
  let open = raw.indexOf('<');
  while (open !== -1) {
    const close = angleEnd(raw, open);
    if (close === -1) {
      open = raw.indexOf('<', open + 1);
      continue;
    }
    out += decodeSlackEntities(raw.slice(from, open)) + angleLabel(parseAngle(raw.slice(open + 1, close), resolve));
    from = close + 1;
    open = raw.indexOf('<', from);
  }
  return out + decodeSlackEntities(raw.slice(from));
}

/**
 * Slack's boundary rule, roughly: an opening marker follows a non-word
 * character and precedes a non-space; a closing one mirrors that. This keeps
 * `snake_case_name`, `2*3*4` and `* list item` literal.
 */
function markerAt(line: string, at: number, char: Marker): MarkerToken {
  const before = charBefore(line, at);
  const after = String.fromCodePoint(line.codePointAt(at + 1) ?? 0x20);
  return {
    kind: 'marker',
    char,
    canOpen: !WORD_CHAR.test(before) && !SPACE_CHAR.test(after),
    canClose: !SPACE_CHAR.test(before) && !WORD_CHAR.test(after),
    role: undefined,
  };
}

/** The whole code point before `at`, so astral letters count as letters; a space at line start. */
function charBefore(line: string, at: number): string {
  if (at === 0) return ' ';
  const low = line.charCodeAt(at - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1;
  return String.fromCodePoint(line.codePointAt(start) ?? 0x20);
}

/**
 * Pairs each closer with the nearest open marker of the same kind; markers
 * opened inside that span and still unclosed stay literal. A span must hold
 * something besides markers, so in `*_~*_~x~_*~_*` the inner `*` opens
 * rather than closing an empty span. Per-kind stacks make each marker pushed
 * and popped at most once, so this is linear.
 */
function pairMarkers(tokens: Token[]): void {
  const openers: Opener[] = [];
  const openersByKind: Record<Marker, Opener[]> = { '*': [], '_': [], '~': [] };
  let content = 0;
  for (const token of tokens) {
    if (token.kind !== 'marker') {
      content++;
      continue;
    }
    const sameKind = openersByKind[token.char];
    const opener = sameKind.at(-1);
    if (token.canClose && opener !== undefined && opener.contentBefore < content) {
      for (let inner = openers.pop(); inner !== opener && inner !== undefined; inner = openers.pop()) {
        openersByKind[inner.token.char].pop();
      }
      sameKind.pop();
      opener.token.role = 'open';
      token.role = 'close';
    } else if (token.canOpen) {
      const entry = { token, contentBefore: content };
      openers.push(entry);
      sameKind.push(entry);
    }
  }
}

/**
 * Pairs are properly nested, so a stack of open elements suffices. A style
 * nested in itself (`*a *b* c*`) adds nothing visible, so the inner pair is
 * folded into the outer element; that also caps the depth at three.
 */
function buildTree(tokens: Token[]): Node[] {
  const root: Node[] = [];
  const frames: Node[][] = [];
  const openCount: Record<Marker, number> = { '*': 0, '_': 0, '~': 0 };
  for (const token of tokens) {
    const children = frames.at(-1) ?? root;
    if (token.kind === 'node') {
      appendNode(children, token.node);
    } else if (token.role === 'open') {
      if (openCount[token.char]++ > 0) {
        frames.push(children);
      } else {
        const element: StyledNode = { type: STYLE_TAGS[token.char], children: [] };
        children.push(element);
        frames.push(element.children);
      }
    } else if (token.role === 'close') {
      openCount[token.char]--;
      frames.pop();
    } else {
      appendNode(children, { type: 'text', value: token.char });
    }
  }
  return root;
}
