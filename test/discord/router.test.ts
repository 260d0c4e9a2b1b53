import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { routeInteraction } from '../../src/discord/router.ts';
import { fakeAutocomplete, fakeButton, fakeChatInput, fakeMessage, fakeOtherComponent } from './builders.ts';
import { fakeContext, fakeService } from './fakes.ts';

/** A logger whose lines are kept, to check what an operator would see. */
function recordingLog() {
  const lines: { level: number; msg: string; errorId?: string }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

const contentOf = (payload: unknown) => (payload as { content: string }).content;

describe('routeInteraction', () => {
  it('runs a slash command by name', async () => {
    const { interaction, calls } = fakeChatInput('help');
    await routeInteraction(interaction, fakeContext());
    expect(calls.map((call) => call.method)).toEqual(['reply']);
    expect(contentOf(calls[0]!.payload)).toContain('/ask');
  });

  it.each([
    ['a command it no longer has', () => fakeChatInput('old'), '❌ I do not know /old (any more); run `npm run register` to update my commands.'],
    ['a button of an unknown kind', () => fakeButton('poll:1', fakeMessage().message), '❌ This button is out of date; ask again with /ask.'],
    ['a button id the bot never built', () => fakeButton('vote:sideways', fakeMessage().message), '❌ This button is out of date; ask again with /ask.'],
    ['a select menu or a modal', () => fakeOtherComponent(), '❌ This control is out of date; ask again with /ask.'],
  ])('answers %s privately, as out of date', async (_case, build, expected) => {
    const { interaction, calls } = build();
    await routeInteraction(interaction, fakeContext());
    expect(calls).toHaveLength(1);
    expect(contentOf(calls[0]!.payload)).toBe(expected);
    expect((calls[0]!.payload as { flags: number }).flags & 64).toBe(64);
  });

  it('logs a handler failure with an id and shows the same id to the user', async () => {
    const { log, lines } = recordingLog();
    const service = { ...fakeService(), summary: () => { throw new Error('disk gone'); } };
    const { interaction, calls } = fakeChatInput('sources');
    await routeInteraction(interaction, fakeContext({ service, log }));
    const logged = lines.find((line) => line.msg === 'handler failed')!;
    expect(logged.errorId).toMatch(/^[0-9a-f]{8}$/);
    expect(contentOf(calls[0]!.payload)).toBe(`❌ Something went wrong while answering; please try again. (error id \`${logged.errorId}\`)`);
  });

  it('never throws when even the error reply fails (Discord down): it logs that too', async () => {
    const { log, lines } = recordingLog();
    const { interaction } = fakeChatInput('old', {}, { fail: { reply: new Error('503') } });
    await expect(routeInteraction(interaction, fakeContext({ log }))).resolves.toBeUndefined();
    expect(lines.map((line) => line.msg)).toEqual(['request refused', 'could not tell the user about the failure']);
  });

  it('after a deferral, removes the "thinking" reply and tells the user in a private follow-up', async () => {
    const service = fakeService(() => Promise.reject(new Error('late failure')));
    // An expected wait past the deadline makes /ask defer at once.
    const context = fakeContext({ service });
    context.queue.expectedWaitMs = () => 60_000;
    const { interaction, calls } = fakeChatInput('ask', { question: 'Who?' });
    await routeInteraction(interaction, context);
    expect(calls.map((call) => call.method)).toEqual(['deferReply', 'deleteReply', 'followUp']);
    expect(contentOf(calls[2]!.payload)).toMatch(/^❌ Something went wrong/);
  });

  it('answers autocomplete with the service’s terms, an empty list for a command without it, and swallows failures', async () => {
    const service = { ...fakeService(), suggestTerms: (typed: string) => [{ text: `${typed}eno`, count: 3 }, { text: 'Lenin Moreno', count: 1 }] };
    const lookup = fakeAutocomplete('lookup', 'Mor');
    await routeInteraction(lookup.interaction, fakeContext({ service }));
    expect(lookup.calls[0]!.payload).toEqual([{ name: 'Moreno (3×)', value: 'Moreno' }, { name: 'Lenin Moreno (1×)', value: 'Lenin Moreno' }]);
    const other = fakeAutocomplete('help', 'x');
    await routeInteraction(other.interaction, fakeContext());
    expect(other.calls[0]!.payload).toEqual([]);
    const { log, lines } = recordingLog();
    const failing = fakeAutocomplete('lookup', 'Mor', { fail: { respond: new Error('Unknown interaction') } });
    await expect(routeInteraction(failing.interaction, fakeContext({ service, log }))).resolves.toBeUndefined();
    expect(lines.map((line) => line.msg)).toContain('autocomplete failed');
  });
});
