import type { Db } from '../../db/database.js'

// ---- edit history and read marks ----

export async function insertRevision(db: Db, r: { postId: number; bodyMd: string; title: string | null; byUserId: number | null; byName: string; at: string }) {
  await db.insertInto('discussion_post_revisions').values({
    post_id: r.postId, body_md: r.bodyMd, title: r.title, edited_by_user_id: r.byUserId, edited_by_name: r.byName, created_at: r.at,
  }).execute()
}

export async function revisionsOf(db: Db, postId: number) {
  return db.selectFrom('discussion_post_revisions').selectAll().where('post_id', '=', postId).orderBy('id', 'desc').execute()
}

export async function forgetReadsOf(db: Db, userId: number) {
  await db.deleteFrom('forum_topic_reads').where('user_id', '=', userId).execute()
}

// ---- read marks (reads.ts) ----

/** thread id → the last post number this member has seen, for these topics. */
export async function readMarks(db: Db, userId: number, threadIds: number[]): Promise<Map<number, number>> {
  const rows = await db.selectFrom('forum_topic_reads').select(['thread_id', 'last_seen_number'])
    .where('user_id', '=', userId).where('thread_id', 'in', threadIds).execute()
  return new Map(rows.map((r) => [r.thread_id, r.last_seen_number]))
}

/** Moves a member's read mark forward (never back). */
export async function raiseReadMark(db: Db, userId: number, threadId: number, number: number, at: string) {
  await db.insertInto('forum_topic_reads')
    .values({ user_id: userId, thread_id: threadId, last_seen_number: number, seen_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'thread_id']).doUpdateSet({ last_seen_number: number, seen_at: at })
      .where('forum_topic_reads.last_seen_number', '<', number))
    .execute()
}

/** Others' approved posts after what the reader last saw, per topic they have opened (one grouped query for a list page). */
export async function newPostCounts(db: Db, seen: Map<number, number>, reader: { userId: number | null; key: string | null }): Promise<Map<number, number>> {
  if (seen.size === 0) return new Map()
  let q = db.selectFrom('discussion_posts')
    .select((eb) => ['thread_id', eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'approved')
    .where((eb) => eb.or([...seen].map(([id, n]) => eb.and([eb('thread_id', '=', id), eb('post_number', '>', n)]))))
  if (reader.userId !== null) q = q.where((eb) => eb.or([eb('author_user_id', 'is', null), eb('author_user_id', '!=', reader.userId)]))
  else if (reader.key !== null) q = q.where((eb) => eb.or([eb('author_key', 'is', null), eb('author_key', '!=', reader.key), eb('author_user_id', 'is not', null)]))
  const rows = await q.groupBy('thread_id').execute()
  return new Map(rows.map((r) => [r.thread_id, Number(r.n)]))
}
