import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'

export async function registerDiscussion(app: FastifyInstance, deps: Deps) {
  void app; void deps
}

/** Comments waiting for a moderator, for the staff navigation badge. */
export async function pendingCommentCount(deps: Pick<Deps, 'db'>): Promise<number> {
  const row = await deps.db.selectFrom('discussion_posts').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow()
  return Number(row.n)
}

export function registerDiscussionJobs(deps: Deps) {
  void deps
}
