import crypto from 'node:crypto'
import zlib from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { readSiteVersion } from './site-version.js'
import { sendBody, sendChunks } from './chunks.js'

export { bumpSiteVersion } from './site-version.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** True while rendering a page to be shared among anonymous readers. */
    sharedRender: boolean
  }
  interface FastifyContextConfig {
    /** A POST that changes nothing readers see (sign-in, previews): it leaves shared pages valid. */
    readOnly?: boolean
  }
}

// A shared page holds placeholders where each reader needs their own value
// (the CSRF token, the comment form's signed timestamp); they are filled per
// request, which costs a string replace, not a render.
type Filler = (req: FastifyRequest, reply: FastifyReply) => string
const fillers = new Map<string, Filler>()

export function placeholder(name: string): string {
  return `crown-shared-${name}-5f1c9e`
}

/** Registers how a placeholder is filled for each reader. */
export function registerFiller(name: string, fill: Filler) {
  fillers.set(name, fill)
}

/** The per-reader value, or its placeholder while rendering a shared page. */
export function perReader(req: FastifyRequest, name: string, compute: () => string): string {
  return req.sharedRender ? placeholder(name) : compute()
}

/**
 * A shared page, encoded once and cut at its placeholders. A page without
 * placeholders is the same for everyone: it may be stored by a shared cache
 * (a CDN, nginx), and is kept gzip- and brotli-compressed once asked for. A
 * page with placeholders is compressed by segments (gzip only, see gzipFilled).
 */
export interface SharedPage {
  parts: Buffer[]
  names: string[]
  /** Bytes held, compressed forms included; grows when one is first made. */
  bytes: number
  /** A hash of the shared bytes: the ETag of a page without placeholders, the base of one with. */
  hash: string
  /** What the route keeps beside the page (handed to its `served` step on every view). */
  data?: unknown
  /** When it was rendered (ms, real time): its Last-Modified. */
  renderedAt: number
  /** Until when it may be served (ms, on the app's clock; see SHARED_PAGE_TTL_MS). */
  freshUntil: number
  gzip?: Buffer
  br?: Buffer
  /** Raw deflate of each part, every one but the last ending on a full flush. */
  deflated?: Buffer[]
}

const PLACEHOLDER = /crown-shared-([a-z-]+)-5f1c9e/g

const PLACEHOLDER_START = 'crown-shared-'
const PLACEHOLDER_END = '-5f1c9e'

/** A rendered page (text, or already encoded: http/render.tsx PageHtml) cut at its placeholders. */
export function compileShared(page: string | Buffer | readonly Buffer[], data?: unknown, freshUntil = Infinity): SharedPage {
  const html = typeof page === 'string' || Buffer.isBuffer(page) ? page : Buffer.concat(page)
  const parts: Buffer[] = []
  const names: string[] = []
  if (typeof html === 'string') {
    let last = 0
    for (const m of html.matchAll(PLACEHOLDER)) {
      parts.push(Buffer.from(html.slice(last, m.index)))
      names.push(m[1])
      last = m.index + m[0].length
    }
    parts.push(Buffer.from(html.slice(last)))
  } else {
    let from = 0
    let search = 0
    for (let at = html.indexOf(PLACEHOLDER_START, search); at !== -1; at = html.indexOf(PLACEHOLDER_START, search)) {
      const end = html.indexOf(PLACEHOLDER_END, at)
      const name = end === -1 ? '' : html.toString('latin1', at + PLACEHOLDER_START.length, end)
      if (!/^[a-z-]+$/.test(name)) { search = at + 1; continue }
      parts.push(html.subarray(from, at))
      names.push(name)
      from = search = end + PLACEHOLDER_END.length
    }
    parts.push(html.subarray(from))
  }
  const hash = crypto.createHash('sha256')
  for (const p of parts) hash.update(p)
  hash.update(names.join(','))
  return { parts, names, bytes: parts.reduce((n, p) => n + p.length, 0), hash: hash.digest('base64url').slice(0, 27), data, renderedAt: Date.now(), freshUntil }
}

/** Each placeholder's value for this reader, in page order (a value is computed once per name). */
function fillValues(page: SharedPage, req: FastifyRequest, reply: FastifyReply): Buffer[] {
  const memo = new Map<string, Buffer>()
  return page.names.map((name) => {
    let value = memo.get(name)
    if (!value) {
      const fill = fillers.get(name)
      if (!fill) throw new Error(`no filler for shared placeholder ${name}`)
      value = Buffer.from(fill(req, reply))
      memo.set(name, value)
    }
    return value
  })
}

function interleave(page: SharedPage, values: Buffer[]): Buffer[] {
  const out: Buffer[] = [page.parts[0]]
  values.forEach((v, i) => out.push(v, page.parts[i + 1]))
  return out
}

// Compression levels for pages made once and sent many times: gzip's default,
// and brotli 6 (quality 11 takes about half a second for a long article page;
// 5 or 6 give most of its gain in a few milliseconds).
const GZIP_LEVEL = 6
const BROTLI_QUALITY = 6
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])

/**
 * A gzip member for a page with per-reader values, without compressing the
 * shared bytes again: each shared part was raw-deflated once, ending on a
 * full flush (byte-aligned, no reference back), so the reader's values,
 * deflated the same way, fit between them; one header, and a trailer with the
 * CRC-32 and length of the whole.
 */
function gzipFilled(page: SharedPage, values: Buffer[], cache: PageCache): Buffer {
  if (!page.deflated) {
    const last = page.parts.length - 1
    page.deflated = page.parts.map((p, i) => zlib.deflateRawSync(p, { level: GZIP_LEVEL, ...(i < last ? { finishFlush: zlib.constants.Z_FULL_FLUSH } : {}) }))
    cache.grow(page, page.deflated.reduce((n, b) => n + b.length, 0))
  }
  const chunks: Buffer[] = [GZIP_HEADER, page.deflated[0]]
  let crc = zlib.crc32(page.parts[0])
  let size = page.parts[0].length
  values.forEach((v, i) => {
    chunks.push(zlib.deflateRawSync(v, { finishFlush: zlib.constants.Z_FULL_FLUSH }), page.deflated![i + 1])
    crc = zlib.crc32(page.parts[i + 1], zlib.crc32(v, crc))
    size += v.length + page.parts[i + 1].length
  })
  const trailer = Buffer.alloc(8)
  trailer.writeUInt32LE(crc >>> 0, 0)
  trailer.writeUInt32LE(size % 0x1_0000_0000, 4)
  chunks.push(trailer)
  return Buffer.concat(chunks)
}

export type Coding = 'br' | 'gzip' | 'identity'

/** The coding to send, from Accept-Encoding with its q-values, among those on offer. */
export function negotiateEncoding(header: string | undefined, offered: readonly Coding[]): Coding {
  if (!header) return 'identity'
  const q = new Map<string, number>()
  for (const item of header.split(',')) {
    const [token, ...params] = item.trim().toLowerCase().split(';')
    if (!token) continue
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const value = qp ? Number(qp.slice(2)) : 1
    q.set(token === 'x-gzip' ? 'gzip' : token, Number.isFinite(value) ? value : 0)
  }
  const star = q.get('*')
  // Identity is acceptable unless excluded, but a coding the reader names is preferred to it.
  const weight = (c: Coding) => q.get(c) ?? (c === 'identity' ? (star === 0 ? 0 : 0.001) : star ?? 0)
  let best: Coding = 'identity'
  let bestQ = 0
  // In order of preference at equal weight: br is smallest.
  for (const c of (['br', 'gzip', 'identity'] as const).filter((c) => offered.includes(c))) {
    const w = weight(c)
    if (w > bestQ) { best = c; bestQ = w }
  }
  return best
}

// Cookies that do not change what a page shows: a reader holding only these
// may be served a shared page.
const NEUTRAL_COOKIES = new Set(['crown_csrf'])

/**
 * Whether this request sees exactly what any anonymous reader sees. A query
 * string is allowed when each of its keys is one the route named (and put in
 * the page's key).
 */
export function isShareable(req: FastifyRequest, queryKeys: readonly string[] = []): boolean {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || req.actor.kind !== 'anonymous') return false
  const q = req.url.indexOf('?')
  if (q !== -1) {
    const search = new URLSearchParams(req.url.slice(q + 1))
    for (const k of search.keys()) if (!queryKeys.includes(k)) return false
  }
  for (const name in req.cookies) if (!NEUTRAL_COOKIES.has(name)) return false
  return true
}

/** The site version as stored (tests; pages ask deps.siteVersions, which keeps it in memory). */
export const siteVersion = readSiteVersion

// A POST whose outcome changed nothing after all (a flag this browser had
// already sent) says so; app.ts then leaves the site version, and with it
// every shared page, as it was.
const keptVersion = new WeakSet<FastifyRequest>()

/** This request changed nothing readers see: shared pages stay valid after it. */
export function keepSiteVersion(req: FastifyRequest) {
  keptVersion.add(req)
}

/** Whether a successful POST must replace the site version (see keepSiteVersion and config.readOnly). */
export function changesSiteVersion(req: FastifyRequest): boolean {
  return !req.routeOptions.config?.readOnly && !keptVersion.has(req)
}

/** Rendered pages for anonymous readers, bounded by total size (least recently used out first). */
export class PageCache {
  private entries = new Map<string, { version: string; page: SharedPage }>()
  private bytes = 0
  hits = 0
  misses = 0

  constructor(private maxBytes = 32 * 1024 * 1024) {}

  get(key: string, version: string, now = 0): SharedPage | undefined {
    const e = this.entries.get(key)
    if (!e || e.version !== version || e.page.freshUntil <= now) { this.misses++; return undefined }
    this.entries.delete(key)
    this.entries.set(key, e)
    this.hits++
    return e.page
  }

  set(key: string, version: string, page: SharedPage) {
    const old = this.entries.get(key)
    if (old) { this.bytes -= old.page.bytes; this.entries.delete(key) }
    this.entries.set(key, { version, page })
    this.bytes += page.bytes
    this.trim()
  }

  /** A page now holds `n` more bytes (a compressed form made on first demand). */
  grow(page: SharedPage, n: number) {
    page.bytes += n
    for (const e of this.entries.values()) {
      if (e.page === page) { this.bytes += n; break }
    }
    this.trim()
  }

  /** Bytes held by every page. */
  get size(): number {
    return this.bytes
  }

  private trim() {
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(k)
      this.bytes -= e.page.bytes
    }
  }
}

// Pages change with time as well as with POSTs: a scheduled article appears
// in the listings when its time comes, jobs and the command line write
// without a request. A shared page is rendered afresh after this long, so
// such a change shows within it; every change made through a request shows
// at once (the site version).
export const SHARED_PAGE_TTL_MS = 60_000

/** What sendShared needs of Deps (named here: deps.ts imports this file's PageCache). */
export interface SharedDeps {
  pageCache: PageCache | null
  siteVersions: { current(): Promise<string> }
  clock: { now(): Date }
}

/** What a shared route renders: the page and what it keeps beside it. */
export interface Rendered<T = unknown> { html: string | Buffer | readonly Buffer[]; status?: number; data?: T }

export interface SharedOptions<T> {
  /** False when this request carries something of its own (a failed form, a reply target). */
  share?: boolean
  /** Query keys the route reads and has put in the key; any other query makes the page the reader's own. */
  query?: readonly string[]
  /** Runs on every view, from the cache or not (view counts, read marks): it may set cookies. */
  served?: (data: T | undefined) => void | Promise<void>
}

/**
 * Sends a page anonymous readers share: from the cache at the current site
 * version, or rendered (by `render`, with per-reader values as placeholders)
 * and kept. Any other reader gets `render`'s page as their own. `render` is
 * told the version a shared page will be kept under (null for a reader's own
 * page), so it can read from a replica only once that has caught up
 * (http/read-routing.ts readingDeps). Shared
 * answers carry an ETag and Last-Modified, answer If-None-Match and
 * If-Modified-Since with 304, and are sent precompressed.
 */
export async function sendShared<T>(deps: SharedDeps, req: FastifyRequest, reply: FastifyReply, key: string, render: (version: string | null) => Promise<Rendered<T>>, opts: SharedOptions<T> = {}): Promise<FastifyReply> {
  reply.header('vary', 'accept-encoding, cookie')
  const cache = deps.pageCache
  if (!cache || opts.share === false || !isShareable(req, opts.query)) {
    const page = await render(null)
    await opts.served?.(page.data)
    if (page.status) reply.code(page.status)
    reply.type('text/html; charset=utf-8')
    return sendBody(reply, page.html)
  }
  const shared = await sharedPage(deps, cache, req, key, render)
  await opts.served?.(shared.page.data as T | undefined)
  return sendPage(req, reply, cache, shared)
}

/**
 * The page at the current site version: from the cache, or rendered and kept.
 * The version is read before the render, so a page is kept under a version
 * only when rendered from data at least as new as it (a replica that lags
 * must not be read here unless it has caught up with `version`).
 */
async function sharedPage<T>(deps: SharedDeps, cache: PageCache, req: FastifyRequest, key: string, render: (version: string) => Promise<Rendered<T>>): Promise<{ page: SharedPage; version: string; status: number }> {
  const version = await deps.siteVersions.current()
  const now = deps.clock.now().getTime()
  const cached = cache.get(key, version, now)
  if (cached) return { page: cached, version, status: 200 }
  req.sharedRender = true
  let rendered: Rendered<T>
  try {
    rendered = await render(version)
  } finally {
    req.sharedRender = false
  }
  const page = compileShared(rendered.html, rendered.data, now + SHARED_PAGE_TTL_MS)
  const status = rendered.status ?? 200
  if (status === 200) cache.set(key, version, page)
  return { page, version, status }
}

function sendPage(req: FastifyRequest, reply: FastifyReply, cache: PageCache, { page, status }: { page: SharedPage; status: number }): FastifyReply {
  const values = page.names.length ? fillValues(page, req, reply) : []
  // Anything of the reader's own on the page (a CSRF token, a form stamp) or
  // in the answer (a cookie set while filling or by the route) keeps it out
  // of shared caches: a CDN must never hand one reader's token to another.
  const personal = values.length > 0 || reply.hasHeader('set-cookie')
  reply.header('cache-control', personal ? 'private, no-cache' : 'public, max-age=0, must-revalidate')
  reply.type('text/html; charset=utf-8')
  if (status !== 200) return reply.code(status).send(Buffer.concat(interleave(page, values)))

  const etag = values.length
    ? `"${page.hash}-${crypto.createHash('sha256').update(Buffer.concat(values)).digest('base64url').slice(0, 16)}"`
    : `"${page.hash}"`
  reply.header('etag', etag)
  reply.header('last-modified', new Date(page.renderedAt).toUTCString())
  if (isNotModified(req, etag, values.length ? null : page.renderedAt)) return reply.code(304).send()

  const coding = negotiateEncoding(req.headers['accept-encoding'], values.length ? ['gzip', 'identity'] : ['br', 'gzip', 'identity'])
  let body: Buffer
  if (coding === 'identity' && values.length) {
    // The shared parts and the reader's values go out as they are
    // (http/chunks.ts), not copied into one buffer of the page's size first.
    req.headers['x-no-compression'] = '1'
    return sendChunks(reply, interleave(page, values))
  } else if (coding === 'identity') {
    body = page.parts[0]
  } else if (values.length) {
    body = gzipFilled(page, values, cache)
  } else if (coding === 'gzip') {
    if (!page.gzip) { page.gzip = zlib.gzipSync(page.parts[0], { level: GZIP_LEVEL }); cache.grow(page, page.gzip.length) }
    body = page.gzip
  } else {
    if (!page.br) {
      page.br = zlib.brotliCompressSync(page.parts[0], { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: page.parts[0].length, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } })
      cache.grow(page, page.br.length)
    }
    body = page.br
  }
  // @fastify/compress leaves an answer that names its coding alone; an
  // identity answer was chosen by the negotiation above (a br-only reader of
  // a page with splices), so it must not compress that on the fly either.
  if (coding !== 'identity') reply.header('content-encoding', coding)
  else req.headers['x-no-compression'] = '1'
  return reply.header('content-length', body.length).send(body)
}

/**
 * Whether the reader's copy is current. If-None-Match wins when sent. An
 * If-Modified-Since date (whole seconds) matches only when it is no earlier
 * than the render itself (milliseconds): a copy made in the same second,
 * before a change, must not pass for current. An echoed Last-Modified is
 * rounded down, so it matches only a render made on the second; the ETag is
 * the validator caches rely on. Pages with per-reader values answer only to
 * their ETag, which holds those values.
 */
function isNotModified(req: FastifyRequest, etag: string, changedAt: number | null): boolean {
  const inm = req.headers['if-none-match']
  if (inm !== undefined) {
    return inm.split(',').some((t) => {
      const tag = t.trim()
      return tag === '*' || tag === etag || tag === `W/${etag}`
    })
  }
  const ims = req.headers['if-modified-since']
  if (!ims || changedAt === null) return false
  const since = Date.parse(ims)
  return Number.isFinite(since) && since >= changedAt
}
