/**
 * Fetches a page someone linked to, in a way the link cannot turn against the host (SSRF).
 *
 * Every address is judged where it is connected to, so there is no DNS-rebinding window: a host
 * name's addresses are checked inside the `lookup` that node:net connects with (what passes is
 * exactly what the socket dials), an IP-literal host (for which Node skips `lookup`) is checked
 * before the request, and the socket's remote address is checked again when it connects, before
 * the request is written. Each redirect is a new request checked the same way. node:http with a
 * fresh agent per request reads no proxy variables (a proxy would dial in our place, unchecked).
 *
 * Bodies are decompressed while they stream and counted after decompression, so a compression
 * bomb stops at the cap; the type comes from Content-Type, or is sniffed by the WHATWG MIME
 * Sniffing Standard (whatwg-mimetype) when the header is missing or unreadable.
 */
import { lookup as systemLookup } from 'node:dns';
import http, { type IncomingMessage, STATUS_CODES } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { computedMIMEType, MIMEType } from 'whatwg-mimetype';
import packageJson from '../../package.json' with { type: 'json' };
import { addressPolicy, type AddressPolicy } from './address-policy.ts';

export interface FetchOptions {
  /** FETCH_ALLOW_PRIVATE: private and loopback addresses allowed (tests, intranets). */
  allowPrivate: boolean;
  /** The body's size limit, counted after decompression while streaming; default 5 MB. */
  maxBytes?: number;
  /** Connecting (with the DNS lookup) and receiving the response headers, per request; default 10 s. */
  headersTimeoutMs?: number;
  /** Receiving the whole body, from the headers on; default 20 s. */
  bodyTimeoutMs?: number;
  /** Redirects followed; one more is refused. Default 5. */
  maxRedirects?: number;
  /** Media types accepted; default text/html, application/xhtml+xml, text/plain, text/markdown. */
  accept?: readonly string[];
  signal?: AbortSignal;
}

export interface FetchedPage {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  /** The media type, lower case, without parameters (sniffed when the server gave none). */
  contentType: string;
  /** The charset parameter of Content-Type, lower case, if any (decoding is the caller's). */
  charset: string | null;
  /** The body, decompressed. */
  bytes: Buffer;
}

/** What went wrong, for callers that react to kinds of failure; the message says it to a person. */
export type FetchErrorKind = 'url' | 'address' | 'redirect' | 'status' | 'type' | 'size' | 'encoding' | 'timeout' | 'network' | 'aborted';

/** One line naming the link (shortened, without credentials) and why it was not fetched. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_ACCEPT: readonly string[] = ['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown'];
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
const DEFAULT_BODY_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Longer links are shortened in messages (Discord lines and logs stay readable). */
const MAX_SHOWN_URL = 100;

export const USER_AGENT = `article-quote-bot/${packageJson.version} (a Discord bot that quotes news articles)`;

/**
 * Not part of the public API: what a test replaces. `policy` lets a test count its 127.0.0.1
 * server as public so that a redirect from it to another loopback address is refused as in
 * production; `lookup` stands in for DNS (no test may query a real resolver).
 */
export interface FetchSeams {
  policy?: AddressPolicy;
  lookup?: LookupFunction;
}

/** A failure while fetching, before it is given the link's name; `Failure.message` is the reason. */
class Failure extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    reason: string,
  ) {
    super(reason);
  }
}

/** A host whose address the policy refuses; raised from `lookup` or the connect check. */
class AddressRefused extends Failure {
  constructor(host: string, address: string, description: string) {
    const what = host === address ? `${address} is ${description}` : `${host} resolves to ${address}, ${description}`;
    super('address', `${what}; only public internet addresses are fetched`);
  }
}

/** Fetches `url` (http or https only), following redirects; throws FetchError. */
export async function fetchPage(url: string, options: FetchOptions): Promise<FetchedPage> {
  return fetchPageWith(url, options, {});
}

/** fetchPage with the seams a test replaces (see FetchSeams); not for application code. */
export async function fetchPageWith(url: string, options: FetchOptions, seams: FetchSeams): Promise<FetchedPage> {
  const policy = seams.policy ?? addressPolicy(options.allowPrivate);
  const lookup = guardedLookup(seams.lookup ?? systemLookup, policy);
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  let target: URL;
  try {
    target = checkedUrl(url);
  } catch (error) {
    throw fetchError(error, showUrl(url));
  }
  const requested = target;
  const where = (): string => (target === requested ? showUrl(requested) : `${showUrl(requested)} (redirected to ${showUrl(target)})`);
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await send(target, options, policy, lookup);
      const status = response.statusCode ?? 0;
      if (!REDIRECT_STATUSES.has(status)) return await readPage(target, response, options);
      response.destroy();
      const location = response.headers.location;
      if (location === undefined) throw new Failure('redirect', `the server answered ${statusLine(status)} without saying where to`);
      if (redirects === maxRedirects) throw new Failure('redirect', `it redirected more than ${maxRedirects} times`);
      target = checkedUrl(location, target);
    }
  } catch (error) {
    throw fetchError(error, where());
  }
}

/** The URL, if it is an http(s) link without credentials; relative links resolve against `base`. */
function checkedUrl(link: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(link, base);
  } catch {
    throw new Failure('url', base ? `the server redirected to “${showUrl(link)}”, which is not a valid web address` : 'it is not a valid web address');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const target = base ? `it redirected to ${showUrl(url.href)}: ` : '';
    throw new Failure('url', `${target}only http and https links are fetched, not ${url.protocol.slice(0, -1)}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new Failure('url', base ? 'it redirected to a link with a user name or password, which is not followed' : 'links with a user name or password are not fetched');
  }
  return url;
}

/** `lookup` that refuses a name if any of its addresses is refused: what it returns is what gets dialed. */
function guardedLookup(lookup: LookupFunction, policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, found) => {
      if (error) return callback(error, '');
      const addresses = typeof found === 'string' ? [{ address: found, family: isIP(found) }] : found;
      for (const { address } of addresses) {
        const refusal = policy(address);
        if (refusal !== null) return callback(new AddressRefused(hostname, address, refusal), '');
      }
      const [first] = addresses;
      if (first === undefined) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND', hostname }), '');
      if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/** Sends one GET and resolves with its response headers; the body is left unread. */
function send(target: URL, options: FetchOptions, policy: AddressPolicy, lookup: LookupFunction): Promise<IncomingMessage> {
  // URL keeps the brackets of an IPv6 literal; node:http strips them itself.
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  // Node never calls `lookup` for an IP literal, so a literal is judged here.
  if (isIP(host) !== 0) {
    const refusal = policy(host);
    if (refusal !== null) return Promise.reject(new AddressRefused(host, host, refusal));
  }
  const timeoutMs = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const signal = options.signal;
  if (signal?.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    const request = (target.protocol === 'https:' ? https : http).request(target, {
      // A fresh agent: no pooled socket from another request, and no proxy from the environment.
      agent: false,
      lookup,
      headers: {
        'user-agent': USER_AGENT,
        accept: (options.accept ?? DEFAULT_ACCEPT).join(', '),
        'accept-encoding': 'gzip, deflate, br',
      },
    });
    // Belt and braces: the address actually connected, checked before the request is written
    // (prepended, so it runs before node:http flushes the request on 'connect').
    request.once('socket', (socket) => {
      socket.prependOnceListener('connect', () => {
        const remote = socket.remoteAddress ?? '';
        if (isIP(remote) === 0) return void socket.destroy(new Failure('address', 'the address it connected to could not be checked'));
        const refusal = policy(remote);
        if (refusal !== null) socket.destroy(new AddressRefused(host, remote, refusal));
      });
    });
    const timer = setTimeout(() => request.destroy(new Failure('timeout', `the server did not answer within ${duration(timeoutMs)}`)), timeoutMs);
    const onAbort = (): void => void request.destroy(cancelled());
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    request.once('response', (response) => {
      settle();
      resolve(response);
    });
    request.once('error', (error) => {
      settle();
      reject(error);
    });
    request.end();
  });
}

/** Checks status, type and size, then reads and decompresses the body within the limits. */
async function readPage(target: URL, response: IncomingMessage, options: FetchOptions): Promise<FetchedPage> {
  try {
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) throw new Failure('status', `the server answered ${statusLine(status)}`);
    const accept = options.accept ?? DEFAULT_ACCEPT;
    const header = response.headers['content-type'];
    const declared = header === undefined ? null : MIMEType.parse(header);
    // A declared type that is refused is refused before the body is read.
    if (declared !== null) refuseType(declared, accept);
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const length = response.headers['content-length'];
    if (length !== undefined && /^\d+$/.test(length) && Number(length) > maxBytes) {
      throw new Failure('size', `it is ${size(Number(length))}, over the ${size(maxBytes)} limit`);
    }
    const decoders = decodersFor(response.headers['content-encoding']);
    const bytes = await readBody(response, decoders, maxBytes, options);
    // The sniffed type where the header gave none, or binary data sent as text/plain (the
    // standard's "Apache bug" check); a declared HTML or XML type is kept as it is.
    const noSniff = String(response.headers['x-content-type-options'] ?? '').toLowerCase() === 'nosniff';
    const computed = computedMIMEType(bytes, { contentTypeHeader: header, noSniff });
    refuseType(computed, accept);
    return { url: target.href, status, contentType: computed.essence, charset: declared?.parameters.get('charset')?.toLowerCase() ?? null, bytes };
  } finally {
    response.destroy();
  }
}

function refuseType(type: MIMEType, accept: readonly string[]): void {
  if (!accept.includes(type.essence)) throw new Failure('type', `it is ${describeType(type)} (${type.essence}), not an article page`);
}

function describeType(type: MIMEType): string {
  const essence = type.essence;
  if (type.type === 'image') return 'an image';
  if (type.type === 'video') return 'a video';
  if (type.type === 'audio') return 'an audio file';
  if (type.type === 'font') return 'a font';
  if (essence === 'application/pdf') return 'a PDF document';
  if (essence === 'application/json' || type.subtype.endsWith('+json')) return 'JSON data';
  if (type.isXML()) return 'an XML document';
  if (type.isJavaScript()) return 'a script';
  if (essence === 'text/css') return 'a style sheet';
  if (['application/zip', 'application/gzip', 'application/x-gzip', 'application/x-tar', 'application/x-7z-compressed', 'application/vnd.rar'].includes(essence)) return 'an archive';
  if (essence === 'application/octet-stream') return 'binary data';
  return 'a file of another kind';
}

/**
 * Decompressors for Content-Encoding, in the order that undoes it (the last coding applied first);
 * an unknown coding is refused before the body is read.
 */
function decodersFor(header: string | undefined): Transform[] {
  const codings = (header ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  // Lenient flushing, as browsers are: a body cut short ends where it ends instead of failing.
  const flush = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  return codings.reverse().map((coding) => {
    if (coding === 'gzip' || coding === 'x-gzip') return zlib.createGunzip(flush);
    if (coding === 'deflate') return zlib.createInflate(flush);
    if (coding === 'br') return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    throw new Failure('encoding', `the server compressed it as “${coding.slice(0, 20)}”, which is not supported (gzip, deflate and br are)`);
  });
}

/**
 * Streams the body through the decompressors and stops at `maxBytes` of output: throwing in the
 * sink destroys the whole pipeline, so a bomb is never inflated past the cap.
 */
async function readBody(response: IncomingMessage, decoders: Transform[], maxBytes: number, options: FetchOptions): Promise<Buffer> {
  // Why the body was cut short, if we cut it: pipeline may report the AbortError of the streams
  // it tore down rather than the error that started it.
  let stopped: Failure | undefined;
  const stop = (failure: Failure): Failure => {
    stopped ??= failure;
    response.destroy(failure);
    return failure;
  };
  const timeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const timer = setTimeout(() => stop(new Failure('timeout', `the page did not finish downloading within ${duration(timeoutMs)}`)), timeoutMs);
  const onAbort = (): void => void stop(cancelled());
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    if (options.signal?.aborted) throw stop(cancelled());
    await pipeline([
      response,
      ...decoders,
      async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) {
          total += chunk.length;
          if (total > maxBytes) throw stop(new Failure('size', `it is over the ${size(maxBytes)} limit`));
          chunks.push(chunk);
        }
      },
    ]);
  } catch (error) {
    if (stopped) throw stopped;
    // Anything else that ends the body early is damaged compression or the connection's doing.
    if (isZlibError(error)) throw new Failure('encoding', 'its compressed content is damaged');
    throw new Failure('network', 'the connection closed before the page was complete');
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  return Buffer.concat(chunks, total);
}

function isZlibError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

function cancelled(): Failure {
  return new Failure('aborted', 'the fetch was cancelled');
}

/** Wraps any error of a fetch into the one line a user sees. */
function fetchError(error: unknown, where: string): FetchError {
  const failure = error instanceof Failure ? error : new Failure('network', networkReason(error as NodeJS.ErrnoException));
  return new FetchError(failure.kind, `Could not fetch ${where}: ${failure.message}`);
}

/** What a socket, DNS or TLS error means, in words (never a stack). */
function networkReason(error: NodeJS.ErrnoException): string {
  const code = error.code ?? '';
  const host = (error as { hostname?: string }).hostname;
  if (code === 'ENOTFOUND' || code === 'EAI_NONAME' || code === 'ENODATA') return `no server is known by the name ${host ?? 'in the link'} (DNS)`;
  if (code === 'EAI_AGAIN' || code === 'EAI_FAIL') return `the name ${host ?? 'in the link'} could not be looked up right now (DNS)`;
  if (code === 'ECONNREFUSED') return 'the server refused the connection';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'the server closed the connection';
  if (code === 'ETIMEDOUT') return 'the connection timed out';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL' || code === 'ENETDOWN') return 'the server could not be reached';
  if (/CERT|SIGNATURE|ISSUER/.test(code)) return `its HTTPS certificate is not valid (${code})`;
  if (code === 'EPROTO' || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) return 'the secure (HTTPS) connection failed';
  if (code.startsWith('HPE_')) return "the server's answer is not valid HTTP";
  return `the connection failed (${code || error.message.split('\n')[0]})`;
}

function statusLine(status: number): string {
  const phrase = STATUS_CODES[status];
  return phrase ? `${status} ${phrase}` : String(status);
}

/** The link as a user may see it: one line, without credentials, shortened. */
function showUrl(link: string | URL): string {
  let shown = typeof link === 'string' ? link : link.href;
  try {
    const parsed = new URL(shown);
    parsed.username = '';
    parsed.password = '';
    shown = parsed.href;
  } catch {
    // Not a URL: shown as typed.
  }
  shown = shown.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  return shown.length > MAX_SHOWN_URL ? `${shown.slice(0, MAX_SHOWN_URL - 1)}…` : shown;
}

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

function size(bytes: number): string {
  const format = (value: number, unit: string): string => `${Number(value.toFixed(1))} ${unit}`;
  if (bytes >= 1024 * 1024) return format(bytes / (1024 * 1024), 'MB');
  if (bytes >= 1024) return format(bytes / 1024, 'KB');
  return `${bytes} bytes`;
}
