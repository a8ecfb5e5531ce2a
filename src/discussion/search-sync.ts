import type { Db } from '../db/database.js'
import { indexDocument, plainTextFromHtml, removeDocument } from '../search/index.js'

// Keeps site search in step with the discussion engine, inside the
// transaction that changed a post: an approved comment, topic or reply is
// searchable; anything held, spammed, trashed or in an unlisted topic is not.
// A topic's opening post is indexed as the topic itself (its title + text).

/** Re-indexes or removes these posts according to their state now. */
export async function syncPostsSearch(trx: Db, postIds: number[]) {
  if (!postIds.length) return
  const rows = await trx
    .selectFrom('discussion_posts')
    .innerJoin('discussion_threads', 'discussion_threads.id', 'discussion_posts.thread_id')
    .leftJoin('forum_categories', 'forum_categories.id', 'discussion_threads.category_id')
    .select([
      'discussion_posts.short_id as postRef', 'discussion_posts.status', 'discussion_posts.body_html', 'discussion_posts.post_number',
      'discussion_posts.created_at', 'discussion_posts.updated_at', 'discussion_posts.author_name',
      'discussion_threads.kind', 'discussion_threads.short_id as threadRef', 'discussion_threads.title', 'discussion_threads.subject_path',
      'discussion_threads.listed', 'forum_categories.slug as categorySlug', 'forum_categories.name as categoryName',
    ])
    .where('discussion_posts.id', 'in', postIds)
    .execute()
  for (const r of rows) {
    const isTopicOpening = r.kind === 'topic' && r.post_number === 1
    const kind = r.kind === 'comments' ? 'comment' : isTopicOpening ? 'topic' : 'post'
    const ref = isTopicOpening ? r.threadRef : r.postRef
    const visible = r.status === 'approved' && (r.kind === 'comments' || r.listed === 1)
    if (!visible) {
      await removeDocument(trx, kind, ref)
      continue
    }
    await indexDocument(trx, {
      kind,
      ref,
      url: r.kind === 'comments' ? `${r.subject_path}#comment-${r.postRef}` : isTopicOpening ? r.subject_path : `/forum/p/${r.postRef}`,
      title: r.kind === 'comments' ? `${r.author_name} on “${r.title}”` : isTopicOpening ? r.title : `Re: ${r.title}`,
      body: plainTextFromHtml(r.body_html),
      category: r.categorySlug && r.categoryName ? { slug: r.categorySlug, name: r.categoryName } : null,
      publishedAt: r.created_at,
      updatedAt: r.updated_at,
    })
  }
}

/** Re-indexes every post of a thread (after a title edit, a move or a change of listing). */
export async function syncThreadSearch(trx: Db, threadId: number) {
  const ids = await trx.selectFrom('discussion_posts').select('id').where('thread_id', '=', threadId).execute()
  for (let i = 0; i < ids.length; i += 500) await syncPostsSearch(trx, ids.slice(i, i + 500).map((r) => r.id))
}

/**
 * Fills the index from every post, for a site whose discussions predate
 * search (run once at boot when the index holds no discussion at all).
 */
export async function backfillDiscussionSearch(db: Db): Promise<number> {
  const any = await db.selectFrom('search_documents').select('id').where('kind', 'in', ['comment', 'topic', 'post']).limit(1).executeTakeFirst()
  if (any) return 0
  let last = 0
  let n = 0
  for (;;) {
    const batch = await db.selectFrom('discussion_posts').select('id').where('id', '>', last).where('status', '=', 'approved').orderBy('id').limit(500).execute()
    if (!batch.length) return n
    await db.transaction().execute((trx) => syncPostsSearch(trx, batch.map((r) => r.id)))
    last = batch[batch.length - 1].id
    n += batch.length
  }
}
