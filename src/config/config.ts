/**
 * The configuration, read and checked once, for the tools and the bot. Over 200 lines because
 * every variable's parsing and its error message live here and nowhere else.
 */
import { join, resolve } from 'node:path';
import dotenv from 'dotenv';
import type { ChunkingOptions } from '../corpus/chunker.ts';
import { DEFAULT_ARTICLES_DIR, DEFAULT_FEEDBACK_FILE, DEFAULT_INDEX_DIR, DEFAULT_LIBRARY_DIR, DEFAULT_MODEL_CACHE_DIR, EMBEDDED_MODEL, EMBEDDED_MODELS_DIR, PROJECT_ROOT } from '../paths.ts';

/** What the answering engine needs: where the articles and index live and which model embeds. */
export interface EngineConfig {
  articlesDir: string;
  indexDir: string;
  model: string;
  modelsDir: string;
  cacheDir: string;
  localFilesOnly: boolean;
  queryPrefix: string | undefined;
  passagePrefix: string | undefined;
  chunking: ChunkingOptions;
}

/** How links people paste are fetched (see sources/fetch.ts). */
export interface SourcesConfig {
  /** FETCH_ALLOW_PRIVATE: links may reach private and loopback addresses (tests, intranets). */
  allowPrivate: boolean;
}

/** Servers' own article libraries (see library/library.ts). */
export interface LibraryConfig {
  /** LIBRARY_DIR: one folder per server, holding its articles and their index. */
  dir: string;
  /** LIBRARY_MAX_ARTICLES and LIBRARY_MAX_MB: what one server may add. */
  maxArticles: number;
  maxBytes: number;
  /** DISCORD_CDN_URL: attachments are downloaded from this origin only (Discord's CDN). */
  attachmentOrigin: string;
}

export interface Config {
  engine: EngineConfig;
  sources: SourcesConfig;
  logLevel: LogLevel;
}

/** The Discord side: credentials, where to listen, and how the bot behaves (DISCORD_*, COOLDOWN_SECONDS…). */
export interface DiscordConfig {
  token: string;
  clientId: string;
  /** Commands are registered to this guild (instantly) instead of globally. */
  guildId: string | undefined;
  /** Discord's REST base, for tests and proxies; the gateway address comes from it. */
  apiUrl: string | undefined;
  answerInThreads: boolean;
  /** Where the bot listens for mentions; empty means everywhere it can read. */
  allowedChannelIds: string[];
  cooldownSeconds: number;
  feedbackFile: string;
  /** This process is one shard started by the ShardingManager. */
  isShard: boolean;
  /** ShardingManager: 'auto', a shard count, or undefined for a single process. */
  shards: 'auto' | number | undefined;
  /** The shards this machine runs (several machines share one SHARDS total); undefined: all. */
  shardList: number[] | undefined;
}

/** What the Discord bot needs on top of the engine: its Discord settings and the servers' libraries. */
export type BotConfig = Config & { discord: DiscordConfig; library: LibraryConfig };

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

/** Values longer than this are never echoed in an error: a token pasted into the wrong variable must not reach a log. */
const MAX_SHOWN_VALUE = 24;

/**
 * Reads and checks variables, collecting every problem so that one run names them all. Numbers
 * and lists are parsed strictly ("0x10", "1e3", "0,0" and " " are errors, not guesses).
 */
class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  /** Whether a value may appear in an error: short, printable, and neither the token nor holding it. */
  private showable(name: string, raw: string): boolean {
    const token = this.env.DISCORD_TOKEN?.trim() ?? '';
    const secret = name === 'DISCORD_TOKEN' || (token.length >= 8 && raw.includes(token));
    return !secret && raw.length <= MAX_SHOWN_VALUE && /^[\x20-\x7e]*$/.test(raw);
  }

  /** "NAME=value", or the name and the value's length when the value may not be shown. */
  shown(name: string, raw: string): string {
    return this.showable(name, raw) ? `${name}=${raw}` : `${name} (a value of ${raw.length} characters, not shown)`;
  }

  problem(name: string, raw: string, what: string): void {
    this.problems.push(`${this.shown(name, raw)} ${what}`);
  }

  string(name: string, fallback: string): string {
    const value = this.env[name]?.trim();
    return value ? value : fallback;
  }

  optional(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = /^-?\d{1,9}$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= min && value <= max)) {
      this.problem(name, raw, `must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = raw.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    this.problem(name, raw, 'must be true or false');
    return fallback;
  }

  /** One of the allowed words, case aside. */
  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = allowed.find((word) => word === raw.toLowerCase());
    if (value === undefined) this.problem(name, raw, `must be one of ${allowed.join(', ')}`);
    return value ?? fallback;
  }

  /** A comma-separated list whose items all match `item`, with no empty item and no repeat; empty when unset. */
  list(name: string, item: RegExp, what: string): string[] {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return [];
    const items = raw.split(',').map((part) => part.trim());
    const bad = items.find((part) => !item.test(part));
    const repeated = items.find((part, i) => items.indexOf(part) !== i);
    if (bad === undefined && repeated === undefined) return items;
    const offender = bad ?? repeated!;
    const quoted = this.showable(name, offender) ? `“${offender}”` : 'an item that is not shown';
    const problem = bad === '' ? 'an empty item' : bad !== undefined ? quoted : `${quoted} twice`;
    this.problems.push(`${name} has ${problem}: it must be ${what} separated by commas, each once`);
    return [];
  }

  /** Throws one error naming every bad variable seen so far. */
  check(): void {
    if (this.problems.length > 0) throw new ConfigError(`Invalid configuration: ${this.problems.join('; ')} (see .env.example)`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function readEngineConfig(reader: EnvReader): EngineConfig {
  const targetChars = reader.integer('CHUNK_TARGET_CHARS', 500, 100, 4000);
  const overlapChars = reader.integer('CHUNK_OVERLAP_CHARS', 100, 0, 2000);
  if (overlapChars >= targetChars) reader.problems.push(`CHUNK_OVERLAP_CHARS=${overlapChars} must be smaller than CHUNK_TARGET_CHARS=${targetChars}`);
  return {
    articlesDir: resolve(PROJECT_ROOT, reader.string('ARTICLES_DIR', DEFAULT_ARTICLES_DIR)),
    indexDir: resolve(PROJECT_ROOT, reader.string('INDEX_DIR', DEFAULT_INDEX_DIR)),
    model: reader.string('EMBEDDING_MODEL', EMBEDDED_MODEL),
    modelsDir: EMBEDDED_MODELS_DIR,
    cacheDir: resolve(PROJECT_ROOT, reader.string('MODEL_CACHE_DIR', DEFAULT_MODEL_CACHE_DIR)),
    localFilesOnly: reader.boolean('LOCAL_FILES_ONLY', false),
    queryPrefix: reader.optional('QUERY_PREFIX'),
    passagePrefix: reader.optional('PASSAGE_PREFIX'),
    chunking: { targetChars, overlapChars },
  };
}

let dotenvLoaded = false;

/**
 * Loads the project's .env once (real environment variables win) and returns a reader over the
 * result. Relative paths in it are relative to the project, wherever the command runs from.
 */
function environment(env?: Env): EnvReader {
  if (!env && !dotenvLoaded) {
    dotenv.config({ path: join(PROJECT_ROOT, '.env'), quiet: true });
    dotenvLoaded = true;
  }
  return new EnvReader(env ?? process.env);
}

function readConfig(reader: EnvReader): Config {
  return {
    engine: readEngineConfig(reader),
    sources: { allowPrivate: reader.boolean('FETCH_ALLOW_PRIVATE', false) },
    logLevel: reader.oneOf('LOG_LEVEL', 'info', LOG_LEVELS),
  };
}

/** The configuration the command-line tools need. */
export function loadConfig(env?: Env): Config {
  const reader = environment(env);
  const config = readConfig(reader);
  reader.check();
  return config;
}

const SNOWFLAKE = /^\d{17,20}$/;

/** An http(s) URL's origin ("https://cdn.discordapp.com"), from a variable or its default. */
function origin(reader: EnvReader, name: string, fallback: string): string {
  const raw = reader.string(name, fallback);
  try {
    const url = new URL(raw);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.origin;
  } catch {
    // Reported below.
  }
  reader.problem(name, raw, 'must be an http(s) URL');
  return fallback;
}

/** The bot's configuration; a missing token says where to get one and what works without it. */
export function loadBotConfig(env?: Env): BotConfig {
  const reader = environment(env);
  const config = readConfig(reader);
  const token = reader.optional('DISCORD_TOKEN') ?? '';
  if (!token) {
    reader.problems.push(
      'DISCORD_TOKEN is not set: create a bot at https://discord.com/developers/applications (Bot → Reset Token), put it in .env, or try the answers without Discord: npm run ask -- "your question"',
    );
  } else if (/\s/.test(token)) {
    reader.problems.push('DISCORD_TOKEN contains a space or a line break: put the token alone on its line in .env');
  }
  const snowflake = (name: string, what: string): string | undefined => {
    const raw = reader.optional(name);
    if (raw !== undefined && !SNOWFLAKE.test(raw)) reader.problem(name, raw, `must be ${what} (a number of 17 to 20 digits)`);
    return raw;
  };
  const clientId = snowflake('DISCORD_CLIENT_ID', 'the application id from the developer portal') ?? '';
  if (!clientId) reader.problems.push('DISCORD_CLIENT_ID is not set: copy the Application ID from the developer portal');
  const guildId = snowflake('DISCORD_GUILD_ID', 'a server id');
  const allowedChannelIds = reader.list('ALLOWED_CHANNEL_IDS', SNOWFLAKE, 'channel ids');
  const apiUrl = reader.optional('DISCORD_API_URL');
  if (apiUrl !== undefined && !/^https?:\/\/\S+$/.test(apiUrl)) reader.problem('DISCORD_API_URL', apiUrl, 'must be an http(s) URL');
  // In a shard process, discord.js's ShardingManager has set SHARDS to that shard's id (and the
  // Client reads it itself): SHARDS and SHARD_LIST are the manager's settings, not the shard's.
  const isShard = reader.optional('SHARDING_MANAGER') !== undefined;
  let shards: DiscordConfig['shards'];
  let shardList: number[] | undefined;
  if (!isShard) {
    if (reader.optional('SHARDS')?.toLowerCase() === 'auto') shards = 'auto';
    else if (reader.optional('SHARDS') !== undefined) shards = reader.integer('SHARDS', 1, 1, 10_000);
    const listed = reader.list('SHARD_LIST', /^\d{1,5}$/, 'shard numbers such as 0,1,2,3').map(Number);
    if (listed.length > 0) {
      shardList = listed;
      const total = shards;
      if (typeof total !== 'number') reader.problems.push('SHARD_LIST needs SHARDS set to the total number of shards across all machines');
      else if (listed.some((id) => id >= total)) reader.problems.push(`SHARD_LIST names a shard beyond SHARDS=${total} (shards are numbered from 0)`);
    }
  }
  const bot: BotConfig = {
    ...config,
    discord: {
      token,
      clientId,
      guildId,
      apiUrl,
      answerInThreads: reader.boolean('ANSWER_IN_THREADS', false),
      allowedChannelIds,
      cooldownSeconds: reader.integer('COOLDOWN_SECONDS', 3, 0, 3600),
      feedbackFile: resolve(PROJECT_ROOT, reader.string('FEEDBACK_FILE', DEFAULT_FEEDBACK_FILE)),
      isShard,
      shards,
      shardList,
    },
    library: {
      dir: resolve(PROJECT_ROOT, reader.string('LIBRARY_DIR', DEFAULT_LIBRARY_DIR)),
      maxArticles: reader.integer('LIBRARY_MAX_ARTICLES', 100, 1, 10_000),
      maxBytes: reader.integer('LIBRARY_MAX_MB', 20, 1, 1000) * 1024 * 1024,
      attachmentOrigin: origin(reader, 'DISCORD_CDN_URL', 'https://cdn.discordapp.com'),
    },
  };
  reader.check();
  return bot;
}
