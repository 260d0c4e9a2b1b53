import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/paths.ts';

const run = promisify(execFile);

/** How a command-line run ended: its exit code (0 when it succeeded) and what it printed. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A built entry point (dist/cli/<script>.js), run with node: the command and its first arguments. */
export const builtEntry = (script: string): [string, string] => [process.execPath, join(PROJECT_ROOT, 'dist', 'cli', `${script}.js`)];

/** A source entry point (src/cli/<script>.ts), run with tsx: the command and its first arguments. */
export const sourceEntry = (script: string): [string, string] => [join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), join(PROJECT_ROOT, 'src', 'cli', `${script}.ts`)];

/** A clean environment: PATH (and HOME, unless told not to), then the given variables. */
export function cleanEnv(env: Record<string, string> = {}, { home = true } = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', ...(home ? { HOME: process.env.HOME ?? '' } : {}), ...env };
}

/** Runs an entry point with these arguments in the project folder and exactly this environment, as a user would. */
export async function runCli([command, entry]: [string, string], args: string[], env: Record<string, string>): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(command, [entry, ...args], { cwd: PROJECT_ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}
