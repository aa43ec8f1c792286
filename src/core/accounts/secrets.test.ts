import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestsEqual, generateCode, generateToken, hashSecret } from './secrets.ts';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

describe('generateToken', () => {
  it('gives 160 random bits by default, URL-safe and unpadded (links need at least 128)', () => {
    const token = generateToken();
    expect(token).toMatch(BASE64URL);
    expect(token).toHaveLength(27);
    expect(Buffer.from(token, 'base64url')).toHaveLength(20);
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('gives as many bytes as asked for', () => {
    const token = generateToken(15);
    expect(token).toMatch(BASE64URL);
    expect(token).toHaveLength(20);
    expect(Buffer.from(token, 'base64url')).toHaveLength(15);
  });

  it('never repeats itself', () => {
    const tokens = new Set(Array.from({ length: 5000 }, () => generateToken()));
    expect(tokens.size).toBe(5000);
  });
});

describe('generateCode', () => {
  it('gives exactly eight digits', () => {
    for (let i = 0; i < 2000; i++) expect(generateCode()).toMatch(/^\d{8}$/);
  });

  it('draws every digit at every position about equally often, leading zeros included', () => {
    const draws = 20_000;
    // counts[position][digit]
    const counts = Array.from({ length: 8 }, () => new Array<number>(10).fill(0));
    const codes = new Set<string>();
    for (let i = 0; i < draws; i++) {
      const code = generateCode();
      codes.add(code);
      for (let position = 0; position < 8; position++) counts[position]![Number(code[position])]! += 1;
    }
    // 2,000 expected per cell, standard deviation about 42: 20% off is far beyond chance.
    for (const position of counts) {
      for (const count of position) {
        expect(count).toBeGreaterThan(1600);
        expect(count).toBeLessThan(2400);
      }
    }
    // Birthday bound for 20,000 draws among 10^8: about 2 collisions expected.
    expect(codes.size).toBeGreaterThan(draws - 20);
  });
});

describe('hashSecret', () => {
  it('is the hex SHA-256 of the secret', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const token = generateToken();
    expect(hashSecret(token)).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hashSecret(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs for secrets one character apart', () => {
    expect(hashSecret('12345678')).not.toBe(hashSecret('12345679'));
  });
});

describe('digestsEqual', () => {
  const digest = hashSecret('secret');

  it('accepts the same digest', () => {
    expect(digestsEqual(digest, hashSecret('secret'))).toBe(true);
  });

  it('refuses digests differing anywhere, including only in the last or first character', () => {
    expect(digestsEqual(digest, hashSecret('secreT'))).toBe(false);
    const lastFlipped = digest.slice(0, -1) + (digest.endsWith('0') ? '1' : '0');
    const firstFlipped = (digest.startsWith('0') ? '1' : '0') + digest.slice(1);
    expect(digestsEqual(digest, lastFlipped)).toBe(false);
    expect(digestsEqual(digest, firstFlipped)).toBe(false);
  });

  it('refuses digests of another length, and empty ones', () => {
    expect(digestsEqual(digest, digest.slice(0, 62))).toBe(false);
    expect(digestsEqual(digest, `${digest}00`)).toBe(false);
    expect(digestsEqual('', '')).toBe(false);
    expect(digestsEqual(digest, '')).toBe(false);
  });
});
