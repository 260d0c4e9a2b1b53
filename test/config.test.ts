import { describe, expect, it } from 'vitest';
import { ConfigError, loadBotConfig, loadConfig } from '../src/config/config.ts';

const valid = { DISCORD_TOKEN: 'abc', DISCORD_CLIENT_ID: '100000000000000001' };

describe('configuration', () => {
  it('has working defaults for everything but the Discord credentials', () => {
    const config = loadConfig({});
    expect(config.logLevel).toBe('info');
    expect(config.engine).toMatchObject({ model: 'sif-glove-100d', localFilesOnly: false, chunking: { targetChars: 500, overlapChars: 100 } });
  });

  it('says where to get a token and what works without one', () => {
    expect(() => loadBotConfig({})).toThrow(ConfigError);
    expect(() => loadBotConfig({})).toThrow(/DISCORD_TOKEN is not set: create a bot at https:\/\/discord\.com\/developers\/applications.*npm run ask/);
  });

  it.each([
    [{ DISCORD_CLIENT_ID: 'abc' }, /DISCORD_CLIENT_ID=abc must be the application id/],
    [{ DISCORD_GUILD_ID: '12' }, /DISCORD_GUILD_ID=12 must be a server id/],
    [{ ALLOWED_CHANNEL_IDS: '300000000000000001, general' }, /ALLOWED_CHANNEL_IDS has general/],
    [{ COOLDOWN_SECONDS: '-1' }, /COOLDOWN_SECONDS=-1 must be a whole number from 0 to 3600/],
    [{ ANSWER_IN_THREADS: 'sometimes' }, /ANSWER_IN_THREADS=sometimes must be true or false/],
    [{ SHARDS: 'many' }, /SHARDS=many must be a whole number/],
    [{ DISCORD_API_URL: 'localhost' }, /DISCORD_API_URL=localhost must be an http\(s\) URL/],
    [{ SHARD_LIST: '0,1' }, /SHARD_LIST needs SHARDS set/],
    [{ SHARDS: '2', SHARD_LIST: '1,2' }, /SHARD_LIST=1,2 names a shard beyond SHARDS=2/],
    [{ SHARDS: '4', SHARD_LIST: 'a,b' }, /SHARD_LIST=a,b must be shard numbers/],
    [{ CHUNK_TARGET_CHARS: '200', CHUNK_OVERLAP_CHARS: '300' }, /CHUNK_OVERLAP_CHARS=300 must be smaller than CHUNK_TARGET_CHARS=200/],
  ])('names the bad variable: %o', (overrides, message) => {
    expect(() => loadBotConfig({ ...valid, ...overrides })).toThrow(message);
  });

  it('reads a full bot configuration', () => {
    const config = loadBotConfig({ ...valid, ALLOWED_CHANNEL_IDS: '300000000000000001,300000000000000002', SHARDS: 'auto', ANSWER_IN_THREADS: 'yes' });
    expect(config).toMatchObject({ token: 'abc', allowedChannelIds: ['300000000000000001', '300000000000000002'], shards: 'auto', answerInThreads: true, cooldownSeconds: 3 });
    expect(loadBotConfig({ ...valid, SHARDS: '8', SHARD_LIST: '4, 5,6,7' }).shardList).toEqual([4, 5, 6, 7]);
    // In a shard process the manager has set SHARDS to the shard's own id.
    expect(loadBotConfig({ ...valid, SHARDS: '0', SHARD_COUNT: '2', SHARDING_MANAGER: 'true' })).toMatchObject({ shards: undefined, shardList: undefined });
  });
});
