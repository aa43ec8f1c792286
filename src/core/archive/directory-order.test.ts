import { describe, expect, it } from 'vitest';
import type { ChannelKind } from '../db/schema/archive.ts';
import { compareDirectoryEntries } from './directory-order.ts';

const entry = (kind: ChannelKind, label: string) => ({ kind, label });

describe('directory order', () => {
  it('lists channels, then group messages, then direct messages', () => {
    const sorted = [entry('dm', 'Aline'), entry('mpim', 'Aline, Bruno'), entry('private', 'zèbre'), entry('public', 'annonces')].sort(compareDirectoryEntries);
    expect(sorted.map((e) => e.kind)).toEqual(['public', 'private', 'mpim', 'dm']);
  });

  it('sorts names naturally and without regard to accents or case', () => {
    const names = ['général', 'Zoo', 'événements', 'canal-10', 'canal-9', 'equipe', 'annonces'];
    const sorted = names.map((name) => entry('public', name)).sort(compareDirectoryEntries).map((e) => e.label);
    expect(sorted).toEqual(['annonces', 'canal-9', 'canal-10', 'equipe', 'événements', 'général', 'Zoo']);
  });
});
