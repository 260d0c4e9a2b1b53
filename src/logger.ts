/** The little the engine says while it works; pino's logger and the CLI's console logger both fit. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** For command-line tools: messages go to stderr so stdout stays clean for answers and JSON. */
export const consoleLogger: Logger = {
  info: (message) => console.error(message),
  warn: (message) => console.error(`warning: ${message}`),
};
