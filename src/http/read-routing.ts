import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { isShareable, siteVersion } from './page-cache.js'

// With DATABASE_REPLICA_URL set, the pages anonymous readers share (the
// reader has no cookie of their own: http/page-cache.ts isShareable) are read
// from the replica; everything else, every POST, every signed-in reader, anyone
// with a session, flash, commenter or cart cookie, reads the primary. A
// replica lags the primary by a moment, so a browser that has just changed
// something carries a short-lived cookie for a while: it makes its requests
// not shareable, and so read from the primary, and the poster sees their own
// comment at once.

/** The cookie a successful POST leaves, sending that browser's next pages to the primary. */
export const PRIMARY_COOKIE = 'crown_primary'

// Longer than a healthy streaming replica's lag (well under a second) by a
// wide margin; a replica that lags more than this shows the poster an older
// page for a moment, never a wrong one.
const PRIMARY_SECONDS = 30

const replicaDeps = new WeakMap<Deps, Deps>()
const primaryOf = new WeakMap<object, Deps>()

/**
 * The deps to read this request's page from. A page rendered to be shared
 * under `version` (the primary's site version, the cache key) comes from the
 * replica only when the replica has reached that version, so a page is never
 * kept under a version newer than its data; a shareable page rendered for
 * this reader alone (`version` null) comes from the replica as it is; any
 * other request reads the primary. `query` is the query keys the page's
 * route shares it under (sendShared's `query`), so `?page=2` reads the
 * replica as `/page/2` does.
 */
export async function readingDeps(deps: Deps, req: FastifyRequest, version: string | null = null, query: readonly string[] = []): Promise<Deps> {
  if (!deps.replica || !isShareable(req, query)) return deps
  if (version === null) return onReplica(deps)
  const replicaVersion = await siteVersion(deps.replica.db).catch((err: Error) => {
    // A replica that is down or restarting: the primary answers meanwhile.
    deps.log.warn({ err: err.message }, 'the read replica did not answer; reading from the primary')
    return null
  })
  return replicaVersion === version ? onReplica(deps) : deps
}

function onReplica(deps: Deps): Deps {
  let d = replicaDeps.get(deps)
  if (!d) {
    d = { ...deps, db: deps.replica!.db }
    replicaDeps.set(deps, d)
    primaryOf.set(d, deps)
  }
  return d
}

/**
 * Where a page read from the replica may keep what it made for later views
 * (a cache fill, such as a comment's card): the primary's database.
 */
export function writingDb(deps: Pick<Deps, 'db'>): Deps['db'] {
  return primaryOf.get(deps)?.db ?? deps.db
}

/**
 * After a successful POST, the browser's next requests read the primary for
 * a while (read-your-own-writes). Register between @fastify/cookie and the
 * cookie policy, so the cookie is written, then made Secure on https.
 */
export function registerReadRouting(app: FastifyInstance, deps: Deps) {
  if (!deps.replica) return
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method === 'POST' && reply.statusCode < 400) {
      reply.setCookie(PRIMARY_COOKIE, '1', { path: '/', httpOnly: true, sameSite: 'lax', maxAge: PRIMARY_SECONDS })
    }
    return payload
  })
}
