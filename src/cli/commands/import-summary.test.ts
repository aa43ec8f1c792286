import { describe, expect, it } from 'vitest';
import { emptySummary, type ImportSummary } from '../../core/slack-import/import-export.ts';
import { printSummary } from './import.ts';

const summary = (changes: Partial<ImportSummary>): ImportSummary => ({ ...emptySummary('export.zip'), ...changes });

function printed(changes: Partial<ImportSummary>): string[] {
  const lines: string[] = [];
  printSummary(summary(changes), (line) => lines.push(line));
  return lines;
}

describe('the import summary on the terminal', () => {
  it('prints control characters of names escaped: an ANSI escape cannot drive the terminal, a newline cannot split a line', () => {
    const lines = printed({ skipped: [{ item: '\u001b[2J\u001b[31mrouge\nfaux/', reason: 'folder not listed' }], ignored: ['notes\u0007.txt'] });
    for (const line of lines) expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(lines).toContain('    \\x1b[2J\\x1b[31mrouge\\nfaux/: folder not listed');
    expect(lines).toContain('  not archived  notes\\x07.txt');
  });

  it('names each ignored field once, with its count and example, and the records left out apart', () => {
    const lines = printed({
      dropped: 2,
      ignoredFields: [{ file: 'channels.json', field: 'created', count: 121, example: 'channels.json [0]: expected number (["x"])' }],
    });
    expect(lines).toContain('  left out      2 records without a usable id or ts (listed below)');
    expect(lines).toContain('    channels.json: created × 121, e.g. channels.json [0]: expected number (["x"])');
  });
});
