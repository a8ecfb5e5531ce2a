import type { Db } from '../db/database.js'
import { hasIndexed, indexDocument, plainTextFromHtml, removeDocument } from '../search/index.js'
import { approvedPostIdsAfter, postIdsOfThread, postsForSearch } from './queries.js'
import { threadPlaces } from './extensions.js'
import { getSetting, setSetting } from '../db/settings.js'

// Keeps site search in step with the discussion engine, inside the
// transaction that changed a post: an approved comment, topic or reply is
// searchable; anything held, spammed, trashed or in an unlisted topic is not.
// A topic's opening post is indexed as the topic itself (its title + text).

/** Re-indexes or removes these posts according to their state now. */
export async function syncPostsSearch(trx: Db, postIds: number[]) {
  if (!postIds.length) return
  const rows = await postsForSearch(trx, postIds)
  const places = await threadPlaces(trx, [...new Set(rows.filter((r) => r.kind !== 'comments').map((r) => r.thread_id))])
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
      category: places.has(r.thread_id) ? { slug: places.get(r.thread_id)!.slug, name: places.get(r.thread_id)!.name } : null,
      publishedAt: r.created_at,
      updatedAt: r.updated_at,
    })
  }
}

/** Re-indexes every post of a thread (after a title edit, a move or a change of listing). */
export async function syncThreadSearch(trx: Db, threadId: number) {
  const ids = await postIdsOfThread(trx, threadId)
  for (let i = 0; i < ids.length; i += 500) await syncPostsSearch(trx, ids.slice(i, i + 500))
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
    const any = (await hasIndexed({ db }, 'comment')) || (await hasIndexed({ db }, 'topic')) || (await hasIndexed({ db }, 'post'))
    if (any) { await setSetting(db, BACKFILL_KEY, 'done'); return 0 }
  }
  let last = state === undefined ? 0 : Number(state)
  let n = 0
  for (;;) {
    const batch = await approvedPostIdsAfter(db, last, 500)
    if (!batch.length) break
    last = batch[batch.length - 1]
    await db.transaction().execute(async (trx) => {
      await syncPostsSearch(trx, batch)
      await setSetting(trx, BACKFILL_KEY, String(last))
    })
    n += batch.length
  }
  await setSetting(db, BACKFILL_KEY, 'done')
  return n
}

/** Settings key: 'done', or the last post id indexed by an unfinished backfill. */
export const BACKFILL_KEY = 'search.discussion-backfill'
