import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentGeneration, indexFolderFor, lockIndexFolder } from '../../src/index/store.ts';
import { EMBEDDED_MODEL, PROJECT_ROOT } from '../../src/paths.ts';
import { APPLICATION_ID, FakeDiscord, GUILD_ID, TOKEN } from '../discord/fake-discord.ts';
import { SEED_TEXT, temporaryFolder } from '../helpers.ts';
import { cleanEnv, runCli, sourceEntry } from './run.ts';

/** Runs an npm script's entry point as a user would, in a clean environment. */
const cli = (script: string, args: string[], env: Record<string, string>) => runCli(sourceEntry(script), args, cleanEnv(env));

describe('npm run ingest', () => {
  it('indexes, then does no work on a second run', async () => {
    const env = { INDEX_DIR: temporaryFolder() };
    const first = await cli('ingest', [], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Indexed 1 article\(s\), \d+ chunks \(\d+ embedded, 0 reused\) · 100 dimensions · model sif-glove-100d/);
    expect(first.stderr).toMatch(/Embedding \[#+\] \d+\/\d+ chunks/);
    const second = await cli('ingest', [], env);
    expect(second.stdout).toMatch(/up to date, nothing embedded/);
  });

  it.each([
    ['a wrong dimension', (text: string) => text.replace(/"dimensions": \d+/, '"dimensions": 108')],
    ['a flipped key', (text: string) => text.replace('"articles"', '"crticles"')],
  ])('repairs a manifest with %s, and ask answers meanwhile', async (_name, damage) => {
    const env = { INDEX_DIR: temporaryFolder() };
    expect((await cli('ingest', [], env)).code).toBe(0);
    const folder = join(env.INDEX_DIR, readdirSync(env.INDEX_DIR)[0]!);
    // The manifest of the generation in use, which each rebuild replaces.
    const manifest = () => join(currentGeneration(folder)!, 'manifest.json');
    writeFileSync(manifest(), damage(readFileSync(manifest(), 'utf8')));
    const asked = await cli('ask', ['--json', 'Who is the president of Ecuador?'], env);
    expect(asked.code).toBe(0);
    expect(asked.stderr).toMatch(/Rebuilding the index: .*manifest\.json does not match its own checksum/);
    expect(JSON.parse(asked.stdout).extracts[0].text).toContain('Lenin Moreno');
    writeFileSync(manifest(), damage(readFileSync(manifest(), 'utf8')));
    const repaired = await cli('ingest', [], env);
    expect(repaired.code).toBe(0);
    expect(repaired.stderr).toMatch(/Rebuilding the index: .*does not match its own checksum/);
    expect(repaired.stdout).toMatch(/\d+ embedded, 0 reused/);
    expect((await cli('ingest', [], env)).stdout).toMatch(/up to date/);
  });

  it('waits, saying so, while another ingest writes the same index, then finishes (row 6)', async () => {
    const env = { INDEX_DIR: temporaryFolder() };
    const lock = await lockIndexFolder(indexFolderFor(env.INDEX_DIR, EMBEDDED_MODEL));
    const [tsx, ingest] = sourceEntry('ingest');
    const second = spawn(tsx, [ingest], { cwd: PROJECT_ROOT, env: cleanEnv(env) });
    let stderr = '';
    second.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => second.on('exit', resolve));
    while (!stderr.includes('waiting for it to finish')) {
      if (second.exitCode !== null) throw new Error(`ingest ended without waiting: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(stderr).toMatch(/Another process is writing the index in .*sif-glove-100d \(npm run ingest\?\); waiting for it to finish\./);
    await lock.release();
    expect(await exited).toBe(0);
    expect((await cli('ingest', [], env)).stdout).toMatch(/up to date/);
  });

  it('names the problem in one line and exits non-zero', async () => {
    const missing = await cli('ingest', [], { ARTICLES_DIR: '/nonexistent/articles', INDEX_DIR: temporaryFolder() });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^error: Articles folder \/nonexistent\/articles does not exist/);
    const badConfig = await cli('ingest', [], { CHUNK_TARGET_CHARS: 'many', LOCAL_FILES_ONLY: 'maybe' });
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/CHUNK_TARGET_CHARS=many must be a whole number.*LOCAL_FILES_ONLY=maybe must be true or false/);
  });
});

describe('npm run ask', () => {
  const env = () => ({ INDEX_DIR: temporaryFolder() });

  it('quotes the sentence naming Lenin Moreno first, highlighted', async () => {
    const result = await cli('ask', ['Who is the president of Ecuador?'], env());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^1\. Ecuador may have finally lost patience with Julian Assange, ¶ 6 · score/m);
    expect(result.stdout).toMatch(/\*\*[^*]*Ecuadorian President Lenin Moreno[^*]*\*\*/);
  });

  it('prints one JSON object with --json', async () => {
    const result = await cli('ask', ['--json', '--top', '2', '@everyone Who is the president of Ecuador?'], env());
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({ question: '@everyone Who is the president of Ecuador?', cleanedQuestion: 'Who is the president of Ecuador?', answered: true, status: 'answered', mode: 'hybrid' });
    expect(answer.confidence).toBeGreaterThan(0.5);
    expect(answer.extracts).toHaveLength(2);
    expect(answer.extracts[0].text).toContain('Ecuadorian President Lenin Moreno');
    expect(answer.extracts[0]).toEqual(
      expect.objectContaining({ article: 'ecuador-assange', paragraph: expect.any(Number), text: expect.any(String), highlight: { start: expect.any(Number), end: expect.any(Number) }, score: expect.any(Number) }),
    );
    for (const extract of answer.extracts) expect(SEED_TEXT.slice(extract.start, extract.end)).toBe(extract.text);
  });

  it('answers a JSONL file line by line, reporting bad lines without stopping', async () => {
    const file = join(temporaryFolder(), 'questions.jsonl');
    writeFileSync(file, ['{"question":"Who is the president of Ecuador?"}', 'not json', '{"id":1}', '{"question":""}', '{"question":"How do I bake sourdough bread?"}'].join('\n'));
    const result = await cli('ask', ['--file', file], env());
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.status ?? line.error)).toEqual(['answered', 'not valid JSON', 'no "question" string', 'empty', 'not-covered']);
  });

  it('skips a FIFO and a link to /etc/passwd in the articles folder, and never quotes the link', async () => {
    const articles = temporaryFolder();
    writeFileSync(join(articles, 'seed.txt'), SEED_TEXT);
    execFileSync('mkfifo', [join(articles, 'pipe.txt')]);
    symlinkSync('/etc/passwd', join(articles, 'passwd.txt'));
    const result = await cli('ask', ['--json', 'root daemon nologin bin bash'], { ...env(), ARTICLES_DIR: articles });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/pipe\.txt skipped: not a regular file/);
    expect(result.stderr).toMatch(/passwd\.txt skipped: it links outside the articles folder/);
    const { extracts } = JSON.parse(result.stdout) as { extracts: { article: string; text: string }[] };
    expect(extracts.length).toBeGreaterThan(0);
    for (const extract of extracts) {
      expect(extract.article).toBe('seed');
      expect(extract.text).not.toMatch(/root:|nologin/);
    }
  });

  it('explains its usage when called wrongly', async () => {
    const result = await cli('ask', [], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/usage: npm run ask/);
  });
});

describe('npm run eval', () => {
  it('scores a file of questions over the articles folder alone, as the bot would answer them', async () => {
    const articles = temporaryFolder();
    writeFileSync(join(articles, 'tour.md'), '# Band sets a reunion tour\n\nThe band will play 30 shows next summer, opening in Denver on June 9.\n\nTickets go on sale on Friday.\n');
    const file = join(temporaryFolder(), 'questions.jsonl');
    writeFileSync(
      file,
      [
        { id: 'q1', question: 'how many shows will they play', gold: ['30 shows'] },
        { id: 'q2', question: 'when do tickets go on sale', gold: ['on Friday'] },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const result = await cli('eval', ['--file', file], { ARTICLES_DIR: articles, INDEX_DIR: temporaryFolder() });
    expect(result.code, result.stderr).toBe(0);
    // Only the folder's article: not the evaluation's web articles.
    expect(result.stdout).toMatch(/, 1 articles\n/);
    expect(result.stdout).toMatch(/questions\.jsonl +\| 2\/2 \(100%\)/);
  });
});

describe('npm run register', () => {
  it('registers the commands to a guild, or globally, and prints a minimal invite link', async () => {
    const fake = await FakeDiscord.start();
    try {
      const env = { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: APPLICATION_ID, DISCORD_API_URL: fake.apiUrl };
      const guild = await cli('register', [], { ...env, DISCORD_GUILD_ID: GUILD_ID });
      expect(guild.code).toBe(0);
      expect(guild.stdout).toContain(`Registered /ask, /lookup, /summary, /sources, /article, /help to guild ${GUILD_ID} (available now).`);
      const registered = fake.registeredCommands.get(GUILD_ID)!;
      expect(registered.map((command) => command.name)).toEqual(['ask', 'lookup', 'summary', 'sources', 'article', 'help']);
      // /article: for Manage Server (0x20) by default, in servers only.
      expect(registered.find((command) => command.name === 'article')).toMatchObject({ default_member_permissions: '32', contexts: [0] });
      const global = await cli('register', [], env);
      expect(global.stdout).toContain('globally');
      expect(fake.registeredCommands.has('global')).toBe(true);
      const invite = new URL(/Invite the bot with: (\S+)/.exec(global.stdout)![1]!);
      expect(invite.searchParams.get('scope')).toBe('bot applications.commands');
      // View channels, send messages (and in threads), create public threads, read history: nothing more.
      expect(BigInt(invite.searchParams.get('permissions')!)).toBe((1n << 10n) | (1n << 11n) | (1n << 38n) | (1n << 35n) | (1n << 16n));
    } finally {
      await fake.close();
    }
  });

  it('says in one line that Discord refused the token, and refuses a token with a line break', async () => {
    const fake = await FakeDiscord.start();
    try {
      const refused = await cli('register', [], { DISCORD_TOKEN: 'not-the-token', DISCORD_CLIENT_ID: APPLICATION_ID, DISCORD_API_URL: fake.apiUrl });
      expect(refused.code).toBe(2);
      expect(refused.stderr.trim()).toBe('error: Discord refused DISCORD_TOKEN: reset it in the developer portal (Bot → Reset Token) and update .env');
      const broken = await cli('register', [], { DISCORD_TOKEN: `${TOKEN}\nsecond line`, DISCORD_CLIENT_ID: APPLICATION_ID, DISCORD_API_URL: fake.apiUrl });
      expect(broken.code).toBe(2);
      expect(broken.stderr.trim()).toMatch(/^error: Invalid configuration: DISCORD_TOKEN contains a space or a line break/);
      expect(broken.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });

  it('explains a missing token', async () => {
    const result = await cli('register', [], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/DISCORD_TOKEN is not set/);
  });
});
