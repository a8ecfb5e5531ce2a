import type { Db } from '../db/database.js'
import { DELETED_MEMBER_NAME } from '../accounts/index.js'
import { registered } from './extensions.js'
import { anonymisePosts, deleteConfirmedWatches, postsByMember } from './queries.js'
import { syncPostsSearch } from './search-sync.js'

/**
 * In the transaction that deletes a member (a hook app.ts hands to accounts,
 * which cannot import discussion): their posts stay but show "Deleted member"
 * with no address, link or browser key; mail about their posts and the topics
 * they watched stops; what lists and search show of the old name is recomputed.
 */
export async function forgetMember(trx: Db, member: { id: number; email: string }) {
  const posts = await postsByMember(trx, member.id)
  const postIds = posts.map((p) => p.id)
  for (let i = 0; i < postIds.length; i += 500) await anonymisePosts(trx, postIds.slice(i, i + 500), DELETED_MEMBER_NAME)
  await deleteConfirmedWatches(trx, member.email.toLowerCase())
  for (const ext of registered()) {
    await ext.memberForgotten?.(trx, member)
    await ext.threadsChanged?.(trx, posts.map((p) => p.thread_id))
  }
  for (let i = 0; i < postIds.length; i += 500) await syncPostsSearch(trx, postIds.slice(i, i + 500))
}
