import { needsEmailConfirmation, type Actor } from '../accounts/index.js'
import type { CommentSubject } from './seams.js'
import type { PostRow, ThreadRow, Viewer } from './queries.js'

// Who may see and do what in the engine, as pure functions: the use cases
// and the routes ask these, and nothing else decides. (queries.ts visibleTo
// is the same visibility rule written as SQL, for lists.)

/** A post is seen by everyone once approved; while held, by its author (by browser key) and staff; spam and trash by no reader. */
export function isVisible(post: Pick<PostRow, 'status' | 'author_key'>, viewer: Viewer): boolean {
  if (post.status === 'approved') return true
  if (post.status !== 'pending') return false
  return viewer.staff || (viewer.key !== null && post.author_key === viewer.key)
}

export type CommentRefusal = { kind: 'confirm-email' } | { kind: 'closed' }

/** Whether this person may comment on this article now; null when they may. */
export function mayComment(actor: Actor, subject: Pick<CommentSubject, 'commentsEnabled'>): CommentRefusal | null {
  // A member speaks once their address is shown to be theirs.
  if (needsEmailConfirmation(actor)) return { kind: 'confirm-email' }
  if (!subject.commentsEnabled) return { kind: 'closed' }
  return null
}

/** A comment may answer a post of the same thread that the commenter can see. */
export function mayAnswer(parent: Pick<PostRow, 'thread_id' | 'status' | 'author_key'>, thread: Pick<ThreadRow, 'id'>, viewer: Viewer): boolean {
  return parent.thread_id === thread.id && isVisible(parent, viewer)
}

/** Staff answer from the moderation queue only a live or held article comment (a forum post is answered in its topic, where it gets its #n). */
export function mayAnswerFromQueue(post: Pick<PostRow, 'status'>, thread: Pick<ThreadRow, 'kind'>): boolean {
  return post.status !== 'spam' && post.status !== 'trash' && thread.kind === 'comments'
}
