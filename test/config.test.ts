import { describe, expect, it } from 'vitest';
import { ConfigError, loadBotConfig, loadConfig } from '../src/config/config.ts';

const valid = { DISCORD_TOKEN: 'abc', DISCORD_CLIENT_ID: '100000000000000001' };

describe('configuration', () => {
  it('has working defaults for everything but the Discord credentials', () => {
    const config = loadConfig({});
    expect(config.logLevel).toBe('info');
    expect(config.engine).toMatchObject({ model: 'sif-glove-100d', localFilesOnly: false, chunking: { targetChars: 500, overlapChars: 100 } });
    expect(config.sources).toEqual({ allowPrivate: false });
  });

  it('reads FETCH_ALLOW_PRIVATE for the tools and the bot alike', () => {
    expect(loadConfig({ FETCH_ALLOW_PRIVATE: 'true' }).sources.allowPrivate).toBe(true);
    expect(loadConfig({ FETCH_ALLOW_PRIVATE: 'off' }).sources.allowPrivate).toBe(false);
    expect(loadBotConfig({ ...valid, FETCH_ALLOW_PRIVATE: 'yes' }).sources.allowPrivate).toBe(true);
    expect(() => loadConfig({ FETCH_ALLOW_PRIVATE: 'maybe' })).toThrow(/FETCH_ALLOW_PRIVATE=maybe must be true or false/);
  });

  it('says where to get a token and what works without one', () => {
    expect(() => loadBotConfig({})).toThrow(ConfigError);
    expect(() => loadBotConfig({})).toThrow(/DISCORD_TOKEN is not set: create a bot at https:\/\/discord\.com\/developers\/applications.*npm run ask/);
  });

  it.each([
    [{ DISCORD_CLIENT_ID: 'abc' }, /DISCORD_CLIENT_ID=abc must be the application id/],
    [{ ALLOWED_CHANNEL_IDS: '300000000000000001, general' }, /ALLOWED_CHANNEL_IDS has “general”: it must be channel ids/],
    [{ DISCORD_GUILD_ID: '12' }, /DISCORD_GUILD_ID=12 must be a server id/],
    [{ COOLDOWN_SECONDS: '-1' }, /COOLDOWN_SECONDS=-1 must be a whole number from 0 to 3600/],
    [{ ANSWER_IN_THREADS: 'sometimes' }, /ANSWER_IN_THREADS=sometimes must be true or false/],
    [{ FETCH_ALLOW_PRIVATE: 'sometimes' }, /FETCH_ALLOW_PRIVATE=sometimes must be true or false/],
    [{ SHARDS: 'many' }, /SHARDS=many must be a whole number/],
    [{ DISCORD_API_URL: 'localhost' }, /DISCORD_API_URL=localhost must be an http\(s\) URL/],
    [{ SHARD_LIST: '0,1' }, /SHARD_LIST needs SHARDS set/],
    [{ SHARDS: '2', SHARD_LIST: '1,2' }, /SHARD_LIST names a shard beyond SHARDS=2/],
    [{ SHARDS: '4', SHARD_LIST: 'a,b' }, /SHARD_LIST has “a”: it must be shard numbers/],
    [{ SHARDS: '4', SHARD_LIST: ' ' }, /SHARD_LIST has an empty item/],
    [{ SHARDS: '4', SHARD_LIST: '0,0' }, /SHARD_LIST has “0” twice/],
    [{ SHARDS: '4', SHARD_LIST: '0,,1' }, /SHARD_LIST has an empty item/],
    [{ COOLDOWN_SECONDS: '0x10' }, /COOLDOWN_SECONDS=0x10 must be a whole number/],
    [{ SHARDS: '1e3' }, /SHARDS=1e3 must be a whole number/],
    [{ COOLDOWN_SECONDS: '2.5' }, /COOLDOWN_SECONDS=2\.5 must be a whole number/],
    [{ LOG_LEVEL: 'verbose' }, /LOG_LEVEL=verbose must be one of fatal, error/],
    [{ ALLOWED_CHANNEL_IDS: '300000000000000001,300000000000000001' }, /ALLOWED_CHANNEL_IDS has “300000000000000001” twice/],
    [{ DISCORD_TOKEN: 'abc.def\nghi' }, /DISCORD_TOKEN contains a space or a line break/],
    [{ LIBRARY_MAX_ARTICLES: '0' }, /LIBRARY_MAX_ARTICLES=0 must be a whole number from 1 to 10000/],
    [{ LIBRARY_MAX_MB: 'lots' }, /LIBRARY_MAX_MB=lots must be a whole number from 1 to 1000/],
    [{ DISCORD_CDN_URL: 'cdn.example' }, /DISCORD_CDN_URL=cdn\.example must be an http\(s\) URL/],
    [{ CHUNK_TARGET_CHARS: '200', CHUNK_OVERLAP_CHARS: '300' }, /CHUNK_OVERLAP_CHARS=300 must be smaller than CHUNK_TARGET_CHARS=200/],
  ])('names the bad variable: %o', (overrides, message) => {
    expect(() => loadBotConfig({ ...valid, ...overrides })).toThrow(message);
  });

  it('never echoes a value that could be the token, whichever variable it lands in', () => {
    const token = 'MTAwMDAwMDAwMDAwMDAwMDAx.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';
    for (const name of ['DISCORD_CLIENT_ID', 'DISCORD_GUILD_ID', 'ALLOWED_CHANNEL_IDS', 'DISCORD_API_URL', 'COOLDOWN_SECONDS', 'CHUNK_TARGET_CHARS', 'LOG_LEVEL', 'SHARDS', 'ANSWER_IN_THREADS', 'FETCH_ALLOW_PRIVATE']) {
      let message = '';
      try {
        loadBotConfig({ DISCORD_TOKEN: token, DISCORD_CLIENT_ID: '100000000000000001', [name]: token });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, name).toMatch(new RegExp(`${name} (\\(a value of ${token.length} characters, not shown\\)|has an item that is not shown)`));
      expect(message, name).not.toContain(token.slice(0, 20));
    }
    // The token itself in the wrong place, even a short one.
    expect(() => loadBotConfig({ DISCORD_TOKEN: 'short-token-1', DISCORD_CLIENT_ID: 'short-token-1' })).toThrow(/DISCORD_CLIENT_ID \(a value of 13 characters, not shown\)/);
  });

  it('accepts LOG_LEVEL in any case', () => {
    expect(loadConfig({ LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
  });

  it('reads a full bot configuration', () => {
    const config = loadBotConfig({ ...valid, ALLOWED_CHANNEL_IDS: '300000000000000001,300000000000000002', SHARDS: 'auto', ANSWER_IN_THREADS: 'yes' });
    expect(config.discord).toMatchObject({ token: 'abc', allowedChannelIds: ['300000000000000001', '300000000000000002'], shards: 'auto', answerInThreads: true, cooldownSeconds: 3 });
    const library = loadBotConfig({ ...valid, LIBRARY_DIR: '/srv/library', LIBRARY_MAX_ARTICLES: '5', LIBRARY_MAX_MB: '2', DISCORD_CDN_URL: 'http://127.0.0.1:9999/any/path' }).library;
    expect(library).toEqual({ dir: '/srv/library', maxArticles: 5, maxBytes: 2 * 1024 * 1024, attachmentOrigin: 'http://127.0.0.1:9999' });
    expect(loadBotConfig({ ...valid, SHARDS: '8', SHARD_LIST: '4, 5,6,7' }).discord.shardList).toEqual([4, 5, 6, 7]);
    // In a shard process the manager has set SHARDS to the shard's own id.
    expect(loadBotConfig({ ...valid, SHARDS: '0', SHARD_COUNT: '2', SHARDING_MANAGER: 'true' }).discord).toMatchObject({ isShard: true, shards: undefined, shardList: undefined });
  });
});
