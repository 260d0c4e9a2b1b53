import { resolve } from 'node:path';
import dotenv from 'dotenv';
import type { ChunkingOptions } from '../corpus/chunker.ts';
import { DEFAULT_ARTICLES_DIR, DEFAULT_INDEX_DIR, DEFAULT_MODEL_CACHE_DIR, EMBEDDED_MODEL, EMBEDDED_MODELS_DIR } from '../paths.ts';

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
  logLevel: string;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

/** Reads and checks variables, collecting every problem so that one run names them all. */
export class EnvReader {
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

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function readEngineConfig(reader: EnvReader): EngineConfig {
  const targetChars = reader.integer('CHUNK_TARGET_CHARS', 500, 100, 4000);
  const overlapChars = reader.integer('CHUNK_OVERLAP_CHARS', 100, 0, 2000);
  if (overlapChars >= targetChars) reader.problems.push(`CHUNK_OVERLAP_CHARS=${overlapChars} must be smaller than CHUNK_TARGET_CHARS=${targetChars}`);
  return {
    articlesDir: resolve(reader.string('ARTICLES_DIR', DEFAULT_ARTICLES_DIR)),
    indexDir: resolve(reader.string('INDEX_DIR', DEFAULT_INDEX_DIR)),
    model: reader.string('EMBEDDING_MODEL', EMBEDDED_MODEL),
    modelsDir: EMBEDDED_MODELS_DIR,
    cacheDir: resolve(reader.string('MODEL_CACHE_DIR', DEFAULT_MODEL_CACHE_DIR)),
    localFilesOnly: reader.boolean('LOCAL_FILES_ONLY', false),
    queryPrefix: reader.optional('QUERY_PREFIX'),
    passagePrefix: reader.optional('PASSAGE_PREFIX'),
    chunking: { targetChars, overlapChars },
  };
}

let dotenvLoaded = false;

/** Loads .env once (real environment variables win) and returns a reader over the result. */
export function environment(env?: Env): EnvReader {
  if (!env && !dotenvLoaded) {
    dotenv.config({ quiet: true });
    dotenvLoaded = true;
  }
  return new EnvReader(env ?? process.env);
}

/** The configuration the command-line tools need. */
export function loadConfig(env?: Env): Config {
  const reader = environment(env);
  const engine = readEngineConfig(reader);
  const logLevel = reader.oneOf('LOG_LEVEL', 'info', LOG_LEVELS);
  reader.check();
  return { engine, logLevel };
}
