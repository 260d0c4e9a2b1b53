import { once } from 'node:events';
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';

export type Route = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** A route that answers every request with this status, these headers and this body. */
export function respond(status: number, headers: OutgoingHttpHeaders, body: string | Buffer = ''): Route {
  return (_request, response) => void response.writeHead(status, headers).end(body);
}

/** A local server of pages, by path (404 for any other); counts connections and requests to show when none were made. */
export class TestServer {
  connections = 0;
  requests: IncomingMessage[] = [];
  private readonly sockets = new Set<net.Socket>();
  private readonly server: http.Server;

  constructor(private readonly routes: Record<string, Route>) {
    this.server = http.createServer((request, response) => {
      this.requests.push(request);
      const route = this.routes[new URL(request.url ?? '/', 'http://x').pathname];
      if (route) void route(request, response);
      else response.writeHead(404).end('no such page');
    });
    this.server.on('connection', (socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path: string, host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
    await once(this.server, 'close');
  }
}
