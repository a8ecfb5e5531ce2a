import type { FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { commenterKey, guestKeyHash, guestNameInUse } from '../discussion/index.js'

/**
 * Whether a forum guest goes by this name (case-insensitively), other than
 * the guest identity of the browser asking: a guest who registers keeps their
 * name; nobody else takes it from under them. (Handed to accounts by app.ts:
 * accounts imports no module built on it.)
 */
export async function forumGuestHoldsName(deps: Pick<Deps, 'db' | 'secrets'>, req: FastifyRequest, name: string): Promise<boolean> {
  const key = commenterKey(req)
  const own = key ? guestKeyHash(deps, key) : null
  return guestNameInUse(deps.db, name, own)
}
