/**
 * Articles as files in a collection's folder: a web article is written in the stored form (see
 * corpus/stored-form.ts) under a name made from its title, replacing the article already there
 * from the same page (same canonical URL) or the same source, never beside it. Writes go through
 * a temporary file and a rename, so a reader (or a kill -9) sees the old file or the new, whole.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFileStart, writeFileAtomically } from '../files.ts';
import { basename, extname, join } from 'node:path';
import { formatStoredArticle, readFrontMatter, type StoredDocument } from '../corpus/stored-form.ts';

/** Longest file name made from a title (without extension). */
const MAX_NAME_CHARS = 60;
/** A front matter is short: only this much of each file is read to find the article a page replaces. */
const FRONT_MATTER_BYTES = 4096;

export interface StoredFile {
  /** The article's id: its file name without the extension. */
  id: string;
  file: string;
  /** The article this one replaced (same page or source), by id; null when it is new. */
  replaced: string | null;
}

/** A file name from a title: lower-case letters and digits joined by dashes ("sweden-drops-assange-rape-investigation"). */
export function nameFromTitle(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .match(/[a-z0-9]+/g);
  let name = '';
  for (const word of words ?? []) {
    if (name.length + word.length + 1 > MAX_NAME_CHARS) break;
    name = name ? `${name}-${word}` : word;
  }
  return name || 'article';
}

/** The metadata that identifies where a stored article came from, read from the start of its file; null when it has none. */
function storedOrigin(file: string): { url: string | null; source: string | null } | null {
  let head: Buffer;
  try {
    head = readFileStart(file, FRONT_MATTER_BYTES);
  } catch {
    return null;
  }
  const front = readFrontMatter(head.toString('utf8'));
  return front && { url: front.metadata.url, source: front.metadata.source };
}

/** The article files of a folder (.md and .txt), by id. */
export function articleFiles(folder: string): Map<string, string> {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return new Map();
  }
  return new Map(names.filter((name) => ['.md', '.txt'].includes(extname(name).toLowerCase())).map((name) => [basename(name, extname(name)), join(folder, name)]));
}

/** The stored web article (a .md file) that came from the same page (canonical URL) or the same source, if any. */
export function findSameOrigin(folder: string, origin: { url: string | null; source: string | null }): string | undefined {
  for (const [id, file] of articleFiles(folder)) {
    if (extname(file).toLowerCase() !== '.md') continue;
    const stored = storedOrigin(file);
    if (!stored) continue;
    if ((origin.url && stored.url === origin.url) || (origin.source && stored.source === origin.source)) return id;
  }
  return undefined;
}

/**
 * Stores a web article in the folder: over the article from the same page or source when there is
 * one (keeping its name, so citations stay stable), else under a new name from its title.
 */
export function storeArticle(folder: string, document: StoredDocument): StoredFile {
  mkdirSync(folder, { recursive: true });
  const replaced = findSameOrigin(folder, document.metadata) ?? null;
  let id = replaced;
  if (id === null) {
    const existing = articleFiles(folder);
    const base = nameFromTitle(document.title);
    id = base;
    for (let n = 2; existing.has(id); n++) id = `${base}-${n}`;
  }
  const file = join(folder, `${id}.md`);
  writeFileAtomically(file, formatStoredArticle(document));
  return { id, file, replaced };
}

/** Removes an article's file; false when there was none. */
export function removeArticle(folder: string, id: string): boolean {
  const file = articleFiles(folder).get(id);
  if (!file) return false;
  rmSync(file, { force: true });
  return true;
}

/** How many articles a folder holds and their total size in bytes. */
export function folderUsage(folder: string): { articles: number; bytes: number } {
  let bytes = 0;
  const files = articleFiles(folder);
  for (const file of files.values()) {
    try {
      bytes += statSync(file).size;
    } catch {
      // Gone meanwhile: it no longer counts.
    }
  }
  return { articles: files.size, bytes };
}
