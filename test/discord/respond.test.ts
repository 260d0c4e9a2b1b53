import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatText } from '../../src/discord/format.ts';
import { ACK_DEADLINE_MS, replyInTime } from '../../src/discord/respond.ts';
import { fakeChatInput } from './builders.ts';

const EPHEMERAL = 64;
const SUPPRESS_EMBEDS = 4;
const flagsOf = (payload: unknown) => (payload as { flags?: number }).flags ?? 0;

/** Work that finishes after `ms` (fake time). */
const after = (ms: number) => new Promise<ReturnType<typeof formatText>>((resolve) => setTimeout(() => resolve(formatText('The answer.')), ms));

describe('replyInTime', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    ['replies in one step when the work is ready before the deadline', ACK_DEADLINE_MS - 1, false, false, ['reply']],
    ['defers at the deadline, then edits, when the work is late', ACK_DEADLINE_MS + 1, false, false, ['deferReply', 'editReply']],
    ['defers at once when told the work will be late', 10, true, false, ['deferReply', 'editReply']],
    ['keeps a hidden reply hidden in one step', 10, false, true, ['reply']],
    ['keeps a hidden reply hidden when deferred', ACK_DEADLINE_MS + 1, false, true, ['deferReply', 'editReply']],
  ])('%s', async (_case, workMs, deferFirst, ephemeral, expected) => {
    const { interaction, calls } = fakeChatInput('ask');
    const replied = replyInTime(interaction, after(workMs), { ephemeral, deferFirst });
    await vi.advanceTimersByTimeAsync(workMs);
    await replied;
    expect(calls.map((call) => call.method)).toEqual(expected);
    // Whatever the path, link previews stay off and the hidden flag is where Discord reads it.
    const [first, last] = [calls[0]!.payload, calls.at(-1)!.payload];
    expect(flagsOf(first) & EPHEMERAL).toBe(ephemeral ? EPHEMERAL : 0);
    expect(flagsOf(last) & SUPPRESS_EMBEDS).toBe(SUPPRESS_EMBEDS);
    expect((last as { content: string }).content).toBe('The answer.');
  });

  it('has not acknowledged anything just before the deadline, and defers exactly at it', async () => {
    const { interaction, calls } = fakeChatInput('ask');
    const replied = replyInTime(interaction, after(5000), { ephemeral: false, deferFirst: false });
    await vi.advanceTimersByTimeAsync(ACK_DEADLINE_MS - 1);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((call) => call.method)).toEqual(['deferReply']);
    await vi.advanceTimersByTimeAsync(5000);
    await replied;
    expect(calls.map((call) => call.method)).toEqual(['deferReply', 'editReply']);
  });

  it('passes a failure of the work on, after deferring if it came late', async () => {
    const { interaction, calls } = fakeChatInput('ask');
    const failing = new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error('engine failed')), ACK_DEADLINE_MS + 100));
    const replied = replyInTime(interaction, failing, { ephemeral: false, deferFirst: false });
    const outcome = expect(replied).rejects.toThrow('engine failed');
    await vi.advanceTimersByTimeAsync(ACK_DEADLINE_MS + 100);
    await outcome;
    expect(calls.map((call) => call.method)).toEqual(['deferReply']);
  });
});
