import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import { raiseReadMark, readMarks } from './queries/index.js'

// "What is new since your last visit": the highest post number a reader has
// had on screen, per topic. Members keep it in forum_topic_reads; guests in a
// signed cookie that holds the most recent SEEN_COOKIE_TOPICS topics (older
// ones fall off, so the cookie stays small). A forged cookie is ignored.

export const SEEN_COOKIE = 'crown_forum_seen'
export const SEEN_COOKIE_TOPICS = 60
const YEAR_S = 365 * 24 * 3600

/** thread id → last seen post number */
export type Seen = Map<number, number>

/** Parses "id:n,id:n" (most recent first); anything malformed is dropped. */
export function parseSeenCookie(value: string | null): Seen {
  const seen: Seen = new Map()
  if (!value) return seen
  for (const part of value.split(',').slice(0, SEEN_COOKIE_TOPICS)) {
    const m = /^(\d{1,12}):(\d{1,9})$/.exec(part)
    if (m && !seen.has(Number(m[1]))) seen.set(Number(m[1]), Number(m[2]))
  }
  return seen
}

export function formatSeenCookie(seen: Seen): string {
  return [...seen].slice(0, SEEN_COOKIE_TOPICS).map(([id, n]) => `${id}:${n}`).join(',')
}

/** A guest's seen marks, from their signed cookie (members' are in the database). */
export function guestSeen(req: FastifyRequest): Seen {
  const raw = req.cookies[SEEN_COOKIE]
  if (!raw) return new Map()
  const u = req.unsignCookie(raw)
  return parseSeenCookie(u.valid ? u.value : null)
}

/** What this reader last saw of these topics (absent: never opened, or forgotten). */
export async function seenFor(deps: Pick<Deps, 'db'>, reader: Pick<Reader, 'userId' | 'guestSeen'>, threadIds: number[]): Promise<Seen> {
  if (threadIds.length === 0) return new Map()
  if (reader.userId !== null) {
    return readMarks(deps.db, reader.userId, threadIds)
  }
  const all = reader.guestSeen
  return new Map(threadIds.flatMap((id) => (all.has(id) ? [[id, all.get(id)!] as [number, number]] : [])))
}

/** Records that this reader has seen the topic up to post #number (never moves backwards). */
export async function markSeen(deps: Pick<Deps, 'db' | 'clock' | 'config'>, req: FastifyRequest, reply: FastifyReply, threadId: number, number: number): Promise<void> {
  if (req.actor.kind === 'user') {
    await raiseReadMark(deps.db, req.actor.user.id, threadId, number, iso(deps.clock.now()))
    return
  }
  const all = guestSeen(req)
  const before = all.get(threadId) ?? 0
  all.delete(threadId)
  const next: Seen = new Map([[threadId, Math.max(before, number)], ...all])
  reply.setCookie(SEEN_COOKIE, formatSeenCookie(next), {
    path: '/forum', httpOnly: true, sameSite: 'lax', signed: true, secure: deps.config.siteUrl.startsWith('https://'), maxAge: YEAR_S,
  })
}

/** Who is reading: their account, or their browser's key and the seen marks in its cookie. */
export interface Reader { userId: number | null; key: string | null; guestSeen: Seen }

/** Whether a post is the reader's own: their account's, or (for a guest) their browser's. */
export function isOwnPost(post: { author_user_id: number | null; author_key: string | null }, reader: Reader): boolean {
  return reader.userId !== null ? post.author_user_id === reader.userId : reader.key !== null && post.author_user_id === null && post.author_key === reader.key
}
