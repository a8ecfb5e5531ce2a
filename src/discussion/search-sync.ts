import type { Db } from '../db/database.js'
import { indexDocument, plainTextFromHtml, removeDocument } from '../search/index.js'
import { getSetting, setSetting } from '../db/settings.js'

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
 * search. Runs at boot until it has finished once: progress is kept in
 * settings after each batch, so an interrupted backfill resumes where it
 * stopped instead of leaving the index half full for good.
 */
export async function backfillDiscussionSearch(db: Db): Promise<number> {
  const state = await getSetting(db, BACKFILL_KEY)
  if (state === 'done') return 0
  if (state === undefined) {
    // A site that already indexes its discussions (every site since search
    // arrived) has nothing to fill in.
    const any = await db.selectFrom('search_documents').select('id').where('kind', 'in', ['comment', 'topic', 'post']).limit(1).executeTakeFirst()
    if (any) { await setSetting(db, BACKFILL_KEY, 'done'); return 0 }
  }
  let last = state === undefined ? 0 : Number(state)
  let n = 0
  for (;;) {
    const batch = await db.selectFrom('discussion_posts').select('id').where('id', '>', last).where('status', '=', 'approved').orderBy('id').limit(500).execute()
    if (!batch.length) break
    last = batch[batch.length - 1].id
    await db.transaction().execute(async (trx) => {
      await syncPostsSearch(trx, batch.map((r) => r.id))
      await setSetting(trx, BACKFILL_KEY, String(last))
    })
    n += batch.length
  }
  await setSetting(db, BACKFILL_KEY, 'done')
  return n
}

/** Settings key: 'done', or the last post id indexed by an unfinished backfill. */
export const BACKFILL_KEY = 'search.discussion-backfill'
