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

export function fillShared(html: string, req: FastifyRequest, reply: FastifyReply): string {
  let out = html
  for (const [name, fill] of fillers) {
    const p = placeholder(name)
    if (out.includes(p)) out = out.split(p).join(fill(req, reply))
  }
  return out
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

/** Rendered pages for anonymous readers, bounded by total size (least recently used out first). */
export class PageCache {
  private entries = new Map<string, { version: string; html: string }>()
  private bytes = 0
  hits = 0
  misses = 0

  constructor(private maxBytes = 32 * 1024 * 1024) {}

  get(key: string, version: string): string | undefined {
    const e = this.entries.get(key)
    if (!e || e.version !== version) { this.misses++; return undefined }
    this.entries.delete(key)
    this.entries.set(key, e)
    this.hits++
    return e.html
  }

  set(key: string, version: string, html: string) {
    const old = this.entries.get(key)
    if (old) { this.bytes -= old.html.length; this.entries.delete(key) }
    this.entries.set(key, { version, html })
    this.bytes += html.length
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(k)
      this.bytes -= e.html.length
    }
  }
}
