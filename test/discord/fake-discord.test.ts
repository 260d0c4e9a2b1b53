import { DiscordAPIError, REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_ID, FakeDiscord, TOKEN } from './fake-discord.ts';

/** The fake must refuse what Discord refuses, or the end-to-end tests would prove nothing. */
describe('the fake Discord validates like Discord', () => {
  let fake: FakeDiscord;
  let rest: REST;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(TOKEN);
  });
  afterAll(() => fake.close());

  async function failure(request: Promise<unknown>): Promise<{ status: number; code: number | string }> {
    try {
      await request;
    } catch (error) {
      if (error instanceof DiscordAPIError) return { status: error.status, code: error.code };
      throw error;
    }
    throw new Error('the fake accepted it');
  }

  const callback = (id: string, token: string, body: object) => rest.post(Routes.interactionCallback(id, token), { body, auth: false });

  it.each([
    ['content over 2000 characters', { type: 4, data: { content: 'x'.repeat(2001) } }, 50035],
    ['an empty message', { type: 4, data: { content: '' } }, 50006],
    ['26 autocomplete choices', { type: 8, data: { choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` })) } }, 50035],
    ['a choice name over 100 characters', { type: 8, data: { choices: [{ name: 'n'.repeat(101), value: 'v' }] } }, 50035],
    ['a custom_id over 100 characters', { type: 4, data: { content: 'x', components: [{ type: 1, components: [{ type: 2, style: 2, label: 'b', custom_id: 'c'.repeat(101) }] }] } }, 50035],
    ['six buttons in a row', { type: 4, data: { content: 'x', components: [{ type: 1, components: Array.from({ length: 6 }, (_, i) => ({ type: 2, style: 2, label: 'b', custom_id: `b${i}` })) }] } }, 50035],
    ['an embed description over 4096 characters', { type: 4, data: { embeds: [{ description: 'd'.repeat(4097) }] } }, 50035],
  ])('refuses %s', async (_name, body, code) => {
    const interaction = fake.slashCommand('ask', { question: 'q' });
    expect(await failure(callback(interaction.id, interaction.token, body))).toMatchObject({ status: 400, code });
  });

  it('refuses a second acknowledgement', async () => {
    const interaction = fake.slashCommand('ask', { question: 'q' });
    await callback(interaction.id, interaction.token, { type: 5 });
    expect(await failure(callback(interaction.id, interaction.token, { type: 4, data: { content: 'x' } }))).toEqual({ status: 400, code: 40060 });
  });

  it('refuses an acknowledgement after 3 s', async () => {
    const interaction = fake.slashCommand('ask', { question: 'q' });
    interaction.dispatchedAt -= 3001;
    expect(await failure(callback(interaction.id, interaction.token, { type: 4, data: { content: 'x' } }))).toEqual({ status: 404, code: 10062 });
  });

  it('refuses an edit of a reply that was never acknowledged, and a wrong bot token', async () => {
    const interaction = fake.slashCommand('ask', { question: 'q' });
    expect(await failure(rest.patch(Routes.webhookMessage('100000000000000001', interaction.token), { body: { content: 'x' }, auth: false }))).toMatchObject({ status: 404, code: 10015 });
    const stranger = new REST({ api: fake.apiUrl, retries: 0 }).setToken('wrong');
    expect(await failure(stranger.post(Routes.channelMessages(CHANNEL_ID), { body: { content: 'x' } }))).toMatchObject({ status: 401 });
  });
});
