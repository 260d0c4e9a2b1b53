import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface FeedbackRecord {
  time: string;
  vote: 'up' | 'down';
  question: string;
  status: string;
  extracts: { article: string; paragraph: number; text: string }[];
  messageId: string;
}

/** Votes, one JSON line each, appended and flushed to disk before the voter is thanked. */
export class FeedbackLog {
  constructor(private readonly file: string) {}

  async append(record: FeedbackRecord): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const handle = await open(this.file, 'a');
    try {
      await handle.appendFile(`${JSON.stringify(record)}\n`);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }
}
