import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { render } from '../http/render.js'
import { SearchQuery } from './schemas.js'
import { runSearch } from './searching.js'
import { SearchPage } from './views/SearchPage.js'

// Full-text queries cost more than a page read, and a search URL is easy to
// script: anonymous visitors get 30 a minute per address, which no reader
// reaches by hand. Signed-in people are not limited. The 429 renders the
// site's "slow down" page through the app's error handler.
export const ANONYMOUS_SEARCHES_PER_MINUTE = 30

export function searchRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/search', {
    config: {
      rateLimit: {
        max: ANONYMOUS_SEARCHES_PER_MINUTE,
        timeWindow: '1 minute',
        // The session (and so the actor) is read in the accounts plugin's
        // onRequest hook, which runs before this route-level one.
        allowList: (req: FastifyRequest) => req.actor.kind !== 'anonymous',
      },
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
