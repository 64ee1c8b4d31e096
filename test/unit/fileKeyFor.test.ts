import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileKeyFor } from '../../src/runtime/fileKeyFor.js';
import { MAX_TICKET_ID_BYTES } from '../../src/plan/schemaParts.js';

describe('fileKeyFor: one file name per ticket id', () => {
  it('leaves ordinary ids as they are and escapes the rest, so ids that used to share a file do not', () => {
    expect(fileKeyFor('SYS-015')).toBe('SYS-015');
    expect(['a/b', 'a_b', 'a:b', 'a%2Fb'].map(fileKeyFor)).toEqual(['a%2Fb', 'a_b', 'a%3Ab', 'a%252Fb']);
    expect(fileKeyFor('two words')).toBe('two%20words');
    expect(fileKeyFor('é')).toBe('%C3%A9');
    expect(fileKeyFor('..')).toBe('..');
  });

  it('is injective, and every key is a short, safe file name', () => {
    const id = fc.string({ unit: fc.constantFrom('a', 'A', '_', '/', ':', '%', '~', '.', ' ', 'é', '✓', '-', '0'), maxLength: 120 });
    fc.assert(
      fc.property(id, id, (a, b) => {
        for (const k of [fileKeyFor(a), fileKeyFor(b)]) {
          expect(k).toMatch(/^[A-Za-z0-9._%~-]*$/);
          expect(Buffer.byteLength(k)).toBeLessThanOrEqual(200);
        }
        if (a !== b) expect(fileKeyFor(a)).not.toBe(fileKeyFor(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('shortens the longest ids with a hash, keeping their keys apart', () => {
    const long = 'é'.repeat(MAX_TICKET_ID_BYTES / 2);
    const key = fileKeyFor(long);
    expect(key).toMatch(/^(%C3%A9)+~[0-9a-f]{32}$/);
    expect(Buffer.byteLength(`${key}.999.exit`)).toBeLessThan(255);
    expect(fileKeyFor(`${long.slice(1)}e`)).not.toBe(key);
    expect(fileKeyFor('x'.repeat(200))).toMatch(/^x{64}~[0-9a-f]{32}$/);
  });
});
