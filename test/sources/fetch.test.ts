import { once } from 'node:events';
import http, { type ServerResponse } from 'node:http';
import net, { type AddressInfo, type LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { addressPolicy, type AddressPolicy } from '../../src/sources/address-policy.ts';
import { FetchError, type FetchErrorKind, type FetchOptions, fetchPage, fetchPageWith, type FetchSeams, USER_AGENT } from '../../src/sources/fetch.ts';
import { type Route, TestServer } from './test-server.ts';

const ARTICLE = '<!DOCTYPE html><html><head><title>Rain</title></head><body><p>It rained all week.</p></body></html>';
/** Short enough that a hung fetch ends the test quickly, long enough for a loaded machine; the timeout tests use 100 ms. */
const FAST: Omit<FetchOptions, 'allowPrivate'> = { headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 };
const LOCAL: FetchOptions = { allowPrivate: true, ...FAST };

// A gzip bomb: 40 GB of zeros as 40,960 gzip members of 1 MB each (gzip allows members one after
// another), 43 MB on the wire, written as the client takes it (kernel buffers hold a few MB).
// Made from one 1 KB member, so it costs the test next to nothing unless the client inflates it.
const BOMB_MEMBER = zlib.gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
const BOMB_BATCH = Buffer.concat(Array.from({ length: 64 }, () => BOMB_MEMBER));
const BOMB_BATCHES = 640;
const BOMB_WIRE_BYTES = BOMB_BATCH.length * BOMB_BATCHES;
/** How much of the bomb the server sent before the client hung up; set when it stops. */
let bombSent: number | undefined;

function html(body: string, headers: http.OutgoingHttpHeaders = {}): Route {
  return (_request, response) => void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
}

/** Waits until the response can take more, or the client has gone. */
function drainOrClose(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done).off('close', done);
      resolve();
    };
    response.on('drain', done).on('close', done);
  });
}

function redirect(location: string, status = 302): Route {
  return (_request, response) => void response.writeHead(status, { location }).end();
}

const server = new TestServer({
  '/article.html': html(ARTICLE),
  '/notes.txt': (_request, response) => void response.writeHead(200, { 'content-type': 'text/plain' }).end('Plain notes.\n'),
  '/notes.md': (_request, response) => void response.writeHead(200, { 'content-type': 'text/markdown; charset=UTF-8' }).end('# Notes\n'),
  '/xhtml': (_request, response) => void response.writeHead(200, { 'content-type': 'Application/XHTML+XML' }).end(ARTICLE),
  '/latin1': (_request, response) => void response.writeHead(200, { 'content-type': 'text/html; Charset="ISO-8859-1"' }).end(Buffer.from('<p>caf\xe9</p>', 'latin1')),
  '/encoded': (request, response) => {
    const coding = new URL(request.url!, 'http://x').searchParams.get('coding')!;
    const body = { gzip: zlib.gzipSync, deflate: zlib.deflateSync, br: zlib.brotliCompressSync }[coding]!(ARTICLE);
    response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': coding }).end(body);
  },
  '/zstd': (_request, response) => void response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'zstd' }).end('x'),
  '/damaged-gzip': (_request, response) => void response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end('not gzip at all'),
  '/hop': (request, response) => {
    // /hop?left=N redirects N more times, relatively ("hop?left=N-1"), then serves the article.
    const left = Number(new URL(request.url!, 'http://x').searchParams.get('left'));
    if (left === 0) html(ARTICLE)(request, response);
    else redirect(`hop?left=${left - 1}`)(request, response);
  },
  '/deep/a/b': redirect('../c'),
  '/deep/c': html('<p>deep</p>'),
  '/to-absolute': (request, response) => redirect(`http://127.0.0.1:${server.port}/article.html`, 301)(request, response),
  '/to-loopback': (request, response) => redirect(`http://127.0.0.2:${server.port}/article.html`)(request, response),
  '/to-ipv6-loopback': (request, response) => redirect(`http://[::1]:${server.port}/article.html`, 308)(request, response),
  '/to-file': redirect('file:///etc/passwd'),
  '/to-credentials': (request, response) => redirect(`http://user:secret@127.0.0.1:${server.port}/article.html`)(request, response),
  '/to-nowhere': (_request, response) => void response.writeHead(302).end(),
  '/error': (_request, response) => void response.writeHead(500, { 'content-type': 'text/html' }).end('<p>oops</p>'),
  '/stall': () => {
    // Never answers: the headers timeout must end it.
  },
  '/trickle': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.write('<p>The start, and then nothing'); // the body timeout must end it
  },
  '/declared-too-big': (_request, response) => {
    // Claims 5000 bytes and sends a few: refused on the header, so no wait for the rest.
    response.writeHead(200, { 'content-type': 'text/html', 'content-length': 5000 });
    response.write('<p>');
  },
  '/chunked-too-big': (_request, response) => void response.writeHead(200, { 'content-type': 'text/html' }).end('x'.repeat(3000)),
  '/exactly-1000': (_request, response) => void response.writeHead(200, { 'content-type': 'text/plain' }).end('y'.repeat(1000)),
  '/bomb': async (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
    let sent = 0;
    for (let i = 0; i < BOMB_BATCHES && !response.destroyed; i++) {
      sent += BOMB_BATCH.length;
      if (!response.write(BOMB_BATCH)) await drainOrClose(response);
    }
    response.end();
    bombSent = sent;
  },
  '/reset': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html', 'content-length': 1000 });
    response.write('<p>half', () => response.socket?.destroy());
  },
  '/image.png': (_request, response) => void response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
  '/data.json': (_request, response) => void response.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
  '/untyped-html': (_request, response) => void response.writeHead(200).end(`\n  ${ARTICLE}`),
  '/untyped-text': (_request, response) => void response.writeHead(200).end('Just some words, no markup.'),
  '/untyped-png': (_request, response) => void response.writeHead(200).end(Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'latin1')),
  '/binary-as-text': (_request, response) => void response.writeHead(200, { 'content-type': 'text/plain' }).end(Buffer.from([0, 1, 2, 3, 0xff, 0xfe])),
});

beforeAll(() => server.start());
afterAll(() => server.stop());

/** Lets a connection that should not have happened reach the server's counters before they are read. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

/** The FetchError a fetch failed with (the test fails if it succeeded or threw something else). */
async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

async function expectFailure(promise: Promise<unknown>, kind: FetchErrorKind, message: RegExp): Promise<FetchError> {
  const error = await failure(promise);
  expect(error.message).toMatch(message);
  expect(error.kind).toBe(kind);
  expect(error.message).not.toContain('\n');
  return error;
}

describe('fetching pages from a local server (FETCH_ALLOW_PRIVATE on)', () => {
  it('fetches an HTML page and names the bot, what it accepts and the codings it reads', async () => {
    const before = server.requests.length;
    const page = await fetchPage(server.url('/article.html'), LOCAL);
    expect(page).toEqual({ url: server.url('/article.html'), status: 200, contentType: 'text/html', charset: 'utf-8', bytes: Buffer.from(ARTICLE) });
    const headers = server.requests[before]!.headers;
    expect(headers['user-agent']).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(/^article-quote-bot\/\d+\.\d+\.\d+ \(/);
    expect(headers['accept']).toBe('text/html, application/xhtml+xml, text/plain, text/markdown');
    expect(headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it.each([
    ['/notes.txt', 'text/plain', null],
    ['/notes.md', 'text/markdown', 'utf-8'],
    ['/xhtml', 'application/xhtml+xml', null],
    ['/latin1', 'text/html', 'iso-8859-1'],
  ])('reports the type and charset of %s', async (path, contentType, charset) => {
    expect(await fetchPage(server.url(path), LOCAL)).toMatchObject({ contentType, charset });
  });

  it('leaves the bytes undecoded: the charset is for the caller', async () => {
    expect((await fetchPage(server.url('/latin1'), LOCAL)).bytes).toEqual(Buffer.from('<p>caf\xe9</p>', 'latin1'));
  });

  it.each(['gzip', 'deflate', 'br'])('decompresses a %s body', async (coding) => {
    expect((await fetchPage(server.url(`/encoded?coding=${coding}`), LOCAL)).bytes.toString()).toBe(ARTICLE);
  });

  it('refuses a compression it cannot read, and damaged compression', async () => {
    await expectFailure(fetchPage(server.url('/zstd'), LOCAL), 'encoding', /: the server compressed it as “zstd”, which is not supported/);
    await expectFailure(fetchPage(server.url('/damaged-gzip'), LOCAL), 'encoding', /: its compressed content is damaged$/);
  });

  it('follows up to 5 redirects, relative ones resolved against the page, and reports the final URL', async () => {
    const page = await fetchPage(server.url('/hop?left=5'), LOCAL);
    expect(page.url).toBe(server.url('/hop?left=0'));
    expect(page.bytes.toString()).toBe(ARTICLE);
    expect((await fetchPage(server.url('/deep/a/b'), LOCAL)).url).toBe(server.url('/deep/c'));
    expect((await fetchPage(server.url('/to-absolute'), LOCAL)).url).toBe(server.url('/article.html'));
  });

  it('refuses the 6th redirect, and honours a lower maxRedirects', async () => {
    await expectFailure(fetchPage(server.url('/hop?left=6'), LOCAL), 'redirect', /^Could not fetch http:\/\/127\.0\.0\.1:\d+\/hop\?left=6 \(redirected to .*\/hop\?left=1\): it redirected more than 5 times$/);
    await expectFailure(fetchPage(server.url('/hop?left=2'), { ...LOCAL, maxRedirects: 1 }), 'redirect', /more than 1 times$/);
  });

  it('refuses redirects to other schemes, to links with credentials and to nowhere', async () => {
    await expectFailure(fetchPage(server.url('/to-file'), LOCAL), 'url', /: it redirected to file:\/\/\/etc\/passwd: only http and https links are fetched, not file$/);
    const credentials = await expectFailure(fetchPage(server.url('/to-credentials'), LOCAL), 'url', /it redirected to a link with a user name or password, which is not followed$/);
    expect(credentials.message).not.toContain('secret');
    await expectFailure(fetchPage(server.url('/to-nowhere'), LOCAL), 'redirect', /: the server answered 302 Found without saying where to$/);
  });

  it.each([
    ['/missing', /: the server answered 404 Not Found$/],
    ['/error', /: the server answered 500 Internal Server Error$/],
  ])('says what status %s answered', async (path, message) => {
    await expectFailure(fetchPage(server.url(path), LOCAL), 'status', message);
  });

  it('gives up on a server that does not answer, after the headers timeout', async () => {
    await expectFailure(fetchPage(server.url('/stall'), { ...LOCAL, headersTimeoutMs: 100 }), 'timeout', /: the server did not answer within 100 ms$/);
  });

  it('gives up on a body that does not finish, after the body timeout', async () => {
    await expectFailure(fetchPage(server.url('/trickle'), { ...LOCAL, bodyTimeoutMs: 100 }), 'timeout', /: the page did not finish downloading within 100 ms$/);
  });

  it('stops when the caller cancels', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expectFailure(fetchPage(server.url('/stall'), { ...LOCAL, signal: controller.signal }), 'aborted', /: the fetch was cancelled$/);
    await expectFailure(fetchPage(server.url('/article.html'), { ...LOCAL, signal: AbortSignal.abort() }), 'aborted', /cancelled/);
  });

  it('refuses a body over the cap, before reading when Content-Length says so and while streaming when not', async () => {
    await expectFailure(fetchPage(server.url('/declared-too-big'), { ...LOCAL, maxBytes: 1000 }), 'size', /: it is 4\.9 KB, over the 1000 bytes limit$/);
    await expectFailure(fetchPage(server.url('/chunked-too-big'), { ...LOCAL, maxBytes: 1000 }), 'size', /: it is over the 1000 bytes limit$/);
    expect((await fetchPage(server.url('/exactly-1000'), { ...LOCAL, maxBytes: 1000 })).bytes).toHaveLength(1000);
  });

  it('stops a gzip bomb at the cap instead of inflating it', async () => {
    await expectFailure(fetchPage(server.url('/bomb'), { ...LOCAL, maxBytes: 1024 * 1024 }), 'size', /: it is over the 1 MB limit$/);
    // The server stopped because the client hung up: most of the 43 MB (40 GB inflated) never left.
    await vi.waitFor(() => expect(bombSent).toBeDefined());
    expect(bombSent!).toBeLessThan(BOMB_WIRE_BYTES / 4);
  });

  it('says when the connection breaks mid-page', async () => {
    await expectFailure(fetchPage(server.url('/reset'), LOCAL), 'network', /: the connection closed before the page was complete$/);
  });

  it('says when nothing listens, or the page is not HTTPS', async () => {
    const closed = net.createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    await expectFailure(fetchPage(`http://127.0.0.1:${port}/`, LOCAL), 'network', /: the server refused the connection$/);
    await expectFailure(fetchPage(server.url('/article.html').replace('http:', 'https:'), LOCAL), 'network', /: the secure \(HTTPS\) connection failed$/);
  });

  it.each([
    ['/image.png', /: it is an image \(image\/png\), not an article page$/],
    ['/data.json', /: it is JSON data \(application\/json\), not an article page$/],
    ['/untyped-png', /: it is an image \(image\/png\), not an article page$/],
    ['/binary-as-text', /: it is binary data \(application\/octet-stream\), not an article page$/],
  ])('refuses what is not an article page: %s', async (path, message) => {
    await expectFailure(fetchPage(server.url(path), LOCAL), 'type', message);
  });

  it('accepts other types when asked to', async () => {
    expect((await fetchPage(server.url('/data.json'), { ...LOCAL, accept: ['application/json'] })).contentType).toBe('application/json');
  });

  it('sniffs a page sent without Content-Type: markup is HTML, other text is plain text', async () => {
    expect(await fetchPage(server.url('/untyped-html'), LOCAL)).toMatchObject({ contentType: 'text/html', charset: null });
    expect(await fetchPage(server.url('/untyped-text'), LOCAL)).toMatchObject({ contentType: 'text/plain', charset: null });
  });

  it('ignores proxy variables (a proxy would connect in its place, unchecked)', async () => {
    const proxy = new TestServer({});
    await proxy.start();
    vi.stubEnv('HTTP_PROXY', proxy.url(''));
    vi.stubEnv('http_proxy', proxy.url(''));
    try {
      expect((await fetchPage(server.url('/article.html'), LOCAL)).bytes.toString()).toBe(ARTICLE);
      expect(proxy.connections).toBe(0);
    } finally {
      vi.unstubAllEnvs();
      await proxy.stop();
    }
  });
});

describe('refusing links (FETCH_ALLOW_PRIVATE off)', () => {
  const PUBLIC_ONLY: FetchOptions = { allowPrivate: false, ...FAST };
  const realConnect = net.Socket.prototype.connect;
  let connectAttempts = 0;
  let connectAllowed = false;

  // A guard for the test itself: had a refusal regressed, these addresses (10.0.0.1 and the rest)
  // would be dialed for real. Any attempt to connect is counted and stopped here instead.
  beforeAll(() => {
    vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket, ...args: unknown[]) {
      if (connectAllowed) return (realConnect as (...args: unknown[]) => net.Socket).apply(this, args);
      connectAttempts++;
      throw new Error('test guard: a connection was attempted');
    });
  });
  afterEach(() => {
    connectAttempts = 0;
    connectAllowed = false;
  });
  afterAll(() => vi.restoreAllMocks());

  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.1.2.3', 'a loopback address'],
    ['[::1]', 'a loopback address'],
    ['[::ffff:127.0.0.1]', 'a loopback address'],
    ['[::ffff:7f00:1]', 'a loopback address'],
    ['2130706433', 'a loopback address'], // 127.0.0.1 written as one number: the URL parser reads it so
    ['0x7f.1', 'a loopback address'],
    ['10.0.0.1', 'a private network address'],
    ['172.16.0.1', 'a private network address'],
    ['192.168.1.1', 'a private network address'],
    ['169.254.169.254', 'a link-local address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['0.0.0.0', 'an unspecified address'],
    ['224.0.0.1', 'a multicast address'],
    ['255.255.255.255', 'the broadcast address'],
    ['[fd00::1]', 'a private network address \\(IPv6 unique local\\)'],
    ['[fe80::1]', 'a link-local address'],
  ])('refuses http://%s/ without connecting', async (host, description) => {
    const url = `http://${host}:${server.port}/article.html`;
    await expectFailure(fetchPage(url, PUBLIC_ONLY), 'address', new RegExp(`^Could not fetch http://.*: .* is ${description}.*; only public internet addresses are fetched$`));
    expect(connectAttempts).toBe(0);
  });

  it('refuses a name that resolves to loopback (localhost) before dialing it', async () => {
    // The lookup runs inside connect(), so the guard lets this one through to the real socket;
    // the local server shows that no connection reached it.
    connectAllowed = true;
    const connections = server.connections;
    await expectFailure(fetchPage(server.url('/article.html', 'localhost'), PUBLIC_ONLY), 'address', /: localhost resolves to (127\.0\.0\.1|::1), a loopback address \(this machine\); only public/);
    await settle();
    expect(server.connections).toBe(connections);
  });

  it.each([
    ['file:///etc/passwd', /^Could not fetch file:\/\/\/etc\/passwd: only http and https links are fetched, not file$/],
    ['ftp://example.com/a', /: only http and https links are fetched, not ftp$/],
    ['javascript:alert(1)', /: only http and https links are fetched, not javascript$/],
    ['data:text/html,<p>hi</p>', /: only http and https links are fetched, not data$/],
    ['not a link', /^Could not fetch not a link: it is not a valid web address$/],
  ])('refuses %s with a clear line', async (url, message) => {
    await expectFailure(fetchPage(url, PUBLIC_ONLY), 'url', message);
  });

  it('refuses a link with credentials and does not repeat them', async () => {
    const error = await expectFailure(fetchPage('https://user:hunter2@example.com/news', PUBLIC_ONLY), 'url', /^Could not fetch https:\/\/example\.com\/news: links with a user name or password are not fetched$/);
    expect(error.message).not.toContain('hunter2');
  });

  it('shortens a long link in the message', async () => {
    const error = await failure(fetchPage(`ftp://example.com/${'a'.repeat(500)}`, PUBLIC_ONLY));
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).toContain('…');
  });
});

describe('the connect-time checks (with a test policy for which 127.0.0.1 counts as public)', () => {
  // Real rules for every address but 127.0.0.1, so that a redirect from this server to another
  // loopback address is judged as it would be from a public server.
  const publicOnly = addressPolicy(false);
  const loopbackServerIsPublic: AddressPolicy = (address) => (address === '127.0.0.1' ? null : publicOnly(address));
  const options: FetchOptions = { allowPrivate: false, ...FAST };

  /** A resolver for the test: names map to fixed addresses, anything else is not found. */
  function fakeDns(names: Record<string, string[]>): LookupFunction {
    return (hostname, lookupOptions, callback) => {
      const addresses = names[hostname];
      if (!addresses) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }), '');
      const found = addresses.map((address) => ({ address, family: net.isIP(address) }));
      if (lookupOptions.all) callback(null, found);
      else callback(null, found[0]!.address, found[0]!.family);
    };
  }

  const seams = (extra: FetchSeams = {}): FetchSeams => ({ policy: loopbackServerIsPublic, ...extra });

  it('fetches from an allowed address, and refuses a redirect from it to a loopback one', async () => {
    expect((await fetchPageWith(server.url('/article.html'), options, seams())).bytes.toString()).toBe(ARTICLE);
    const requests = server.requests.length;
    await expectFailure(
      fetchPageWith(server.url('/to-loopback'), options, seams()),
      'address',
      /^Could not fetch http:\/\/127\.0\.0\.1:\d+\/to-loopback \(redirected to http:\/\/127\.0\.0\.2:\d+\/article\.html\): 127\.0\.0\.2 is a loopback address \(this machine\); only public internet addresses are fetched$/,
    );
    await expectFailure(fetchPageWith(server.url('/to-ipv6-loopback'), options, seams()), 'address', /\(redirected to http:\/\/\[::1\]:\d+\/article\.html\): ::1 is a loopback address/);
    expect(server.requests.length - requests).toBe(2); // the two first hops only
  });

  it('connects a name to the address its lookup checked, and reports DNS failures plainly', async () => {
    const dns = fakeDns({ 'news.example': ['127.0.0.1'], 'mixed.example': ['127.0.0.1', '127.0.0.2'] });
    const requests = server.requests.length;
    const page = await fetchPageWith(`http://news.example:${server.port}/article.html`, options, seams({ lookup: dns }));
    expect(page.url).toBe(`http://news.example:${server.port}/article.html`);
    expect(server.requests[requests]!.headers.host).toBe(`news.example:${server.port}`);
    // One refused address among the answers refuses the name: none of them is dialed.
    const connections = server.connections;
    await expectFailure(fetchPageWith(`http://mixed.example:${server.port}/`, options, seams({ lookup: dns })), 'address', /: mixed\.example resolves to 127\.0\.0\.2, a loopback address/);
    await settle();
    expect(server.connections).toBe(connections);
    await expectFailure(fetchPageWith('http://nowhere.example/', options, seams({ lookup: dns })), 'network', /: no server is known by the name nowhere\.example \(DNS\)$/);
  });

  it('checks the connected address again before sending the request', async () => {
    // A policy that passes 127.0.0.1 once (the literal check) and then refuses it stands for a
    // check that was somehow skipped: the socket's remote address must still be refused.
    let judged = 0;
    const changesItsMind: AddressPolicy = (address) => (judged++ === 0 ? null : publicOnly(address));
    const { connections, requests } = { connections: server.connections, requests: server.requests.length };
    await expectFailure(fetchPageWith(server.url('/article.html'), options, { policy: changesItsMind }), 'address', /: 127\.0\.0\.1 is a loopback address/);
    expect(judged).toBe(2);
    await vi.waitFor(() => expect(server.connections).toBe(connections + 1));
    // The socket was closed before a byte of the request left.
    await settle();
    expect(server.requests.length).toBe(requests);
  });
});
