import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { iso } from '../clock.js'
import { changeStatus, contentHash, createPost, ensureCommentThread } from './posting.js'
import { renderCommentMarkdown } from './markdown.js'
import { findPostById, updatePostBody, type PostRow, type ThreadRow } from './queries.js'
import type { CommentSubject } from './seams.js'
import type { PostStatus } from './tables.js'

// What the importer writes comments through: the engine's one insert path,
// so imported comments get the HTML, tree paths, depths, counts and search
// entries readers' comments get. No mail goes out for them: they are old.

export interface ImportedComment {
  subject: CommentSubject
  parentId: number | null
  author: { userId: number | null; role: string | null; name: string; email: string | null; url: string | null }
  bodyMd: string
  status: PostStatus
  at: Date
}

/** The article's comment thread, made if it has none. */
export function importCommentThread(db: Db, subject: CommentSubject, at: Date): Promise<ThreadRow> {
  return ensureCommentThread(db, subject, at)
}

/** Adds one imported comment under its parent (already imported), in the caller's transaction. */
export async function importComment(deps: Pick<Deps, 'config' | 'jobs'>, trx: Db, thread: ThreadRow, c: ImportedComment): Promise<PostRow> {
  const parent = c.parentId !== null ? (await findPostById(trx, c.parentId)) ?? null : null
  return createPost(deps, trx, {
    thread, parent,
    author: { ...c.author, url: c.author.url || null, key: null },
    bodyMd: c.bodyMd,
    status: c.status,
    heldReason: c.status === 'pending' ? 'Pending on the old site' : c.status === 'spam' ? 'Marked as spam on the old site' : null,
    ipHash: null,
    notify: false,
    at: c.at,
  })
}

/** A newer export changed an imported comment: its text and its state follow. */
export async function updateImportedComment(deps: Pick<Deps, 'config' | 'jobs'>, trx: Db, postId: number, c: { bodyMd: string; status: PostStatus; at: Date }): Promise<boolean> {
  const post = await findPostById(trx, postId)
  if (!post) return false
  if (post.body_md !== c.bodyMd) {
    await updatePostBody(trx, postId, { md: c.bodyMd, html: renderCommentMarkdown(c.bodyMd), hash: contentHash(c.bodyMd), at: iso(c.at) })
  }
  if (post.status !== c.status) await changeStatus(deps, trx, [post], c.status, c.at)
  return true
}
