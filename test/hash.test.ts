import { describe, expect, it } from 'vitest';
import { crc32Hex } from '../src/hash.ts';

describe('crc32Hex', () => {
  it.each([
    ['text', [Buffer.from('hello')], '3610a686'],
    ['the same text in pieces', [Buffer.from('hel'), Buffer.from('lo')], '3610a686'],
    ['empty pieces, as views on empty arrays, between them', [Buffer.from('hel'), Buffer.from(new Int32Array(0).buffer), new Uint8Array(0), Buffer.from('lo')], '3610a686'],
    ['nothing', [], '00000000'],
  ])('%s', (_case, pieces, expected) => {
    let sum = crc32Hex(new Uint8Array(0));
    for (const piece of pieces) sum = crc32Hex(piece, sum);
    expect(sum).toBe(expected);
  });
});
