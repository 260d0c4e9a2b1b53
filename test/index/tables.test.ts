import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32Hex } from '../../src/hash.ts';
import { decodeTables, encodeTables, TableReader, writeTables } from '../../src/index/tables.ts';
import { temporaryFolder } from '../helpers.ts';

const TABLES = {
  ids: Int32Array.from([1, -2, 3]),
  scores: Float32Array.from([0.5, -1.25]),
  words: ['Assange', 'Moreno', '', 'Zoë – “quoted”'],
  empty: new Int32Array(0),
};

/** The same bytes at a given offset inside a larger buffer: what a pooled or sliced read looks like. */
function at(bytes: Buffer, shift: number): Buffer {
  const larger = Buffer.alloc(bytes.length + shift);
  bytes.copy(larger, shift);
  return larger.subarray(shift);
}

describe('tables file', () => {
  it.each([0, 1, 2, 3])('reads back what it wrote, from bytes shifted by %i', (shift) => {
    const decoded = decodeTables(at(encodeTables(TABLES), shift));
    expect(decoded).toEqual(TABLES);
    const reader = new TableReader(decoded);
    expect([...reader.ints('ids')]).toEqual([1, -2, 3]);
    expect([...reader.floats('scores')]).toEqual([0.5, -1.25]);
    expect(reader.strings('words')).toEqual(TABLES.words);
  });

  it.each([
    ['not a tables file', Buffer.from('JSON{}'), /not a tables file/],
    ['a truncated header', encodeTables(TABLES).subarray(0, 20), /truncated header/],
    ['a column cut short', encodeTables(TABLES).subarray(0, encodeTables(TABLES).length - 4), /runs past the end/],
  ])('refuses %s', (_case, bytes, message) => {
    expect(() => decodeTables(bytes)).toThrow(message);
  });

  it('writes to a file piece by piece exactly what it encodes, and returns its checksum', () => {
    const file = join(temporaryFolder(), 'tables.bin');
    const checksum = writeTables(file, TABLES);
    const bytes = readFileSync(file);
    expect(bytes.equals(encodeTables(TABLES))).toBe(true);
    expect(checksum).toBe(crc32Hex(bytes));
  });

  it('refuses a string holding NUL, which separates the strings in the file', () => {
    expect(() => encodeTables({ words: ['a\0b'] })).toThrow('the text column words holds a NUL character');
  });

  it('refuses a text column whose count of strings is not the one its header gives', () => {
    const bytes = encodeTables({ words: ['one', 'two'], ids: Int32Array.from([7]) });
    // Turn the separator into a letter: the column now reads as one string, not two.
    bytes[bytes.indexOf('one\0two') + 3] = 0x2d;
    expect(() => decodeTables(bytes)).toThrow('the text column words holds 1 strings, not 2');
  });

  it('names a missing column, or one of another kind', () => {
    const reader = new TableReader(decodeTables(encodeTables(TABLES)));
    expect(() => reader.ints('words')).toThrow('the stored tables lack the number column words');
    expect(() => reader.strings('nothing')).toThrow('the stored tables lack the text column nothing');
  });
});
