import fc from 'fast-check';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { NameLookup, NameTableBuilder, nameTableOf } from './name-table.ts';

describe('the shared name table', () => {
  it('finds every id it holds, and nothing else, whatever the ids and names', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' })), { selector: ([id]) => id, maxLength: 60 }), fc.string(), (entries, other) => {
        const lookup = new NameLookup(nameTableOf(entries));
        expect(lookup.count).toBe(entries.length);
        for (const [id, name] of entries) expect(lookup.name(id)).toBe(name);
        if (!entries.some(([id]) => id === other)) {
          expect(lookup.has(other)).toBe(false);
          expect(lookup.name(other)).toBeUndefined();
        }
        // Sorted by id, bytewise: the order the render fingerprint hashes them in.
        const ids = [...lookup.entries()].map(([id]) => id);
        expect(ids).toEqual(entries.map(([id]) => id).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
      { numRuns: 300, seed: 26 },
    );
  });

  it('grows past its first buffers and keeps every entry (117,000 people)', () => {
    const builder = new NameTableBuilder();
    const count = 117_000;
    // Added in reverse, so that the sort has work to do.
    for (let n = count; n > 0; n--) builder.add(`U${String(n).padStart(9, '0')}`, `membre numéro ${n} — é`);
    const lookup = new NameLookup(builder.build());
    expect(lookup.count).toBe(count);
    expect(lookup.name('U000000001')).toBe('membre numéro 1 — é');
    expect(lookup.name('U000117000')).toBe('membre numéro 117000 — é');
    expect(lookup.name('U000058500')).toBe('membre numéro 58500 — é');
    expect(lookup.has('U000117001')).toBe(false);
    expect(lookup.position('U000000002')).toBe(1);
  });

  it('is read by another thread from the same memory, not a copy', async () => {
    const table = nameTableOf([['U1', 'Amélie'], ['U2', 'Jean']]);
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       new Uint8Array(workerData.bytes)[2] = 'a'.charCodeAt(0); // Amélie → amélie, seen by the parent
       parentPort.postMessage(Buffer.from(workerData.bytes).toString('utf8'));`,
      { eval: true, workerData: table },
    );
    const seen = await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
    await worker.terminate();
    expect(seen).toBe('U1amélieU2Jean');
    expect(new NameLookup(table).name('U1')).toBe('amélie');
  });

  it('an empty table finds nothing', () => {
    const lookup = new NameLookup(nameTableOf([]));
    expect(lookup.count).toBe(0);
    expect(lookup.name('U1')).toBeUndefined();
    expect([...lookup.entries()]).toEqual([]);
  });
});
