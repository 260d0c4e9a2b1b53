/**
 * `npm run build` (also run by `npm ci`): compiles each entry point with its JavaScript
 * dependencies into one file under dist/, with esbuild. One file loads in about half the time of
 * hundreds of modules (measured: a cold `npm run ask` 0.48 → 0.39 s on the seed article); type
 * checking stays with `tsc --noEmit` (npm test). Native packages stay outside the bundle, and so
 * does compromise, which answering never loads (see answering/lexicon.ts). Two packages that
 * transformers.js 2 imports but never uses in Node for text are replaced by stubs:
 * onnxruntime-web and sharp (together ~130 ms of every cold start).
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entryPoints = ['cli/ask', 'cli/ingest', 'cli/eval', 'cli/train', 'cli/bench', 'cli/register', 'cli/add', 'cli/extract', 'cli/eval-extract', 'discord/main', 'library/index-worker'];

rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(entryPoints.map((entry) => [entry, join('src', `${entry}.ts`)])),
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['hnswlib-node', 'onnxruntime-node', 'compromise', 'stopwords-iso'],
  alias: { 'onnxruntime-web': './scripts/build/onnxruntime-web.js', sharp: './scripts/build/sharp.js' },
  // Bundled CommonJS packages call require(); ESM has none of its own.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
});
