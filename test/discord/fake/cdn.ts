/**
 * The fake's CDN, on its own port (its own origin, apart from the API's): files uploaded by the
 * users, served at signed URLs shaped like cdn.discordapp.com's
 * (/attachments/<channel>/<id>/<name>?ex=…&is=…&hm=…, /ephemeral-attachments/… for a slash
 * command's upload), the media proxy's copy under /media/…, and every download recorded.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CHANNEL_ID, nextId, type FakeAttachment } from './model.ts';

/** How long a signed URL lasts, as on Discord. */
const URL_LIFETIME_SECONDS = 24 * 60 * 60;
const SIGNING_KEY = 'fake-cdn-signing-key';
/** Where the fake keeps its copy of Discord's media proxy (media.discordapp.net) on the CDN's origin. */
const PROXY_PREFIX = '/media';

export interface UploadOptions {
  filename: string;
  bytes: Uint8Array | string;
  /** The served Content-Type; none: application/octet-stream, and no content_type in the attachment. */
  contentType?: string;
  /** The channel it is uploaded in (default CHANNEL_ID). */
  channelId?: string;
  /** False for a file attached to a message; true (the default) for a slash command's attachment option. */
  ephemeral?: boolean;
  /** What the attachment claims, when it should differ from what the CDN serves (a lying upload). */
  declared?: { size?: number; contentType?: string };
}

/** One request the CDN answered. */
export interface CdnDownload {
  method: string;
  /** The full URL asked for, query included. */
  url: string;
  /** The attachment it named, if it named one. */
  attachmentId?: string;
  /** Through the media proxy's URL rather than the CDN's. */
  viaProxy: boolean;
  status: number;
  /** Bytes of body sent. */
  bytes: number;
}

interface StoredFile {
  attachment: FakeAttachment;
  bytes: Buffer;
  contentType: string;
  missing: boolean;
}

const sign = (path: string, expires: string, issued: string) => createHmac('sha256', SIGNING_KEY).update(`${path}\n${expires}\n${issued}`).digest('hex');

export class FakeCdn {
  readonly downloads: CdnDownload[] = [];
  private readonly files = new Map<string, StoredFile>();

  constructor(
    readonly origin: string,
    private readonly changed: () => void,
  ) {}

  upload(options: UploadOptions): FakeAttachment {
    const id = nextId();
    const bytes = typeof options.bytes === 'string' ? Buffer.from(options.bytes, 'utf8') : Buffer.from(options.bytes);
    const ephemeral = options.ephemeral ?? true;
    // Discord's file names keep letters, digits, dots, dashes and underscores.
    const filename = options.filename.replace(/[^\w.-]/g, '_');
    const path = `/${ephemeral ? 'ephemeral-attachments' : 'attachments'}/${options.channelId ?? CHANNEL_ID}/${id}/${filename}`;
    const now = Math.floor(Date.now() / 1000);
    const expires = (now + URL_LIFETIME_SECONDS).toString(16);
    const issued = now.toString(16);
    const query = `?ex=${expires}&is=${issued}&hm=${sign(path, expires, issued)}&`;
    const contentType = options.declared?.contentType ?? options.contentType;
    const attachment: FakeAttachment = {
      id,
      filename,
      size: options.declared?.size ?? bytes.length,
      url: `${this.origin}${path}${query}`,
      proxy_url: `${this.origin}${PROXY_PREFIX}${path}${query}`,
      ...(contentType ? { content_type: contentType } : {}),
      ...(ephemeral ? { ephemeral: true } : {}),
    };
    this.files.set(path, { attachment, bytes, contentType: options.contentType ?? 'application/octet-stream', missing: false });
    return attachment;
  }

  /** From now on the CDN answers 404 for the attachment, as for a deleted file. */
  remove(attachment: FakeAttachment): void {
    const file = [...this.files.values()].find((candidate) => candidate.attachment.id === attachment.id);
    if (!file) throw new Error(`fake Discord: no attachment ${attachment.id} on the CDN`);
    file.missing = true;
  }

  /** Serves a file whose URL is intact and unexpired; anything else is a 404, as on Discord's CDN. */
  handle(request: IncomingMessage, response: ServerResponse): void {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', this.origin);
    const viaProxy = url.pathname.startsWith(`${PROXY_PREFIX}/`);
    const path = viaProxy ? url.pathname.slice(PROXY_PREFIX.length) : url.pathname;
    const file = this.files.get(decodeURIComponent(path));
    const answer = (status: number, headers: Record<string, string | number>, body?: Buffer) => {
      response.writeHead(status, headers);
      const sent = method === 'HEAD' ? undefined : body;
      response.end(sent);
      this.downloads.push({ method, url: url.href, ...(file ? { attachmentId: file.attachment.id } : {}), viaProxy, status, bytes: sent?.length ?? 0 });
      this.changed();
    };
    if (method !== 'GET' && method !== 'HEAD') return answer(405, { allow: 'GET, HEAD' });
    const expires = url.searchParams.get('ex') ?? '';
    const issued = url.searchParams.get('is') ?? '';
    const signed = file && url.searchParams.get('hm') === sign(path, expires, issued) && Number.parseInt(expires, 16) * 1000 > Date.now();
    if (!file || file.missing || !signed) {
      const body = Buffer.from('This content is no longer available.');
      return answer(404, { 'content-type': 'text/plain', 'content-length': body.length }, body);
    }
    answer(200, { 'content-type': file.contentType, 'content-length': file.bytes.length, 'cache-control': 'public, max-age=31536000' }, file.bytes);
  }
}
