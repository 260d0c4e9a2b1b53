import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { makeTestModel } from '../scripts/make-test-model.ts';
import type { EngineConfig } from '../src/config/config.ts';
import type { Logger } from '../src/logger.ts';
import { DEFAULT_ARTICLES_DIR } from '../src/paths.ts';

export const SEED_ARTICLE = join(DEFAULT_ARTICLES_DIR, 'ecuador-assange.txt');
export const SEED_TEXT = readFileSync(SEED_ARTICLE, 'utf8');

/** The temporary folders this test file made, removed after it by the one hook below. */
const temporaryFolders: string[] = [];
// Registered once, as the test file imports this module: a hook registered from inside a running
// test or beforeAll (where most folders are made) never runs, and its folder stayed behind.
afterAll(() => {
  for (const folder of temporaryFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A temporary folder removed after the test file, wherever it is made (collection, hook or test). */
export function temporaryFolder(prefix = 'quote-bot-'): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  temporaryFolders.push(folder);
  return folder;
}

/** A temporary folder (see temporaryFolder) holding these files, by name. */
export function folderWith(files: Record<string, string | Buffer>, prefix = 'quote-bot-articles-'): string {
  const folder = temporaryFolder(prefix);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

/** A logger that says nothing. */
export const quiet: Logger = { info: () => {}, warn: () => {} };

export const TEST_MODEL = 'test-model';

/** Generates the tiny hashed-word test model; returns the models folder that holds it. */
export function testModelsDir(extraVocabulary = ''): string {
  const modelsDir = temporaryFolder('quote-bot-models-');
  makeTestModel(join(modelsDir, TEST_MODEL), `${SEED_TEXT}\n${extraVocabulary}`);
  return modelsDir;
}

/** Engine settings for tests: temp index, no downloads, the given model. */
export function testEngineConfig(overrides: Partial<EngineConfig> & Pick<EngineConfig, 'modelsDir' | 'model'>): EngineConfig {
  return {
    articlesDir: DEFAULT_ARTICLES_DIR,
    indexDir: temporaryFolder('quote-bot-index-'),
    cacheDir: temporaryFolder('quote-bot-cache-'),
    localFilesOnly: true,
    queryPrefix: undefined,
    passagePrefix: undefined,
    chunking: { targetChars: 500, overlapChars: 100 },
    ...overrides,
  };
}
