/**
 * The fake's gateway: HELLO, IDENTIFY → READY and a GUILD_CREATE for each of the shard's guilds,
 * heartbeats, RESUME with replay, and dispatches routed to the shard that owns the guild, as
 * Discord routes them.
 */
import { GatewayDispatchEvents, GatewayOpcodes } from 'discord.js';
import type { WebSocket, WebSocketServer } from 'ws';
import type { FakeGuilds } from './guilds.ts';
import { APPLICATION_ID, botUser, TOKEN } from './model.ts';

interface Session {
  id: string;
  shard: number;
  shardCount: number;
  sequence: number;
  events: { s: number; payload: string }[];
  socket: WebSocket | null;
}

/** Discord's routing: a guild's events go to shard (guild_id >> 22) % shard count. */
function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export class FakeGateway {
  identifies = 0;
  resumes = 0;
  private readonly sockets = new Set<WebSocket>();
  private readonly sessions = new Map<string, Session>();

  constructor(
    server: WebSocketServer,
    private readonly url: string,
    private readonly heartbeatIntervalMs: number,
    private readonly guilds: FakeGuilds,
    private readonly changed: () => void,
  ) {
    server.on('connection', (socket) => this.connect(socket));
  }

  private send(socket: WebSocket, payload: object): void {
    socket.send(JSON.stringify(payload));
  }

  private connect(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    this.send(socket, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.heartbeatIntervalMs }, s: null, t: null });
    socket.on('message', (raw) => {
      const { op, d } = JSON.parse(raw.toString()) as { op: GatewayOpcodes; d: { token?: string; session_id?: string; seq?: number; shard?: [number, number] } };
      if (op === GatewayOpcodes.Heartbeat) this.send(socket, { op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
      if (op === GatewayOpcodes.Identify) this.identify(socket, d);
      if (op === GatewayOpcodes.Resume) this.resume(socket, d);
    });
  }

  private identify(socket: WebSocket, d: { token?: string; shard?: [number, number] }): void {
    if (d.token !== TOKEN) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    this.identifies++;
    const [shard = 0, shardCount = 1] = d.shard ?? [];
    const session: Session = { id: `session-${this.identifies}`, shard, shardCount, sequence: 0, events: [], socket };
    this.sessions.set(session.id, session);
    const owned = this.guilds.all().filter((guild) => shardOf(guild.id, shardCount) === shard);
    this.sendEvent(session, GatewayDispatchEvents.Ready, {
      v: 10,
      user: botUser,
      guilds: owned.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.url,
      shard: [shard, shardCount],
      application: { id: APPLICATION_ID, flags: 0 },
    });
    for (const guild of owned) this.sendEvent(session, GatewayDispatchEvents.GuildCreate, this.guilds.guildCreate(guild));
    this.changed();
  }

  private resume(socket: WebSocket, d: { token?: string; session_id?: string; seq?: number }): void {
    const session = d.session_id ? this.sessions.get(d.session_id) : undefined;
    if (d.token !== TOKEN || !session) {
      this.send(socket, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return;
    }
    this.resumes++;
    session.socket = socket;
    for (const event of session.events) if (event.s > (d.seq ?? 0)) socket.send(event.payload);
    this.sendEvent(session, GatewayDispatchEvents.Resumed, {});
    this.changed();
  }

  /** Sends an event on one session, kept for replay on RESUME. */
  private sendEvent(session: Session, type: string, data: object): void {
    const payload = JSON.stringify({ op: GatewayOpcodes.Dispatch, t: type, s: ++session.sequence, d: data });
    session.events.push({ s: session.sequence, payload });
    if (session.socket?.readyState === session.socket?.OPEN) session.socket?.send(payload);
  }

  /** Sends an event to the session of the shard that owns the guild (DMs go to shard 0); GUILD_CREATE names its guild by `id`. */
  dispatch(type: GatewayDispatchEvents, data: { guild_id?: string; [field: string]: unknown }, guildId = data.guild_id): void {
    const latest = [...this.sessions.values()].reverse();
    const session = latest.find((candidate) => candidate.shard === (guildId ? shardOf(guildId, candidate.shardCount) : 0));
    if (session) this.sendEvent(session, type, data);
  }

  /** Drops the bot's connections abruptly (no close frame): the bot must reconnect and RESUME. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.terminate();
  }
}
