import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../db/database.js'
import { randomToken } from './signing.js'

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

/** A shared page, encoded once and cut at its placeholders. */
export interface SharedPage { parts: Buffer[]; names: string[]; bytes: number }

const PLACEHOLDER = /crown-shared-([a-z-]+)-5f1c9e/g

export function compileShared(html: string): SharedPage {
  const parts: Buffer[] = []
  const names: string[] = []
  let last = 0
  for (const m of html.matchAll(PLACEHOLDER)) {
    parts.push(Buffer.from(html.slice(last, m.index)))
    names.push(m[1])
    last = m.index! + m[0].length
  }
  parts.push(Buffer.from(html.slice(last)))
  return { parts, names, bytes: parts.reduce((n, p) => n + p.length, 0) }
}

/** The page for this reader: their own values spliced between the shared bytes. */
export function fillShared(page: SharedPage, req: FastifyRequest, reply: FastifyReply): Buffer {
  const out: Buffer[] = [page.parts[0]]
  const memo = new Map<string, Buffer>()
  page.names.forEach((name, i) => {
    let value = memo.get(name)
    if (!value) {
      const fill = fillers.get(name)
      if (!fill) throw new Error(`no filler for shared placeholder ${name}`)
      value = Buffer.from(fill(req, reply))
      memo.set(name, value)
    }
    out.push(value, page.parts[i + 1])
  })
  return Buffer.concat(out)
}

// Cookies that do not change what a page shows: a reader holding only these
// may be served a shared page.
const NEUTRAL_COOKIES = new Set(['crown_csrf'])

/** Whether this request sees exactly what any anonymous reader sees. */
export function isShareable(req: FastifyRequest): boolean {
  if (req.method !== 'GET' || req.actor.kind !== 'anonymous') return false
  if (req.url.includes('?')) return false
  return Object.keys(req.cookies).every((name) => NEUTRAL_COOKIES.has(name))
}

/**
 * The site version: a token replaced after every successful state-changing
 * POST (app.ts), before its response is sent. Shared pages are keyed by it, so
 * a page can never outlive the change that made it stale, in this process or
 * any other sharing the database.
 */
export async function siteVersion(db: Db): Promise<string> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'site.version').executeTakeFirst()
  return row?.value ?? 'initial'
}

export async function bumpSiteVersion(db: Db): Promise<void> {
  const value = randomToken(9)
  await db.insertInto('settings').values({ key: 'site.version', value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute()
}

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

  get(key: string, version: string): SharedPage | undefined {
    const e = this.entries.get(key)
    if (!e || e.version !== version) { this.misses++; return undefined }
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
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(k)
      this.bytes -= e.page.bytes
    }
  }
}
