/**
 * Named typed arrays and string lists in one binary file: what ingest derives from the articles,
 * read back at start-up as views on the file's bytes, with no parsing of the numbers.
 *
 * Layout: "QBT2", a u32 header length, the header (JSON: each column's name, type and place), then
 * the columns, each aligned to 4 bytes: numbers as they lie in memory, string lists as UTF-8
 * joined by NUL. A string list is decoded when first used, so that a start-up pays only for the
 * lists it needs (10 MB corpus: the /lookup terms are 0.7 MB that a question never reads).
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { crc32Hex } from '../hash.ts';

export type Column = Int32Array | Float32Array | string[];
export type Tables = Record<string, Column>;

const MAGIC = 'QBT2';
const SEPARATOR = '\0';

interface ColumnEntry {
  name: string;
  type: 'i32' | 'f32' | 'str';
  /** Byte offset of the column from the start of the data. */
  offset: number;
  /** Numbers or strings in the column. */
  length: number;
  /** Bytes of UTF-8 (string lists). */
  bytes?: number;
}

const padding = (length: number) => Buffer.alloc((4 - (length % 4)) % 4);

/** The file's pieces in order; numeric columns are views on the arrays, not copies. */
function encodedParts(tables: Tables): Buffer[] {
  const entries: ColumnEntry[] = [];
  const parts: Buffer[] = [];
  let offset = 0;
  for (const [name, column] of Object.entries(tables)) {
    let bytes: Buffer;
    if (Array.isArray(column)) {
      if (column.some((text) => text.includes(SEPARATOR))) throw new Error(`the text column ${name} holds a NUL character`);
      bytes = Buffer.from(column.join(SEPARATOR), 'utf8');
      entries.push({ name, type: 'str', offset, length: column.length, bytes: bytes.length });
    } else {
      bytes = Buffer.from(column.buffer, column.byteOffset, column.byteLength);
      entries.push({ name, type: column instanceof Int32Array ? 'i32' : 'f32', offset, length: column.length });
    }
    const aligned = padding(bytes.length);
    parts.push(bytes, aligned);
    offset += bytes.length + aligned.length;
  }
  const header = Buffer.from(JSON.stringify(entries));
  const preamble = Buffer.alloc(8);
  preamble.write(MAGIC, 0, 'latin1');
  preamble.writeUInt32LE(header.length, 4);
  return [preamble, header, padding(8 + header.length), ...parts];
}

export function encodeTables(tables: Tables): Buffer {
  return Buffer.concat(encodedParts(tables));
}

/**
 * Writes the encoded tables to a file piece by piece (no copy of the whole in memory), synced to
 * disk before it is closed, and returns their CRC-32.
 */
export function writeTables(file: string, tables: Tables): string {
  let sum = crc32Hex(new Uint8Array(0));
  const descriptor = openSync(file, 'w');
  try {
    for (const part of encodedParts(tables)) {
      sum = crc32Hex(part, sum);
      for (let written = 0; written < part.length; ) written += writeSync(descriptor, part, written);
    }
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  return sum;
}

function separators(utf8: Buffer): number {
  let count = 0;
  for (let at = utf8.indexOf(0); at !== -1; at = utf8.indexOf(0, at + 1)) count++;
  return count;
}

/** The tables of an encoded file; an Error naming the problem when it is not one. */
export function decodeTables(bytes: Buffer): Tables {
  if (bytes.length < 8 || bytes.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a tables file');
  const headerLength = bytes.readUInt32LE(4);
  if (8 + headerLength > bytes.length) throw new Error('truncated header');
  const entries = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength)) as ColumnEntry[];
  const dataStart = 8 + headerLength + ((4 - ((8 + headerLength) % 4)) % 4);
  // Every column is a view on the data: on the file's own bytes when they sit 4-byte aligned
  // (a file read whole usually does), else on one aligned copy.
  let data = new Uint8Array(bytes.buffer, bytes.byteOffset + dataStart, bytes.length - dataStart);
  if (data.byteOffset % 4 !== 0) data = Uint8Array.from(data);
  const tables: Tables = {};
  for (const { name, type, offset, length, bytes = length * 4 } of entries) {
    if (offset + bytes > data.length) throw new Error(`column ${name} runs past the end`);
    const at = data.byteOffset + offset;
    if (type === 'str') {
      const utf8 = Buffer.from(data.buffer, at, bytes);
      // Counted now (memchr-fast), so that a file that reads at all reads whole later.
      const count = length === 0 ? 0 : separators(utf8) + 1;
      if (count !== length) throw new Error(`the text column ${name} holds ${count} strings, not ${length}`);
      Object.defineProperty(tables, name, {
        enumerable: true,
        configurable: true,
        get: () => {
          const strings = length === 0 ? [] : utf8.toString('utf8').split(SEPARATOR);
          Object.defineProperty(tables, name, { value: strings, enumerable: true });
          return strings;
        },
      });
    } else {
      tables[name] = type === 'i32' ? new Int32Array(data.buffer, at, length) : new Float32Array(data.buffer, at, length);
    }
  }
  return tables;
}

/** Typed access to decoded columns: an Error naming a column that is missing or of another kind. */
export class TableReader {
  constructor(private readonly tables: Tables) {}

  ints(name: string): Int32Array {
    const found = this.tables[name];
    if (!(found instanceof Int32Array)) throw new Error(`the stored tables lack the number column ${name}`);
    return found;
  }

  floats(name: string): Float32Array {
    const found = this.tables[name];
    if (!(found instanceof Float32Array)) throw new Error(`the stored tables lack the vector column ${name}`);
    return found;
  }

  strings(name: string): string[] {
    const found = this.tables[name];
    if (!Array.isArray(found)) throw new Error(`the stored tables lack the text column ${name}`);
    return found;
  }
}
