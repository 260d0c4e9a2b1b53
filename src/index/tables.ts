/**
 * Named typed arrays and string lists in one binary file: what ingest derives from the articles,
 * read back at start-up as views on the file's bytes, with no parsing of the numbers.
 *
 * Layout: "QBT1", a u32 header length, the header (JSON: each column's name, type and place), then
 * the numeric columns, each aligned to 4 bytes. String lists live in the header.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

export type Column = Int32Array | Float32Array | string[];
export type Tables = Record<string, Column>;

const MAGIC = 'QBT1';

interface ColumnEntry {
  name: string;
  type: 'i32' | 'f32' | 'str';
  /** Byte offset of the numbers (numeric columns), from the start of the data. */
  offset?: number;
  length?: number;
  strings?: string[];
}

/** The file's pieces in order; the columns are views on the arrays, not copies. */
function encodedParts(tables: Tables): Buffer[] {
  const entries: ColumnEntry[] = [];
  const parts: Buffer[] = [];
  let offset = 0;
  for (const [name, column] of Object.entries(tables)) {
    if (Array.isArray(column)) {
      entries.push({ name, type: 'str', strings: column });
      continue;
    }
    const bytes = Buffer.from(column.buffer, column.byteOffset, column.byteLength);
    entries.push({ name, type: column instanceof Int32Array ? 'i32' : 'f32', offset, length: column.length });
    parts.push(bytes);
    offset += bytes.length;
  }
  const header = Buffer.from(JSON.stringify(entries));
  const preamble = Buffer.alloc(8);
  preamble.write(MAGIC, 0, 'latin1');
  preamble.writeUInt32LE(header.length, 4);
  const padding = Buffer.alloc((4 - ((8 + header.length) % 4)) % 4);
  return [preamble, header, padding, ...parts];
}

export function encodeTables(tables: Tables): Buffer {
  return Buffer.concat(encodedParts(tables));
}

/** Writes the encoded tables to a file piece by piece (no copy of the whole in memory) and returns their SHA-256. */
export function writeTables(file: string, tables: Tables): string {
  const hash = createHash('sha256');
  const descriptor = openSync(file, 'w');
  try {
    for (const part of encodedParts(tables)) {
      hash.update(part);
      for (let written = 0; written < part.length; ) written += writeSync(descriptor, part, written);
    }
  } finally {
    closeSync(descriptor);
  }
  return hash.digest('hex');
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
  for (const entry of entries) {
    if (entry.type === 'str') {
      tables[entry.name] = entry.strings ?? [];
      continue;
    }
    const { offset = 0, length = 0 } = entry;
    if (offset + length * 4 > data.length) throw new Error(`column ${entry.name} runs past the end`);
    const at = data.byteOffset + offset;
    tables[entry.name] = entry.type === 'i32' ? new Int32Array(data.buffer, at, length) : new Float32Array(data.buffer, at, length);
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
