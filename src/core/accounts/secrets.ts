import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Random, URL-safe, 160 bits by default (ASVS asks at least 128 for out-of-band tokens). */
export function generateToken(bytes = 20): string {
  return randomBytes(bytes).toString('base64url');
}

/** Eight digits, uniformly drawn: what people type from an email. */
export function generateCode(): string {
  return String(randomInt(0, 100_000_000)).padStart(8, '0');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares two hex digests without leaking, through timing, where they differ. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
