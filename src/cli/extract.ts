import { parseArgs } from 'node:util';
import { SourceError, type ExtractedArticle } from '../sources/article.ts';
import { extractSource, readInput } from '../sources/read.ts';
import { loadConfig } from '../config/config.ts';
import { runMain, UsageError } from './run.ts';

const USAGE = `usage: npm run extract -- [--json] <link or file>…  (a web page, .html, .txt or .md)
  prints the article each page would store (metadata, then paragraphs with their roles), storing nothing
  --json  one JSON line per input: the article, or {"source", "error"}`;

/** `npm run extract`: what the sources stage reads from each input, without storing it. */
runMain(async () => {
  let parsed;
  try {
    parsed = parseArgs({ options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals: inputs } = parsed;
  if (inputs.length === 0) throw new UsageError(`name at least one file\n${USAGE}`);

  const { sources } = loadConfig();
  let failures = 0;
  let printed = 0;
  for (const input of inputs) {
    let article: ExtractedArticle;
    try {
      article = extractSource(await readInput(input, sources));
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      failures++;
      console.error(`error: ${error.message}`);
      if (values.json) console.log(JSON.stringify({ source: input, error: error.message }));
      continue;
    }
    if (values.json) console.log(JSON.stringify(article));
    else console.log(`${printed++ > 0 ? '\n' : ''}${render(article)}`);
  }
  if (failures > 0) process.exitCode = 1;
});

/** Metadata lines, then one line per paragraph with its role. */
function render(article: ExtractedArticle): string {
  const metadata: [string, string | null][] = [
    ['source', article.source],
    ['title', article.title],
    ['byline', article.byline],
    ['published', article.published],
    ['site', article.siteName],
    ['language', article.lang],
    ['url', article.url],
  ];
  const roleWidth = Math.max(...article.paragraphs.map((paragraph) => paragraph.role.length));
  return [
    ...metadata.filter(([, value]) => value).map(([name, value]) => `${`${name}:`.padEnd(11)}${value}`),
    `paragraphs: ${article.paragraphs.length}`,
    '',
    ...article.paragraphs.map((paragraph) => `${paragraph.role.padEnd(roleWidth)}  ${paragraph.text}`),
  ].join('\n');
}
