import type { Db } from '../db/database.js'
import { DELETED_MEMBER_NAME } from '../accounts/index.js'
import { registered } from './extensions.js'
import { syncPostsSearch } from './search-sync.js'

/**
 * In the transaction that deletes a member (a hook app.ts hands to accounts,
 * which cannot import discussion): their posts stay but show "Deleted member"
 * with no address, link or browser key; mail about their posts and the topics
 * they watched stops; what lists and search show of the old name is recomputed.
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
  for (const ext of registered()) {
    await ext.memberForgotten?.(trx, member)
    await ext.threadsChanged?.(trx, posts.map((p) => p.thread_id))
  }
  for (let i = 0; i < postIds.length; i += 500) await syncPostsSearch(trx, postIds.slice(i, i + 500))
}
