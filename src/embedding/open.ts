import type { EngineConfig } from '../config/config.ts';
import type { Logger } from '../logger.ts';
import { EMBEDDED_MODEL, EMBEDDED_MODELS_DIR } from '../paths.ts';
import { loadEmbedder, type Embedder } from './embedder.ts';

/**
 * The configured model, else the embedded one with a warning, else null: the engine then
 * answers with lexical search only, and says so.
 */
export async function openEmbedder(config: EngineConfig, log: Logger): Promise<Embedder | null> {
  const { model, modelsDir, cacheDir, localFilesOnly, queryPrefix, passagePrefix } = config;
  try {
    return await loadEmbedder({ model, modelsDir, cacheDir, localFilesOnly, queryPrefix, passagePrefix });
  } catch (error) {
    const embeddedIsConfigured = model === EMBEDDED_MODEL && modelsDir === EMBEDDED_MODELS_DIR;
    if (embeddedIsConfigured) {
      log.warn(`${(error as Error).message}; answering with lexical search only.`);
      return null;
    }
    log.warn(`${(error as Error).message}; falling back to the embedded model ${EMBEDDED_MODEL}.`);
  }
  try {
    return await loadEmbedder({ model: EMBEDDED_MODEL, modelsDir: EMBEDDED_MODELS_DIR, cacheDir, localFilesOnly: true, queryPrefix: undefined, passagePrefix: undefined });
  } catch (error) {
    log.warn(`${(error as Error).message}; answering with lexical search only.`);
    return null;
  }
}
