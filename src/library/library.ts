/**
 * The articles each place may quote, kept live: the operator's articles folder (everywhere, DMs
 * included) and each server's own library (that server only). Every collection is a folder of
 * articles with its index; a change (an article added or removed from Discord, a file dropped
 * into the operator's folder) re-indexes that collection in the indexing worker, then swaps its
 * segment in. A question takes the segments current when it starts (see searcher) and finishes
 * on them, so no answer mixes an old index with a new one.
 */
import { mkdirSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { extname, join } from 'node:path';
import type { Engine, Searcher } from '../answering/engine.ts';
import type { Segment } from '../answering/segment.ts';
import { readSegment, type Collection } from '../app/open.ts';
import type { EngineConfig, LibraryConfig, SourcesConfig } from '../config/config.ts';
import type { Article } from '../corpus/articles.ts';
import type { StoredDocument } from '../corpus/stored-form.ts';
import type { Logger } from '../logger.ts';
import { DEFAULT_ACCEPT, fetchPage, FetchError, type FetchedPage } from '../sources/fetch.ts';
import { FILE_TYPES } from '../sources/read.ts';
import { folderUsage, removeArticle, storeArticle } from './folder.ts';
import { TaskError, type Indexer } from './indexer.ts';

/** How long indexing one collection may take before it is given up. */
const INDEX_TIMEOUT_MS = 10 * 60_000;
/** How long reading one page or file into an article may take (a hostile page can take forever). */
const READ_TIMEOUT_MS = 20_000;
/** A burst of file events (an editor saving, a copy of many files) is handled once, after this quiet. */
const WATCH_DEBOUNCE_MS = 300;
/** Server ids as Discord writes them: the only folder names a library reads. */
const GUILD_FOLDER = /^\d{17,20}$/;

/** What a member gives to add: a link, or a file attached to the command (as Discord describes it). */
export type ArticleInput = { kind: 'url'; url: string } | { kind: 'attachment'; url: string; name: string; size: number };

/** Where an article is available: everywhere (the operator's folder) or in one server. */
export type Owner = { kind: 'operator' } | { kind: 'server'; guildId: string };

export interface LibraryArticle {
  key: string;
  id: string;
  title: string;
  owner: Owner;
  article: Article;
}

/** An error a user can act on: the cap reached, an article that is not there. */
export class LibraryError extends Error {}

interface Shelf {
  collection: Collection;
  /** Null while the collection holds no article. */
  segment: Segment | null;
  /** Changes to this collection, one at a time. */
  changes: Promise<unknown>;
}

export class Library {
  private readonly operator: Shelf;
  private readonly servers = new Map<string, Shelf>();
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;

  private constructor(
    private readonly engine: Engine,
    private readonly config: EngineConfig,
    private readonly library: LibraryConfig,
    private readonly sources: SourcesConfig,
    private readonly indexer: Indexer,
    private readonly log: Logger,
    operator: Segment,
  ) {
    this.operator = { collection: { articlesDir: config.articlesDir, indexDir: config.indexDir }, segment: operator, changes: Promise.resolve() };
  }

  /** The library with the operator's segment given (opened at start-up) and every server's library found on disk. */
  static async open(options: { engine: Engine; config: EngineConfig; library: LibraryConfig; sources: SourcesConfig; indexer: Indexer; log: Logger; operator: Segment }): Promise<Library> {
    const library = new Library(options.engine, options.config, options.library, options.sources, options.indexer, options.log, options.operator);
    let guilds: string[] = [];
    try {
      guilds = readdirSync(options.library.dir).filter((name) => GUILD_FOLDER.test(name));
    } catch {
      // No library yet: no server has added an article.
    }
    for (const guildId of guilds) {
      const shelf = library.shelf(guildId);
      shelf.segment = await library.load(shelf.collection);
    }
    return library;
  }

  /** A searcher over what a place may quote: the operator's articles, and in a server its own; optionally one article alone. */
  searcher(guildId: string | null, article?: string): Searcher {
    return this.engine.searcher(this.segmentsFor(guildId), { article });
  }

  private segmentsFor(guildId: string | null): Segment[] {
    const server = guildId === null ? null : this.servers.get(guildId)?.segment;
    const segments = [this.operator.segment, server].filter((segment): segment is Segment => segment !== null && segment !== undefined);
    if (segments.length === 0) throw new LibraryError('No article is available yet: add one with /article add.');
    return segments;
  }

  /** The articles a place may quote: a server's own first (newest first), then the operator's. */
  articles(guildId: string | null): LibraryArticle[] {
    const server = guildId === null ? null : this.servers.get(guildId)?.segment;
    const describe = (segment: Segment | null | undefined, owner: Owner) =>
      (segment?.articles ?? []).map((article) => ({ key: article.key, id: article.id, title: article.title, owner, article }));
    const own = describe(server, { kind: 'server', guildId: guildId ?? '' }).sort((a, b) => (b.article.metadata.added ?? '').localeCompare(a.article.metadata.added ?? ''));
    return [...own, ...describe(this.operator.segment, { kind: 'operator' })];
  }

  /**
   * Fetches a link, or downloads an attachment from Discord's CDN (and nowhere else), reads it
   * into an article in the indexing worker, and adds it to the server's library (see add). Every
   * problem a member can act on is a LibraryError saying what to do.
   */
  async addFrom(guildId: string, input: ArticleInput): Promise<{ article: LibraryArticle; replaced: boolean }> {
    const page = await this.download(input);
    let document: StoredDocument;
    try {
      const source = { bytes: page.bytes, contentType: page.contentType, charset: page.charset, source: input.kind === 'url' ? input.url : input.name, url: input.kind === 'url' ? page.url : null };
      document = await this.indexer.run({ kind: 'read', source, added: new Date().toISOString() }, READ_TIMEOUT_MS);
    } catch (error) {
      if (error instanceof TaskError) throw new LibraryError(error.source ? error.message : `That page could not be read: ${error.message}.`);
      throw error;
    }
    return this.add(guildId, document, page.bytes.length);
  }

  private async download(input: ArticleInput): Promise<FetchedPage> {
    try {
      if (input.kind === 'url') return await fetchPage(input.url, { allowPrivate: this.sources.allowPrivate });
      // By its extension: Discord often labels text as application/octet-stream.
      const type = FILE_TYPES[extname(input.name).toLowerCase()];
      if (!type) throw new LibraryError(`${input.name} is not an article file: attach a saved page (.html), a text file (.txt) or Markdown (.md).`);
      let origin: string | null = null;
      try {
        origin = new URL(input.url).origin;
      } catch {
        // Not a URL: refused below.
      }
      if (origin !== this.library.attachmentOrigin) throw new LibraryError('That attachment does not come from Discord; attach the file to the command itself.');
      const page = await fetchPage(input.url, { allowPrivate: this.sources.allowPrivate, accept: [...DEFAULT_ACCEPT, 'application/octet-stream'], maxRedirects: 0 });
      return { ...page, contentType: type };
    } catch (error) {
      if (error instanceof FetchError) throw new LibraryError(error.message);
      throw error;
    }
  }

  /**
   * Stores an article in a server's library (replacing the one from the same page), re-indexes
   * that library, and makes it answerable there. Refused past the server's cap.
   */
  async add(guildId: string, document: StoredDocument, bytes: number): Promise<{ article: LibraryArticle; replaced: boolean }> {
    const shelf = this.shelf(guildId);
    return this.change(shelf, async () => {
      const usage = folderUsage(shelf.collection.articlesDir);
      if (usage.articles >= this.library.maxArticles) throw new LibraryError(`This server's library is full (${this.library.maxArticles} articles): remove one with /article remove first.`);
      if (usage.bytes + bytes > this.library.maxBytes) throw new LibraryError(`This server's library would pass its ${formatMegabytes(this.library.maxBytes)} limit: remove an article with /article remove first.`);
      mkdirSync(shelf.collection.articlesDir, { recursive: true });
      const stored = storeArticle(shelf.collection.articlesDir, document);
      await this.reindex(shelf);
      const article = this.articles(guildId).find((candidate) => candidate.owner.kind === 'server' && candidate.id === stored.id);
      if (!article) throw new LibraryError('The article was stored but could not be read back; it was skipped (see the bot’s log).');
      return { article, replaced: stored.replaced !== null };
    });
  }

  /** Removes an article from a server's library by its key; only that server's own articles can be removed. */
  async remove(guildId: string, key: string): Promise<LibraryArticle> {
    const shelf = this.shelf(guildId);
    return this.change(shelf, async () => {
      const article = shelf.segment?.articles.find((candidate) => candidate.key === key);
      if (!article) throw new LibraryError('That article is not in this server’s library (it may have been removed already); /article list shows what is.');
      removeArticle(shelf.collection.articlesDir, article.id);
      await this.reindex(shelf);
      return { key, id: article.id, title: article.title, owner: { kind: 'server', guildId }, article };
    });
  }

  /** Watches the operator's folder: a file dropped, edited or removed is answerable, or gone, once re-indexed. */
  watchOperatorFolder(): void {
    this.watcher = watch(this.config.articlesDir, () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.refreshOperator(), WATCH_DEBOUNCE_MS);
    });
    this.watcher.on('error', (error) => this.log.warn(`cannot watch ${this.config.articlesDir} (${error.message}); restart the bot to pick up changes`));
  }

  /** Re-indexes the operator's folder (and says what failed, keeping the last good segment). */
  refreshOperator(): Promise<void> {
    return this.change(this.operator, () => this.reindex(this.operator)).catch((error: unknown) => this.log.warn(`the articles folder could not be re-indexed: ${(error as Error).message}`));
  }

  close(): void {
    clearTimeout(this.debounce);
    this.watcher?.close();
  }

  private shelf(guildId: string): Shelf {
    let shelf = this.servers.get(guildId);
    if (!shelf) {
      const folder = join(this.library.dir, guildId);
      shelf = { collection: { articlesDir: join(folder, 'articles'), indexDir: join(folder, 'index') }, segment: null, changes: Promise.resolve() };
      this.servers.set(guildId, shelf);
    }
    return shelf;
  }

  /** Runs a change to a collection after the changes queued before it. */
  private change<T>(shelf: Shelf, work: () => Promise<T>): Promise<T> {
    const result = shelf.changes.then(work);
    shelf.changes = result.catch(() => undefined);
    return result;
  }

  /** Indexes a collection in the worker, then swaps in its new segment. */
  private async reindex(shelf: Shelf): Promise<void> {
    if (this.engine.embedder) await this.indexer.run({ kind: 'index', config: this.config, collection: shelf.collection }, INDEX_TIMEOUT_MS);
    shelf.segment = await this.load(shelf.collection);
  }

  /**
   * A collection's segment from its index on disk, built by the worker when missing or stale
   * (never in this process); null when the collection holds no usable article.
   */
  private async load(collection: Collection): Promise<Segment | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const found = await readSegment(this.config, collection, this.engine.embedder, this.log);
      if (found !== 'stale') return found;
      await this.indexer.run({ kind: 'index', config: this.config, collection }, INDEX_TIMEOUT_MS);
    }
    throw new LibraryError(`the index of ${collection.articlesDir} keeps changing; try again`);
  }
}

function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}
