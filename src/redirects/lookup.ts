import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import { hasWordPressQuery, redirectKey, sameAddress } from './addresses.js'
import { countHit, findTargetByKey } from './queries.js'

// Old links keep working: a request nothing else answers is looked up by its
// key before the helpful 404, and so is the home page with a WordPress query
// (/?p=123), which the home route would otherwise answer. A miss changes
// nothing. Permanent redirects may be cached by browsers and proxies; an hour
// lets a corrected target reach readers the same day.
const REDIRECT_CACHE = 'public, max-age=3600'

// The site search box on /search takes at most this many characters.
const MAX_SEARCH_TERMS = 200

/** The target for this GET or HEAD, its hit counted; null on a miss. */
async function targetFor(deps: Pick<Deps, 'db' | 'clock' | 'config'>, req: FastifyRequest): Promise<string | null> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null
  const key = redirectKey(req.url)
  if (key === null) return null
  const row = await findTargetByKey(deps.db, key)
  // A row whose target is the requested address itself (/slug/ → /slug when
  // /slug is gone too) would send the browser round in a loop: a 404 instead.
  if (!row || sameAddress(req.url, row.to_path, deps.config.siteUrl)) return null
  await countHit(deps.db, row.id, iso(deps.clock.now()))
  return row.to_path
}

/**
 * Answers a GET or HEAD whose address is in the redirects table with a 301
 * and returns true; returns false (having sent nothing) otherwise. The
 * not-found handler calls it before the helpful 404.
 */
export async function answerRedirect(deps: Pick<Deps, 'db' | 'clock' | 'config'>, req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const target = await targetFor(deps, req)
  if (target === null) return false
  reply.header('cache-control', REDIRECT_CACHE).redirect(target, 301)
  return true
}

/**
 * The home route answers `/` whatever its query, so WordPress's query links
 * (/?p=123, /?page_id=7, /?feed=rss2) are looked up before it, and its search
 * (/?s=term) goes to /search. Any other request costs one string comparison.
 */
export function redirectHomeQueries(app: FastifyInstance, deps: Pick<Deps, 'db' | 'clock' | 'config'>) {
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/?') || (req.method !== 'GET' && req.method !== 'HEAD')) return
    const query = req.url.slice(2).split('#')[0]
    if (hasWordPressQuery(query) && (await answerRedirect(deps, req, reply))) return reply
    const terms = new URLSearchParams(query).get('s')
    if (terms === null) return
    const q = terms.trim().slice(0, MAX_SEARCH_TERMS)
    reply.header('cache-control', REDIRECT_CACHE).redirect(q ? `/search?q=${encodeURIComponent(q)}` : '/search', 301)
    return reply
  })
}
