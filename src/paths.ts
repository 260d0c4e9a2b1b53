import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The project's root folder, wherever the process was started from. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const DEFAULT_ARTICLES_DIR = join(PROJECT_ROOT, 'articles');
export const DEFAULT_INDEX_DIR = join(PROJECT_ROOT, 'embeddings');
export const DEFAULT_FEEDBACK_FILE = join(PROJECT_ROOT, 'data', 'feedback.jsonl');
export const DEFAULT_MODEL_CACHE_DIR = join(PROJECT_ROOT, '.cache', 'models');
/** Models shipped with the project (see models/README.md). */
export const EMBEDDED_MODELS_DIR = join(PROJECT_ROOT, 'models');
export const EMBEDDED_MODEL = 'sif-glove-100d';
