import { once } from 'node:events';
import {
  ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  GuildMember,
  InteractionContextType,
  MessageFlags,
  Partials,
  PermissionFlagsBits,
  PermissionsBitField,
  REST,
  Routes,
  SlashCommandBuilder,
  type ApplicationCommandPermissionsUpdateData,
  type Guild,
  type Interaction,
  type Message,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/discord/commands/index.ts';
import { APPLICATION_ID, CHANNEL_ID, EVERYONE_PERMISSIONS, FakeDiscord, GUILD_ID, OTHER_CHANNEL_ID, TOKEN, type GuildInfo, type InteractionState } from './fake-discord.ts';
import { registerBotCommands } from './harness.ts';

/** The fake must refuse what Discord refuses, or the end-to-end tests would prove nothing. */
describe('the fake Discord validates like Discord', () => {
  let fake: FakeDiscord;
  let rest: REST;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(TOKEN);
  });
  afterAll(() => fake.close());

  /** The Discord error the request failed with (anything else, or success, fails the test). */
  async function discordError(request: Promise<unknown>): Promise<DiscordAPIError> {
    try {
      await request;
    } catch (error) {
      if (error instanceof DiscordAPIError) return error;
      throw error;
    }
    throw new Error('the fake accepted it');
  }

  async function failure(request: Promise<unknown>): Promise<{ status: number; code: number | string }> {
    const error = await discordError(request);
    return { status: error.status, code: error.code };
  }

  /** Where Discord's 50035 says the form is wrong: the path to its first `_errors`. */
  async function refusedAt(request: Promise<unknown>): Promise<string> {
    const error = await discordError(request);
    if (error.code !== 50035) throw error;
    const path: string[] = [];
    let errors = (error.rawError as { errors: Record<string, unknown> }).errors;
    while (!('_errors' in errors)) {
      const key = Object.keys(errors)[0]!;
      path.push(key);
      errors = errors[key] as Record<string, unknown>;
    }
    return path.join('.');
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
    // Choices answer an autocomplete interaction; anything else, a command.
    const interaction = body.type === 8 ? fake.autocomplete('ask', 'question', 'q') : fake.slashCommand('ask', { question: 'q' });
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

  it('refuses a message to a channel it does not know', async () => {
    expect(await failure(rest.post(Routes.channelMessages('300000000000000077'), { body: { content: 'x' } }))).toEqual({ status: 404, code: 10003 });
  });

  const option = (fields: object = {}) => ({ name: 'opt', description: 'd', type: 3, ...fields });
  const subcommand = (name: string, options: object[] = []) => ({ name, description: 'd', type: 1, options });
  it.each([
    ['an upper-case command name', { name: 'Article' }, '0.name'],
    ['a description over 100 characters', { description: 'd'.repeat(101) }, '0.description'],
    ['an upper-case option name', { options: [option({ name: 'Url' })] }, '0.options.0.name'],
    ['an option name over 32 characters', { options: [option({ name: 'o'.repeat(33) })] }, '0.options.0.name'],
    ['an empty option description', { options: [option({ description: '' })] }, '0.options.0.description'],
    ['26 options', { options: Array.from({ length: 26 }, (_, i) => option({ name: `o${i}` })) }, '0.options'],
    ['a required option after an optional one', { options: [option({ name: 'a' }), option({ name: 'b', required: true })] }, '0.options.1.required'],
    ['two options of one name', { options: [option(), option()] }, '0.options.1.name'],
    ['a subcommand beside a plain option', { options: [subcommand('add'), option()] }, '0.options'],
    ['a subcommand within a subcommand', { options: [subcommand('add', [subcommand('deeper')])] }, '0.options.0.options.0.type'],
    ['a plain option in a subcommand group', { options: [{ name: 'group', description: 'd', type: 2, options: [option()] }] }, '0.options.0.options.0.type'],
    ['a subcommand’s required option after an optional one', { options: [subcommand('add', [option({ name: 'a' }), option({ name: 'b', required: true })])] }, '0.options.0.options.1.required'],
    ['26 options in a subcommand', { options: [subcommand('add', Array.from({ length: 26 }, (_, i) => option({ name: `o${i}` })))] }, '0.options.0.options'],
    ['an attachment option with choices', { options: [option({ type: 11, choices: [{ name: 'a', value: 'a' }] })] }, '0.options.0.choices'],
    ['autocomplete beside choices', { options: [option({ autocomplete: true, choices: [{ name: 'a', value: 'a' }] })] }, '0.options.0.autocomplete'],
    ['default_member_permissions as a number', { default_member_permissions: 32 }, '0.default_member_permissions'],
    ['default_member_permissions not of digits', { default_member_permissions: 'ManageGuild' }, '0.default_member_permissions'],
    ['an unknown context', { contexts: [0, 5] }, '0.contexts'],
    ['integration_types not a list', { integration_types: 0 }, '0.integration_types'],
    ['dm_permission not a boolean', { dm_permission: 'no' }, '0.dm_permission'],
  ])('refuses to register %s', async (_name, fields, path) => {
    const body = [{ name: 'article', description: 'd', ...fields }];
    expect(await refusedAt(rest.put(Routes.applicationCommands(APPLICATION_ID), { body }))).toBe(path);
  });

  it('refuses two commands of one name, and commands for a guild the bot is not in', async () => {
    const command = { name: 'article', description: 'd' };
    expect(await failure(rest.put(Routes.applicationCommands(APPLICATION_ID), { body: [command, command] }))).toMatchObject({ status: 400, code: 50035 });
    expect(await failure(rest.put(Routes.applicationGuildCommands(APPLICATION_ID, '299999999999999999'), { body: [command] }))).toEqual({ status: 403, code: 50001 });
  });

  it('registers what Discord takes: subcommands, default_member_permissions as digits or null, contexts; one command at a time too', async () => {
    const body = [
      { ...command('article'), default_member_permissions: '32', contexts: [0], integration_types: [0], options: [subcommand('add', [option({ name: 'url', required: true }), option({ name: 'file', type: 11 })]), subcommand('list')] },
      { ...command('summary'), default_member_permissions: null, dm_permission: true },
    ];
    const registered = (await rest.put(Routes.applicationGuildCommands(APPLICATION_ID, GUILD_ID), { body })) as { id: string; name: string }[];
    expect(registered.map((c) => c.name)).toEqual(['article', 'summary']);
    expect(fake.registeredCommands.get(GUILD_ID)!.map((c) => c.id)).toEqual(registered.map((c) => c.id));
    // Re-registered unchanged in name, a command keeps its id.
    const again = (await rest.put(Routes.applicationGuildCommands(APPLICATION_ID, GUILD_ID), { body })) as { id: string }[];
    expect(again.map((c) => c.id)).toEqual(registered.map((c) => c.id));
    await rest.post(Routes.applicationGuildCommands(APPLICATION_ID, GUILD_ID), { body: command('help') });
    expect(((await rest.get(Routes.applicationGuildCommands(APPLICATION_ID, GUILD_ID))) as { name: string }[]).map((c) => c.name)).toEqual(['article', 'summary', 'help']);
    const help = fake.registeredCommands.get(GUILD_ID)![2]!;
    await rest.delete(Routes.applicationGuildCommand(APPLICATION_ID, GUILD_ID, help.id));
    expect(fake.registeredCommands.get(GUILD_ID)!.map((c) => c.name)).toEqual(['article', 'summary']);
    // An empty overwrite clears them.
    expect(await rest.put(Routes.applicationGuildCommands(APPLICATION_ID, GUILD_ID), { body: [] })).toEqual([]);
    expect(fake.registeredCommands.get(GUILD_ID)).toEqual([]);
  });

  it('registers the bot’s own commands', () => {
    const guild = fake.addGuild();
    const registered = registerBotCommands(fake, guild.id);
    expect(registered.map((c) => c.name)).toEqual([...commands.keys()]);
  });
});

function command(name: string) {
  return { name, description: `The ${name} command` };
}

const ADMIN = '500000000000000010';
const PLAIN = '500000000000000020';
const LATE_ADMIN = '500000000000000030';

/** Commands shaped like the bot's per-server article library. */
const article = new SlashCommandBuilder()
  .setName('article')
  .setDescription('Manage this server’s articles')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('add')
      .setDescription('Add an article')
      .addStringOption((o) => o.setName('url').setDescription('A link to it'))
      .addAttachmentOption((o) => o.setName('file').setDescription('The file')),
  )
  .addSubcommand((sub) => sub.setName('remove').setDescription('Remove an article').addStringOption((o) => o.setName('article').setDescription('Which one').setRequired(true).setAutocomplete(true)))
  .addSubcommand((sub) =>
    sub
      .setName('list')
      .setDescription('List the articles')
      .addIntegerOption((o) => o.setName('page').setDescription('Page').setMinValue(1))
      .addBooleanOption((o) => o.setName('hide').setDescription('Only me')),
  )
  .toJSON();
const ask = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask about an article')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .addStringOption((o) => o.setName('question').setDescription('Your question').setRequired(true).setMaxLength(300))
  .addStringOption((o) => o.setName('article').setDescription('Which article').setAutocomplete(true))
  .toJSON();

/** A real discord.js client against the fake: what the bot would see. */
describe('the fake Discord plays several servers, their members, files and DMs', () => {
  let fake: FakeDiscord;
  let client: Client;
  let serverB: GuildInfo<'news' | 'chat'>;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    serverB = fake.addGuild({ name: 'Server B', channels: ['news', 'chat'] });
    fake.addMember(GUILD_ID, ADMIN, { manageGuild: true });
    fake.registerCommands([article, ask]);
    client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages], partials: [Partials.Channel], rest: { api: fake.apiUrl } });
    const ready = once(client, Events.ClientReady);
    await client.login(TOKEN);
    await ready;
  });
  afterAll(async () => {
    await client.destroy();
    await fake.close();
  });

  /** What the fake sent, and the interaction the client made of it. */
  async function received(send: () => InteractionState): Promise<{ state: InteractionState; interaction: Interaction }> {
    const arrived = once(client, Events.InteractionCreate);
    const state = send();
    const [interaction] = (await arrived) as [Interaction];
    return { state, interaction };
  }

  async function statusOf(url: string): Promise<number> {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status;
  }

  it('announces every guild, each with its channels and the bot’s member, and a guild joined later', async () => {
    expect([...client.guilds.cache.keys()]).toEqual([GUILD_ID, serverB.id]);
    expect(fake.guild(GUILD_ID)).toEqual({ id: GUILD_ID, name: 'Test Guild', channelId: CHANNEL_ID, channels: { general: CHANNEL_ID, other: OTHER_CHANNEL_ID } });
    const b = client.guilds.cache.get(serverB.id)!;
    expect(b.name).toBe('Server B');
    expect(b.channels.cache.map((channel) => [channel.name, channel.id])).toEqual([
      ['news', serverB.channels.news],
      ['chat', serverB.channels.chat],
    ]);
    expect(client.channels.cache.get(CHANNEL_ID)).toMatchObject({ guildId: GUILD_ID, name: 'general' });
    expect(b.members.me!.permissions.has(PermissionFlagsBits.SendMessages)).toBe(true);
    expect(b.members.me!.permissions.has(PermissionFlagsBits.ManageGuild)).toBe(false);
    const joined = once(client, Events.GuildCreate);
    const serverC = fake.addGuild({ name: 'Server C' });
    const [guild] = (await joined) as [Guild];
    expect(guild).toMatchObject({ id: serverC.id, name: 'Server C' });
    expect(guild.channels.cache.get(serverC.channelId)!.name).toBe('general');
  });

  it('gives an interaction its member’s permissions: Manage Server for an admin, not for a plain member', async () => {
    const plain = await received(() => fake.slashCommand('ask', { question: 'q' }, PLAIN, serverB.channelId));
    expect(plain.state.payload).toMatchObject({
      guild_id: serverB.id,
      channel_id: serverB.channelId,
      channel: { id: serverB.channelId, guild_id: serverB.id, name: 'news' },
      guild: { id: serverB.id },
      member: { user: { id: PLAIN }, roles: [], permissions: String(EVERYONE_PERMISSIONS) },
      authorizing_integration_owners: { 0: serverB.id },
      context: 0,
    });
    expect(plain.state.payload).not.toHaveProperty('user');
    expect(plain.interaction).toMatchObject({ guildId: serverB.id, channelId: serverB.channelId });
    expect(plain.interaction.memberPermissions!.has(PermissionFlagsBits.ManageGuild)).toBe(false);
    expect(plain.interaction.memberPermissions!.has(PermissionFlagsBits.Administrator)).toBe(false);

    const admin = await received(() => fake.slashCommand('ask', { question: 'q' }, ADMIN));
    expect(admin.interaction.memberPermissions!.has(PermissionFlagsBits.ManageGuild)).toBe(true);
    expect(admin.interaction.memberPermissions!.has(PermissionFlagsBits.Administrator)).toBe(false);
    // As discord.js computes it from the member's roles, too.
    expect(admin.interaction.member).toBeInstanceOf(GuildMember);
    expect((admin.interaction.member as GuildMember).permissions.has(PermissionFlagsBits.ManageGuild)).toBe(true);

    // An administrator made while the bot is connected: their role reaches it first (GUILD_ROLE_CREATE).
    fake.addMember(serverB.id, LATE_ADMIN, { administrator: true });
    const late = await received(() => fake.slashCommand('ask', { question: 'q' }, LATE_ADMIN, serverB.channelId));
    expect(late.state.payload!.member).toMatchObject({ permissions: String(PermissionsBitField.All) });
    expect((late.interaction.member as GuildMember).permissions.has(PermissionFlagsBits.ManageGuild)).toBe(true);
    // Elsewhere the same user is a plain member.
    expect(fake.memberPermissions(GUILD_ID, LATE_ADMIN) & PermissionFlagsBits.ManageGuild).toBe(0n);
  });

  it('hides a command with default_member_permissions from members without them, unless a server admin lets everyone use it', async () => {
    expect(() => fake.slashCommand('article', { subcommand: 'list' }, PLAIN)).toThrow(/does not offer \/article to user 500000000000000020 in guild 200000000000000001: the member lacks ManageGuild/);
    expect(() => fake.autocomplete('article', { subcommand: 'remove', focused: 'article', value: 'e' }, PLAIN)).toThrow(/does not offer \/article/);
    const admin = await received(() => fake.slashCommand('article', { subcommand: 'list' }, ADMIN));
    expect((admin.interaction as ChatInputCommandInteraction).options.getSubcommand()).toBe('list');

    const updated = once(client, Events.ApplicationCommandPermissionsUpdate);
    fake.overrideCommandPermissions(serverB.id, 'article', 'everyone');
    const [update] = (await updated) as [ApplicationCommandPermissionsUpdateData];
    expect(update).toMatchObject({ guildId: serverB.id, id: fake.registeredCommands.get('global')![0]!.id, permissions: [{ id: serverB.id, type: 1, permission: true }] });
    // Now the plain member's interaction reaches the bot, whose own check must refuse it.
    const plain = await received(() => fake.slashCommand('article', { subcommand: 'list' }, PLAIN, serverB.channelId));
    expect(plain.interaction.memberPermissions!.has(PermissionFlagsBits.ManageGuild)).toBe(false);
    // Only in that guild.
    expect(() => fake.slashCommand('article', { subcommand: 'list' }, PLAIN)).toThrow(/does not offer/);
    expect(() => fake.overrideCommandPermissions(serverB.id, 'unknown', 'everyone')).toThrow(/no command unknown/);
  });

  it('sends a subcommand with its options and an attachment resolved beside them, and refuses what the client would not send', async () => {
    const file = fake.uploadAttachment({ filename: 'report.txt', contentType: 'text/plain; charset=utf-8', bytes: 'Moreno said so.' });
    const { state, interaction } = await received(() => fake.slashCommand('article', { subcommand: 'add', options: { file } }, ADMIN));
    expect(state.payload!.data).toEqual({
      id: fake.registeredCommands.get('global')![0]!.id,
      name: 'article',
      type: 1,
      options: [{ name: 'add', type: 1, options: [{ name: 'file', type: 11, value: file.id }] }],
      resolved: { attachments: { [file.id]: { id: file.id, filename: 'report.txt', size: 15, url: file.url, proxy_url: file.proxy_url, content_type: 'text/plain; charset=utf-8', ephemeral: true } } },
    });
    expect(file.url.startsWith(`${fake.cdnOrigin}/ephemeral-attachments/${CHANNEL_ID}/${file.id}/report.txt?ex=`)).toBe(true);
    const command = interaction as ChatInputCommandInteraction;
    expect(command.options.getSubcommand()).toBe('add');
    expect(command.options.getAttachment('file', true)).toMatchObject({ id: file.id, name: 'report.txt', size: 15, url: file.url, contentType: 'text/plain; charset=utf-8', ephemeral: true });

    const listed = await received(() => fake.slashCommand('article', { subcommand: 'list', options: { page: 2, hide: true } }, ADMIN));
    expect((listed.state.payload!.data as { options: unknown }).options).toEqual([{ name: 'list', type: 1, options: [{ name: 'page', type: 4, value: 2 }, { name: 'hide', type: 5, value: true }] }]);
    expect((listed.interaction as ChatInputCommandInteraction).options.getInteger('page')).toBe(2);
    const url = await received(() => fake.slashCommand('article', { subcommand: 'add', options: { url: 'http://example.org/a' } }, ADMIN));
    expect((url.interaction as ChatInputCommandInteraction).options.getString('url')).toBe('http://example.org/a');

    expect(() => fake.slashCommand('article', { subcommand: 'add', options: { file: 'report.txt' } }, ADMIN)).toThrow(/file: expects an attachment/);
    expect(() => fake.slashCommand('article', { subcommand: 'list', options: { page: 0 } }, ADMIN)).toThrow(/page: is out of bounds/);
    expect(() => fake.slashCommand('article', { subcommand: 'remove' }, ADMIN)).toThrow(/\/article remove needs article/);
    expect(() => fake.slashCommand('article', {}, ADMIN)).toThrow(/needs a subcommand/);
    expect(() => fake.slashCommand('article', { subcommand: 'rename' }, ADMIN)).toThrow(/no such subcommand/);
    expect(() => fake.slashCommand('ask', { question: 'q', extra: 'x' }, PLAIN)).toThrow(/\/ask has no option extra/);
    expect(() => fake.slashCommand('ask', { question: 'q'.repeat(301) }, PLAIN)).toThrow(/not of an allowed length/);
  });

  it('autocompletes inside a subcommand, and takes the choices', async () => {
    const { state, interaction } = await received(() => fake.autocomplete('article', { subcommand: 'remove', focused: 'article', value: 'ecu' }, ADMIN));
    expect((state.payload!.data as { options: unknown }).options).toEqual([{ name: 'remove', type: 1, options: [{ name: 'article', type: 3, value: 'ecu', focused: true }] }]);
    if (!interaction.isAutocomplete()) throw new Error('not an autocomplete interaction');
    expect(interaction.options.getSubcommand()).toBe('remove');
    expect(interaction.options.getFocused(true)).toMatchObject({ name: 'article', value: 'ecu' });
    await interaction.respond([{ name: 'Ecuador may have finally lost patience', value: 'a-1' }]);
    expect(state.callbacks[0]).toMatchObject({ type: 8, data: { choices: [{ name: 'Ecuador may have finally lost patience', value: 'a-1' }] } });
    // A top-level option, typed in server B, with another already filled in.
    const typed = await received(() => fake.autocomplete('ask', { focused: 'article', value: 'ec', options: { question: 'Who?' } }, PLAIN, serverB.channelId));
    expect((typed.state.payload!.data as { options: unknown }).options).toEqual([{ name: 'question', type: 3, value: 'Who?' }, { name: 'article', type: 3, value: 'ec', focused: true }]);
    expect(typed.interaction.guildId).toBe(serverB.id);
    expect(() => fake.autocomplete('ask', 'question', 'q', PLAIN)).toThrow(/question does not autocomplete/);
  });

  it('serves an upload from its own CDN origin, signed, recording each download; a lying upload and a 404 on demand', async () => {
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]);
    const file = fake.uploadAttachment({ filename: 'the report.pdf', contentType: 'application/pdf', bytes: pdf, channelId: serverB.channelId, ephemeral: false });
    expect(new URL(file.url).origin).toBe(fake.cdnOrigin);
    expect(fake.cdnOrigin).not.toBe(new URL(fake.apiUrl).origin);
    expect(file.url).toMatch(new RegExp(`^${fake.cdnOrigin}/attachments/${serverB.channelId}/${file.id}/the_report\\.pdf\\?ex=[0-9a-f]+&is=[0-9a-f]+&hm=[0-9a-f]{64}&$`));
    expect(file).not.toHaveProperty('ephemeral');

    const response = await fetch(file.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-length')).toBe('5');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(pdf);
    expect(fake.downloads.at(-1)).toEqual({ method: 'GET', url: file.url, attachmentId: file.id, viaProxy: false, status: 200, bytes: 5 });
    expect(await statusOf(file.proxy_url)).toBe(200);
    expect(fake.downloads.at(-1)).toMatchObject({ attachmentId: file.id, viaProxy: true, status: 200 });
    // A URL not signed as the CDN signed it (made up, or altered) is not served.
    expect(await statusOf(file.url.replace(/hm=[0-9a-f]/, 'hm=x'))).toBe(404);
    expect(await statusOf(file.url.replace('the_report.pdf', 'other.pdf'))).toBe(404);

    const liar = fake.uploadAttachment({ filename: 'small.txt', contentType: 'application/zip', bytes: new Uint8Array(50_000), declared: { size: 12, contentType: 'text/plain' } });
    expect(liar).toMatchObject({ size: 12, content_type: 'text/plain' });
    const served = await fetch(liar.url);
    expect(served.headers.get('content-type')).toBe('application/zip');
    expect((await served.arrayBuffer()).byteLength).toBe(50_000);

    fake.deleteAttachment(file);
    expect(await statusOf(file.url)).toBe(404);
    expect(fake.downloads.at(-1)).toMatchObject({ attachmentId: file.id, status: 404 });
  });

  it('sends a command in a DM as Discord does: the user, no member nor guild, context 1; the reply stays in the DM', async () => {
    const dm = fake.dmChannelId(PLAIN);
    const { state, interaction } = await received(() => fake.slashCommand('ask', { question: 'q' }, PLAIN, dm));
    expect(state.payload).toMatchObject({ channel_id: dm, channel: { id: dm, type: 1, recipients: [{ id: PLAIN }] }, user: { id: PLAIN }, context: 1, authorizing_integration_owners: { 0: '0' } });
    for (const field of ['member', 'guild_id', 'guild', 'guild_locale']) expect(state.payload).not.toHaveProperty(field);
    expect(state.payload!.data).not.toHaveProperty('guild_id');
    expect(interaction.inGuild()).toBe(false);
    expect(interaction.context).toBe(InteractionContextType.BotDM);
    expect(interaction.memberPermissions).toBeNull();
    expect(interaction.channel!.isDMBased()).toBe(true);
    await (interaction as ChatInputCommandInteraction).reply({ content: 'Only you see this', flags: MessageFlags.Ephemeral });
    const reply = await fake.response(state);
    expect(reply).toMatchObject({ channel_id: dm, ephemeral: true });
    expect(reply.guild_id).toBeUndefined();
    // A guild-only command is not offered in DMs; a user has only their own DM.
    expect(() => fake.slashCommand('article', { subcommand: 'list' }, ADMIN, fake.dmChannelId(ADMIN))).toThrow(/in DMs: it is not offered in DMs/);
    expect(() => fake.slashCommand('ask', { question: 'q' }, ADMIN, dm)).toThrow(/is the DM of user 500000000000000020/);
  });

  it('delivers messages in each guild and DM, with their files, and keeps the bot’s replies there', async () => {
    const file = fake.uploadAttachment({ filename: 'notes.txt', contentType: 'text/plain', bytes: 'notes', channelId: serverB.channels.chat, ephemeral: false });
    const arrived = once(client, Events.MessageCreate);
    const question = fake.postMessage({ content: `<@${APPLICATION_ID}> hello`, mentionBot: true, authorId: PLAIN, channelId: serverB.channels.chat, attachments: [file] });
    const [message] = (await arrived) as [Message];
    expect(message).toMatchObject({ guildId: serverB.id, channelId: serverB.channels.chat });
    expect(message.attachments.get(file.id)).toMatchObject({ url: file.url, name: 'notes.txt', size: 5 });
    await message.reply('Hello, server B');
    const reply = await fake.until(() => fake.botMessages(serverB.channels.chat)[0], 5000, 'the reply in server B');
    expect(reply).toMatchObject({ guild_id: serverB.id, message_reference: { message_id: question.id } });

    const direct = once(client, Events.MessageCreate);
    fake.postMessage({ content: 'hello', authorId: PLAIN, direct: true });
    const [dm] = (await direct) as [Message];
    expect(dm.guildId).toBeNull();
    expect(dm.channelId).toBe(fake.dmChannelId(PLAIN));
    await dm.reply('Hello, you');
    const dmReply = await fake.until(() => fake.botMessages(fake.dmChannelId(PLAIN))[0], 5000, 'the DM reply');
    expect(dmReply.guild_id).toBeUndefined();
  });

  it('takes a deferred reply edited later and ephemeral follow-ups in the interaction’s guild, for 15 minutes', async () => {
    const { state, interaction } = await received(() => fake.slashCommand('ask', { question: 'q' }, PLAIN, serverB.channelId));
    const command = interaction as ChatInputCommandInteraction;
    await command.deferReply({ flags: MessageFlags.Ephemeral });
    await command.editReply('Three articles');
    expect(await fake.response(state)).toMatchObject({ content: 'Three articles', ephemeral: true, channel_id: serverB.channelId, guild_id: serverB.id });
    await command.followUp({ content: 'And more', flags: MessageFlags.Ephemeral });
    expect(state.followUps[0]).toMatchObject({ content: 'And more', ephemeral: true, guild_id: serverB.id });
    state.dispatchedAt -= 15 * 60 * 1000 + 1;
    await expect(command.editReply('Too late')).rejects.toMatchObject({ status: 401, code: 50027 });
  });
});
