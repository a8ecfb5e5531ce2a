import type { FastifyInstance } from 'fastify'
import { takeIpToken } from '../http/ip-limits.js'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { SearchQuery } from './schemas.js'
import { runSearch } from './searching.js'
import { SearchPage } from './views/SearchPage.js'

// Full-text queries cost more than a page read, and a search URL is easy to
// script: anonymous visitors get 30 a minute per address (counted in the database), which no reader
// reaches by hand. Signed-in people are not limited. The 429 renders the
// site's "slow down" page through the app's error handler.
export const ANONYMOUS_SEARCHES_PER_MINUTE = 30

export function searchRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/search', {
    // The actor is known here (accounts resolves it in onRequest); the count
    // lives in the database, so every process shares it.
    preHandler: async (req, reply) => {
      if (req.actor.kind === 'anonymous') await takeIpToken(deps, req, reply, 'search', { limit: ANONYMOUS_SEARCHES_PER_MINUTE, windowMs: 60_000 })
    },
  }, async (req, reply) => {
    const input = SearchQuery.parse(req.query ?? {})
    const outcome = await runSearch(deps, input)
    switch (outcome.kind) {
      case 'no-words':
      case 'results':
        return render(req, reply, <SearchPage outcome={outcome} />)
    }
  })
}
