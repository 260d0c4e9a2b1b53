import { join, resolve } from 'node:path';
import dotenv from 'dotenv';
import type { ChunkingOptions } from '../corpus/chunker.ts';
import { DEFAULT_ARTICLES_DIR, DEFAULT_FEEDBACK_FILE, DEFAULT_INDEX_DIR, DEFAULT_MODEL_CACHE_DIR, EMBEDDED_MODEL, EMBEDDED_MODELS_DIR, PROJECT_ROOT } from '../paths.ts';

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

export interface Config {
  engine: EngineConfig;
  logLevel: LogLevel;
}

/** What the Discord bot needs on top of the engine. */
export interface BotConfig extends Config {
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
  /** Questions waiting to be answered at most; more are refused with a "busy" reply. */
  maxQueue: number;
  feedbackFile: string;
  /** ShardingManager: 'auto', a shard count, or undefined for a single process. */
  shards: 'auto' | number | undefined;
  /** The shards this machine runs (several machines share one SHARDS total); undefined: all. */
  shardList: number[] | undefined;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

/** Reads and checks variables, collecting every problem so that one run names them all. */
class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    const value = this.env[name]?.trim();
    return value ? value : fallback;
  }

  optional(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name}=${raw} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.env[name]?.trim().toLowerCase();
    if (!raw) return fallback;
    if (['true', '1', 'yes', 'on'].includes(raw)) return true;
    if (['false', '0', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name}=${raw} must be true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name}=${raw} must be one of ${allowed.join(', ')}`);
    return fallback;
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
  return { engine: readEngineConfig(reader), logLevel: reader.oneOf('LOG_LEVEL', 'info', LOG_LEVELS) };
}

/** The configuration the command-line tools need. */
export function loadConfig(env?: Env): Config {
  const reader = environment(env);
  const config = readConfig(reader);
  reader.check();
  return config;
}

const SNOWFLAKE = /^\d{17,20}$/;

/** The bot's configuration; a missing token says where to get one and what works without it. */
export function loadBotConfig(env?: Env): BotConfig {
  const reader = environment(env);
  const config = readConfig(reader);
  const token = reader.optional('DISCORD_TOKEN')?.trim() ?? '';
  if (!token) {
    reader.problems.push(
      'DISCORD_TOKEN is not set: create a bot at https://discord.com/developers/applications (Bot → Reset Token), put it in .env, or try the answers without Discord: npm run ask -- "your question"',
    );
  }
  const clientId = reader.optional('DISCORD_CLIENT_ID')?.trim() ?? '';
  if (!SNOWFLAKE.test(clientId)) {
    reader.problems.push(
      clientId
        ? `DISCORD_CLIENT_ID=${clientId} must be the application id (a number of 17 to 20 digits) from the developer portal`
        : 'DISCORD_CLIENT_ID is not set: copy the Application ID from the developer portal',
    );
  }
  const guildId = reader.optional('DISCORD_GUILD_ID')?.trim();
  if (guildId !== undefined && !SNOWFLAKE.test(guildId)) reader.problems.push(`DISCORD_GUILD_ID=${guildId} must be a server id (17 to 20 digits)`);
  const allowedChannelIds = (reader.optional('ALLOWED_CHANNEL_IDS') ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  for (const id of allowedChannelIds) if (!SNOWFLAKE.test(id)) reader.problems.push(`ALLOWED_CHANNEL_IDS has ${id}, which is not a channel id`);
  const apiUrl = reader.optional('DISCORD_API_URL');
  if (apiUrl !== undefined && !/^https?:\/\/\S+$/.test(apiUrl)) reader.problems.push(`DISCORD_API_URL=${apiUrl} must be an http(s) URL`);
  // In a shard process, discord.js's ShardingManager has set SHARDS to that shard's id (and the
  // Client reads it itself): SHARDS and SHARD_LIST are the manager's settings, not the shard's.
  const isShard = reader.optional('SHARDING_MANAGER') !== undefined;
  const shardsRaw = isShard ? undefined : reader.optional('SHARDS')?.trim();
  let shards: BotConfig['shards'];
  if (shardsRaw === 'auto') shards = 'auto';
  else if (shardsRaw !== undefined) shards = reader.integer('SHARDS', 1, 1, 10_000);
  const shardListRaw = isShard ? undefined : reader.optional('SHARD_LIST')?.trim();
  const shardList = shardListRaw?.split(',').map((part) => Number(part.trim()));
  if (shardList && !shardList.every((id) => Number.isInteger(id) && id >= 0)) reader.problems.push(`SHARD_LIST=${shardListRaw} must be shard numbers separated by commas, such as 0,1,2,3`);
  if (shardList && typeof shards !== 'number') reader.problems.push('SHARD_LIST needs SHARDS set to the total number of shards across all machines');
  if (shardList && typeof shards === 'number' && shardList.some((id) => id >= shards)) reader.problems.push(`SHARD_LIST=${shardListRaw} names a shard beyond SHARDS=${shards}`);
  const bot: BotConfig = {
    ...config,
    token,
    clientId,
    guildId,
    apiUrl,
    answerInThreads: reader.boolean('ANSWER_IN_THREADS', false),
    allowedChannelIds,
    cooldownSeconds: reader.integer('COOLDOWN_SECONDS', 3, 0, 3600),
    maxQueue: reader.integer('MAX_QUEUE', 100, 1, 100_000),
    feedbackFile: resolve(PROJECT_ROOT, reader.string('FEEDBACK_FILE', DEFAULT_FEEDBACK_FILE)),
    shards,
    shardList,
  };
  reader.check();
  return bot;
}
