/**
 * Made-up secret-shaped values, built at test time so that no file in the repository holds one (a
 * secret scanner on the repository, or GitHub's push protection, must not trip on our fixtures).
 *
 * Fixtures spell each value as a marker: `{{hex:64}}`, `{{alnum:36}}`, `{{upper:16}}` (A–Z, 0–9),
 * `{{lower:16}}` (a–z, 0–9), `{{digits:12}}`, `{{b64:40}}`, `{{b64url:43}}`, `{{django:50}}` (Django's
 * SECRET_KEY alphabet), `{{uuid}}`, `{{jwt}}` and `{{basic}}` (HTTP Basic credentials, base64 of `deploy:…`). Values are pseudo-random and deterministic: the same
 * file always expands the same way, and its line numbers do not change.
 */
import { seededRandom } from '../../../support/seededRandom';

const ALPHABETS = {
  hex: '0123456789abcdef',
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  lower: 'abcdefghijklmnopqrstuvwxyz0123456789',
  digits: '0123456789',
  b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  b64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  django: 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)',
};

/** A small seeded generator (test/support/seededRandom.ts), seeded from a string (FNV-1a). */
export function randomSource(seed: string): () => number {
  let state = 0x811c9dc5;
  for (const char of seed) {
    state = Math.imul(state ^ char.charCodeAt(0), 0x01000193) >>> 0;
  }
  return seededRandom(state);
}

export function randomString(random: () => number, alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** One made-up value of `length` characters from an alphabet above; another `seed` gives another value. */
export function fake(kind: keyof typeof ALPHABETS, length: number, seed = ''): string {
  return randomString(randomSource(`${kind}:${length}:${seed}`), ALPHABETS[kind], length);
}

/** An HS256 JWT with ordinary claims and a made-up signature. */
export function fakeJwt(random: () => number): string {
  const header = base64url({ alg: 'HS256', typ: 'JWT' });
  const payload = base64url({ sub: `u_${randomString(random, ALPHABETS.digits, 8)}`, tenant: 'corp', roles: ['order:read'], iat: 1718000000, exp: 1718007200 });
  return `${header}.${payload}.${randomString(random, ALPHABETS.b64url, 43)}`;
}

function fakeUuid(random: () => number): string {
  const hex = randomString(random, ALPHABETS.hex, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** The fixture with its markers replaced by values seeded from `name`. */
export function expandFakes(text: string, name: string): string {
  const random = randomSource(name);
  return text.replace(/\{\{(\w+)(?::(\d+))?\}\}/g, (marker, kind: string, length?: string) => {
    if (kind === 'jwt') {
      return fakeJwt(random);
    }
    if (kind === 'uuid') {
      return fakeUuid(random);
    }
    if (kind === 'basic') {
      return Buffer.from(`deploy:${randomString(random, ALPHABETS.alnum, 20)}`).toString('base64');
    }
    const alphabet = (ALPHABETS as Record<string, string>)[kind];
    if (!alphabet || !length) {
      throw new Error(`${name}: unknown fake value ${marker}`);
    }
    return randomString(random, alphabet, Number(length));
  });
}
