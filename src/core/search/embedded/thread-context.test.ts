import Libsql from 'libsql';
import { describe, expect, it } from 'vitest';
import { indexEntryOf } from './index-entry.ts';
import { ThreadContext } from './thread-context.ts';

describe('thread context', () => {
  it('reads a root it was not shown from the archive, and remembers the roots it was shown', () => {
    const db = new Libsql(':memory:');
    db.exec("CREATE TABLE messages (channel_id TEXT, ts TEXT, plain TEXT); INSERT INTO messages VALUES ('C1', '1.000100', 'How do I debug this C code?')");
    const threads = new ThreadContext(db);
    expect(threads.of('C1', '1.000100')).toBe('debug code cod');
    expect(threads.of('C1', '9.000900')).toBe('');
    expect(threads.of('C2', '1.000100')).toBe('');
    const root = indexEntryOf({ channelId: 'C3', ts: '2.000200', tsMs: 2000, authorId: 'U1', year: 2024, text: 'Les réunions du comité', hasFile: false, hasLink: false, hasReaction: false, isThread: true, threadTs: '2.000200', rootText: null });
    threads.remember(root);
    expect(threads.of('C3', '2.000200').split(' ')).toEqual(expect.arrayContaining(['reunions', 'comite', 'reunion']));
    db.close();
  });
});
