import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/paths.ts';
import { temporaryFolder } from '../helpers.ts';
import { APPLICATION_ID, TOKEN, type FakeDiscord } from './fake-discord.ts';

export interface BotProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output: () => string;
  /** The exit code, once the process ends. */
  exited: Promise<number | null>;
}

/**
 * Starts the bot as its own process (npm start, or an entry point) against the fake, with fresh
 * index and library folders and only the environment it is given: what an admin's shell would pass.
 */
export function spawnBot(command: string, args: string[], fake: FakeDiscord, env: Record<string, string>): BotProcess {
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: APPLICATION_ID,
      DISCORD_API_URL: fake.apiUrl,
      INDEX_DIR: temporaryFolder(),
      LIBRARY_DIR: temporaryFolder(),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, output: () => output, exited };
}
