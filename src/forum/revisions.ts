import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { iso } from '../clock.js'
import type { Actor } from '../accounts/index.js'
import { findPost, threadOfPost, type PostRow } from '../discussion/index.js'
import { insertRevision, revisionsOf } from './queries/index.js'

// Edit history: before an edit changes a post, what it replaces is kept.

/** Copies the post's current text (and its topic's title, for an opening post) before an edit overwrites them. */
export async function keepRevision(trx: Db, post: PostRow, editor: Actor, change: { bodyMd: string; title?: string }, at: Date) {
  const thread = await threadOfPost(trx, post)
  const titleChanges = post.post_number === 1 && change.title !== undefined && change.title !== thread.title
  if (change.bodyMd === post.body_md && !titleChanges) return
  await insertRevision(trx, {
    postId: post.id, bodyMd: post.body_md, title: post.post_number === 1 ? thread.title : null,
    byUserId: editor.kind === 'user' ? editor.user.id : null,
    byName: editor.kind === 'user' ? editor.user.name : post.author_name,
    at: iso(at),
  })
}

export interface HistoryVersion { label: string; at: string; by: string | null; title: string | null; bodyMd: string; current: boolean }

export interface PostHistory {
  shortId: string; number: number; authorName: string; topicTitle: string; postHref: string
  versions: HistoryVersion[]
}

/** A forum post's versions, newest (the current text) first, for staff. */
export async function loadPostHistory(deps: Pick<Deps, 'db'>, shortId: string): Promise<PostHistory | null> {
  const post = await findPost(deps.db, shortId)
  if (!post || post.post_number === null) return null
  const thread = await threadOfPost(deps.db, post)
  const revs = await revisionsOf(deps.db, post.id)
  // Each revision holds what an edit replaced: the version before edit k was
  // written at the previous edit (or at posting, for the oldest).
  const versions: HistoryVersion[] = [{
    label: 'Current version', at: post.edited_at ?? post.created_at, by: revs[0]?.edited_by_name ?? null,
    title: post.post_number === 1 ? thread.title : null, bodyMd: post.body_md, current: true,
  }]
  revs.forEach((r, i) => {
    const older = revs[i + 1]
    versions.push({
      label: older ? `Version ${revs.length - i}` : 'As first posted',
      at: older ? older.created_at : post.created_at, by: older ? older.edited_by_name : post.author_name,
      title: r.title, bodyMd: r.body_md, current: false,
    })
  })
  return { shortId, number: post.post_number, authorName: post.author_name, topicTitle: thread.title, postHref: `/forum/p/${post.short_id}`, versions }
}
