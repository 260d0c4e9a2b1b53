import type { EngineConfig } from '../config/config.ts';
import type { Logger } from '../logger.ts';
import { EMBEDDED_MODEL, EMBEDDED_MODELS_DIR } from '../paths.ts';
import { loadEmbedder, type Embedder } from './embedder.ts';

/** Where the model shipped with the project lives. */
const EMBEDDED = { model: EMBEDDED_MODEL, modelsDir: EMBEDDED_MODELS_DIR };

/**
 * The configured model, else the embedded one with a warning, else null: the engine then
 * answers with lexical search only, and says so.
 */
export async function openEmbedder(config: EngineConfig, log: Logger, fallback = EMBEDDED): Promise<Embedder | null> {
  const { model, modelsDir, cacheDir, localFilesOnly, queryPrefix, passagePrefix } = config;
  const lexicalOnly = (error: unknown) => {
    log.warn(`${(error as Error).message}; answering with lexical search only.`);
    return null;
  };
  try {
    return await loadEmbedder({ model, modelsDir, cacheDir, localFilesOnly, queryPrefix, passagePrefix });
  } catch (error) {
    if (model === fallback.model && modelsDir === fallback.modelsDir) return lexicalOnly(error);
    log.warn(`${(error as Error).message}; falling back to the embedded model ${fallback.model}.`);
  }
  try {
    return await loadEmbedder({ ...fallback, cacheDir, localFilesOnly: true, queryPrefix: undefined, passagePrefix: undefined });
  } catch (error) {
    return lexicalOnly(error);
  }
}
