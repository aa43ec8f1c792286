import { describe, expect, it } from 'vitest';
import { FileTable } from './file-table.ts';

describe('FileTable', () => {
  it('gives back every name and size by number, past its first capacity, accents included', () => {
    const table = new FileTable();
    const names = Array.from({ length: 1_000 }, (_, i) => `général-${i}/2020-01-${String((i % 28) + 1).padStart(2, '0')}.json`);
    names.forEach((name, i) => expect(table.add(name, i * 1_000_003)).toBe(i));
    expect(table.count).toBe(1_000);
    names.forEach((name, i) => {
      expect(table.name(i)).toBe(name);
      expect(table.size(i)).toBe(i * 1_000_003);
    });
  });

  it('finds a file by its exact name only', () => {
    const table = new FileTable();
    for (const name of ['users.json', 'channels.json', 'équipe/2020-01-01.json', 'groups.json']) table.add(name, 1);
    expect(table.find('channels.json')).toBe(1);
    expect(table.find('équipe/2020-01-01.json')).toBe(2);
    expect(table.find('groups.json')).toBe(3);
    // Same length in bytes, other bytes; a prefix; a longer name: none is a match.
    expect(table.find('channels.jsox')).toBeUndefined();
    expect(table.find('users.jso')).toBeUndefined();
    expect(table.find('users.json.bak')).toBeUndefined();
    expect(new FileTable().find('users.json')).toBeUndefined();
  });

  it('refuses a number it never gave', () => {
    const table = new FileTable();
    table.add('users.json', 10);
    expect(() => table.name(1)).toThrow(RangeError);
    expect(() => table.size(-1)).toThrow(RangeError);
  });
});
