import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../../src/paths.ts';

export const PAGES_DIR = join(PROJECT_ROOT, 'test', 'fixtures', 'pages');

/** A page with a sign-in form and no article in it. */
export const LOGIN_WALL = '<html><head><title>Log in</title></head><body><form><h2>Sign in to keep reading</h2><input name="user"><button>Sign in</button></form></body></html>';

/** The raw bytes of a saved page from test/fixtures/pages (copied from the extraction benchmark, gzipped). */
export function fixturePage(name: string): Buffer {
  return gunzipSync(readFileSync(join(PAGES_DIR, `${name}.html.gz`)));
}
