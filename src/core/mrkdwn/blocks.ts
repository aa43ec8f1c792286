import { codeText, parseInline } from './inline.ts';
import type { MentionResolver } from './mention-resolver.ts';
import { appendNode, type Node, type QuoteNode } from './tree.ts';

interface TextPiece { kind: 'text'; raw: string }
type Piece = TextPiece | { kind: 'pre'; raw: string };
/** A source line; ``` blocks may hold newlines, so they stay inside the line they start on. */
type Line = [TextPiece, ...Piece[]];

const QUOTE_REST = /^(?:&gt;|>){3} ?/;
const QUOTE_LINE = /^(?:&gt;|>) ?/;

/**
 * Splits a message into lines, ``` blocks and quotes, then hands each text
 * run to the inline parser. Every source line break becomes a `br` node,
 * including those next to blocks; the serializers decide how they render.
 */
export function parseBlocks(source: string, resolve: MentionResolver): Node[] {
  const root: Node[] = [];
  let quote: QuoteNode | undefined;
  let quoteRest = false;
  splitLines(source).forEach(([head, ...pieces], index) => {
    const restMarker = quoteRest ? null : QUOTE_REST.exec(head.raw);
    const lineMarker = quoteRest || restMarker ? null : QUOTE_LINE.exec(head.raw);
    // `>>>` quotes everything after it: the older Slack way to quote several lines.
    quoteRest ||= restMarker !== null;
    const quoted = quoteRest || lineMarker !== null;
    if (index > 0) (quoted && quote ? quote.children : root).push({ type: 'br' });
    if (!quoted) {
      quote = undefined;
    } else if (!quote) {
      quote = { type: 'blockquote', children: [] };
      root.push(quote);
    }
    const target = quote?.children ?? root;
    const markerLength = (restMarker ?? lineMarker)?.[0].length ?? 0;
    appendAll(target, parseInline(head.raw.slice(markerLength), resolve));
    for (const piece of pieces) {
      if (piece.kind === 'pre') target.push({ type: 'pre', value: codeText(piece.raw, resolve) });
      else appendAll(target, parseInline(piece.raw, resolve));
    }
  });
  return root;
}

function appendAll(target: Node[], nodes: Node[]): void {
  for (const node of nodes) appendNode(target, node);
}

function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  let line: Line = [{ kind: 'text', raw: '' }];
  lines.push(line);
  const addText = (raw: string): void => {
    const [first = '', ...others] = raw.split('\n');
    const last = line.at(-1);
    if (last?.kind === 'text') last.raw += first;
    else line.push({ kind: 'text', raw: first });
    for (const other of others) {
      line = [{ kind: 'text', raw: other }];
      lines.push(line);
    }
  };
  let from = 0;
  for (;;) {
    const open = source.indexOf('```', from);
    // Searching from open + 4 demands at least one character inside, so `````` stays text.
    const close = open === -1 ? -1 : source.indexOf('```', open + 4);
    if (close === -1) break;
    addText(source.slice(from, open));
    line.push({ kind: 'pre', raw: trimOneNewline(source.slice(open + 3, close)) });
    from = close + 3;
  }
  addText(source.slice(from));
  return lines;
}

/** Authors put ``` on lines of their own; those newlines are layout, not content. */
function trimOneNewline(raw: string): string {
  const start = raw.startsWith('\n') ? 1 : 0;
  const end = raw.endsWith('\n') && raw.length > start ? raw.length - 1 : raw.length;
  return raw.slice(start, end);
}
