import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root folder (the nearest holding package.json), wherever the process was
 * started from and whether this code runs from src/ or compiled into dist/.
 */
function projectRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}

export const PROJECT_ROOT = projectRoot();

export const DEFAULT_ARTICLES_DIR = join(PROJECT_ROOT, 'articles');
export const DEFAULT_INDEX_DIR = join(PROJECT_ROOT, 'embeddings');
export const DEFAULT_FEEDBACK_FILE = join(PROJECT_ROOT, 'data', 'feedback.jsonl');
/** Each server's own articles and their index, one folder per server. */
export const DEFAULT_LIBRARY_DIR = join(PROJECT_ROOT, 'data', 'library');
export const DEFAULT_MODEL_CACHE_DIR = join(PROJECT_ROOT, '.cache', 'models');
/** Models shipped with the project (see models/README.md). */
export const EMBEDDED_MODELS_DIR = join(PROJECT_ROOT, 'models');
export const EMBEDDED_MODEL = 'sif-glove-100d';
