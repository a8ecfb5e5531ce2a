import type { FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { DELETED_MEMBER_NAME } from '../accounts/index.js'
import { commenterKey, guestKeyHash } from './identity.js'
import { refreshForumCounts } from '../forum/counts.js'
import { syncPostsSearch } from './search-sync.js'

// What the engine does for the accounts module (wired in app.ts, which hands
// these to accounts as hooks: accounts cannot import discussion, since
// discussion imports accounts).

/**
 * Whether a forum guest goes by this name (case-insensitively), other than
 * the guest identity of the browser asking: a guest who registers keeps their
 * name; nobody else takes it from under them.
 */
export async function forumGuestHoldsName(deps: Pick<Deps, 'db' | 'secrets'>, req: FastifyRequest, name: string): Promise<boolean> {
  const key = commenterKey(req)
  const own = key ? guestKeyHash(deps, key) : null
  let q = deps.db.selectFrom('forum_guests').select('id')
    .where((eb) => eb(eb.fn('lower', ['display_name']), '=', name.trim().toLowerCase()))
    .where('last_post_at', 'is not', null)
  if (own) q = q.where('key_hash', '!=', own)
  return Boolean(await q.limit(1).executeTakeFirst())
}

/**
 * In the transaction that deletes a member: their posts stay but show
 * "Deleted member" with no address, link or browser key; mail about their
 * posts and the topics they watched stops; what lists and search show of the
 * old name is recomputed.
 */
export async function forgetMember(trx: Db, member: { id: number; email: string }) {
  const posts = await trx.selectFrom('discussion_posts').select(['id', 'thread_id']).where('author_user_id', '=', member.id).execute()
  const postIds = posts.map((p) => p.id)
  for (let i = 0; i < postIds.length; i += 500) {
    const ids = postIds.slice(i, i + 500)
    await trx.updateTable('discussion_posts').set({ author_name: DELETED_MEMBER_NAME, author_email: null, author_url: null, author_key: null })
      .where('id', 'in', ids).execute()
    await trx.deleteFrom('discussion_subscriptions').where('post_id', 'in', ids).execute()
  }
  // A member's watches are made with the account's address, confirmed at once.
  await trx.deleteFrom('discussion_subscriptions').where('post_id', 'is', null).where('email', '=', member.email.toLowerCase()).where('confirmed_at', 'is not', null).execute()
  await trx.deleteFrom('forum_topic_reads').where('user_id', '=', member.id).execute()
  await refreshForumCounts(trx, posts.map((p) => p.thread_id))
  for (let i = 0; i < postIds.length; i += 500) await syncPostsSearch(trx, postIds.slice(i, i + 500))
}
