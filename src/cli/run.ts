import { ConfigError } from '../config/config.ts';
import { CorpusError } from '../corpus/load.ts';
import { IndexWriteError } from '../index/store.ts';

/** Exit codes: 1 when the work cannot go on, 2 for bad configuration or usage. */
export class UsageError extends Error {}

/** The work cannot go on, for a reason one line explains. */
export class CommandError extends Error {}

/** Runs a command-line entry point: known problems print one line, anything else a stack. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 2;
    } else if (error instanceof CorpusError || error instanceof IndexWriteError || error instanceof CommandError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  });
}
