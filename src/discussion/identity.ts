import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { hmac, randomToken } from '../http/signing.js'
import { readStamp, stampForm } from '../http/form-stamp.js'
import { lockKeys } from '../db/locks.js'

// A guest has no account, so the browser carries who they are: a random key
// that shows them their own held comments, and (only if they ask) their name,
// email and website to prefill the form. Both cookies are signed and HttpOnly.
const KEY_COOKIE = 'crown_commenter_key'
const SAVED_COOKIE = 'crown_commenter'
const YEAR_S = 365 * 24 * 3600

export interface SavedCommenter { name: string; email: string; url: string }

function cookieOptions(deps: Pick<Deps, 'config'>, maxAge: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, signed: true, secure: deps.config.siteUrl.startsWith('https://'), maxAge }
}

function readSigned(req: FastifyRequest, name: string): string | null {
  const raw = req.cookies[name]
  if (!raw) return null
  const u = req.unsignCookie(raw)
  return u.valid ? u.value : null
}

/** This browser's commenter key, or null when it has never posted. */
export function commenterKey(req: FastifyRequest): string | null {
  const key = readSigned(req, KEY_COOKIE)
  return key && /^[\w-]{16,64}$/.test(key) ? key : null
}

/** The browser's commenter key, issuing one on its first post. */
export function ensureCommenterKey(deps: Pick<Deps, 'config'>, req: FastifyRequest, reply: FastifyReply): string {
  const key = commenterKey(req) ?? randomToken(18)
  reply.setCookie(KEY_COOKIE, key, cookieOptions(deps, YEAR_S))
  return key
}

export function savedCommenter(req: FastifyRequest): SavedCommenter | null {
  const raw = readSigned(req, SAVED_COOKIE)
  if (!raw) return null
  try {
    const v = JSON.parse(raw) as Partial<SavedCommenter>
    return { name: String(v.name ?? ''), email: String(v.email ?? ''), url: String(v.url ?? '') }
  } catch {
    return null
  }
}

/** "Save my name and email in this browser": a year when checked; unchecked forgets them. */
export function rememberCommenter(deps: Pick<Deps, 'config'>, reply: FastifyReply, who: SavedCommenter | null) {
  if (who) reply.setCookie(SAVED_COOKIE, JSON.stringify(who), cookieOptions(deps, YEAR_S))
  else reply.clearCookie(SAVED_COOKIE, { path: '/' })
}

/** IP addresses are kept only as keyed hashes: enough to rate-limit, useless if leaked. */
export function hashIp(deps: Pick<Deps, 'secrets'>, ip: string): string {
  return hmac(deps.secrets.ipHash, ip)
}

/** The signed "form shown at" stamp that the minimum fill time is measured from. */
export const formStamp = (deps: Pick<Deps, 'secrets' | 'clock'>) => stampForm(deps, 'comment-form')

export const readFormStamp = (deps: Pick<Deps, 'secrets'>, stamp: string | undefined) => readStamp(deps, stamp, 'comment-form')

/** A guest's forum identity as stored: an HMAC of the browser key, so a leaked table names no cookie. */
export const guestKeyHash = (deps: Pick<Deps, 'secrets'>, key: string) => hmac(deps.secrets.signing, `forum-guest:${key}`)

/**
 * Serialises, until commit, everything done in the name of these keys on
 * Postgres: two posts by one poster, or a post and a ban on its poster,
 * cannot interleave. (SQLite runs one writing transaction at a time.)
 */
export async function lockPoster(
  deps: Pick<Deps, 'database'>, trx: Db,
  keys: { ipHash?: string | null; keyHash?: string | null; email?: string | null; userId?: number | null },
) {
  await lockKeys(deps, trx, 'discussion', [
    keys.ipHash ? `ip:${keys.ipHash}` : null,
    keys.keyHash ? `key:${keys.keyHash}` : null,
    keys.email ? `email:${keys.email}` : null,
    keys.userId != null ? `user:${keys.userId}` : null,
  ])
}
