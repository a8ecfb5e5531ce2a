import { isStaff, needsEmailConfirmation, type Actor } from '../accounts/index.js'
import { type PostRow, type ThreadRow, type Viewer } from '../discussion/index.js'
import { FORUM_LIMITS } from './limits.js'
import type { CategoryRow } from './queries/index.js'

// Who may see and do what in the forum, as pure functions: the posting use
// cases, the page loaders and the routes ask these, and nothing else decides.
// Which posts a reader sees is the engine's rule (discussion/policy.ts isVisible).

type Category = Pick<CategoryRow, 'guest_policy'>

export type TopicRefusal =
  | { kind: 'confirm-email' }
  | { kind: 'guests-may-not'; policy: CategoryRow['guest_policy'] }

/** Members and staff start topics anywhere (once their address is confirmed); guests where the category says 'topics'. Null: allowed. */
export function mayStartTopic(actor: Actor, category: Category): TopicRefusal | null {
  if (needsEmailConfirmation(actor)) return { kind: 'confirm-email' }
  if (actor.kind === 'anonymous' && category.guest_policy !== 'topics') return { kind: 'guests-may-not', policy: category.guest_policy }
  return null
}

export type ReplyRefusal = TopicRefusal | { kind: 'closed' }

/** Replies: guests unless the category is read-only; nobody but staff in a closed topic. Null: allowed. */
export function mayReply(actor: Actor, category: Category, topic: Pick<ThreadRow, 'status'>): ReplyRefusal | null {
  if (needsEmailConfirmation(actor)) return { kind: 'confirm-email' }
  if (actor.kind === 'anonymous' && category.guest_policy === 'read') return { kind: 'guests-may-not', policy: category.guest_policy }
  if (topic.status === 'closed' && !isStaff(actor)) return { kind: 'closed' }
  return null
}

/**
 * A topic held for review (not listed) is seen by staff and by whoever wrote
 * its opening post while it waits; a listed topic by everyone.
 */
export function maySeeTopic(topic: Pick<ThreadRow, 'listed'>, opening: Pick<PostRow, 'status' | 'author_key'> | undefined, viewer: Viewer): boolean {
  if (topic.listed || viewer.staff) return true
  return Boolean(opening && opening.status === 'pending' && viewer.key !== null && opening.author_key === viewer.key)
}

/** Who is changing a post: the actor, and the browser key that wrote a guest's posts. */
export interface Editor { actor: Actor; key: string | null }

/** Staff change any live or held post at any time; its author (account, or a guest's browser) within the edit window. */
export function mayChangePost(post: Pick<PostRow, 'author_key' | 'author_user_id' | 'created_at' | 'status'>, who: Editor, now: Date): boolean {
  if (post.status === 'spam' || post.status === 'trash') return false
  const user = who.actor.kind === 'user' ? who.actor.user : null
  if (isStaff(who.actor)) return true
  const mine = user
    ? post.author_user_id === user.id
    : who.key !== null && post.author_key === who.key && post.author_user_id === null
  return mine && now.getTime() - new Date(post.created_at).getTime() < FORUM_LIMITS.editWindowMs
}

// A guest gets one photo (a spammer's gallery costs more than it is worth to
// screen); members four; a success story four, guest or not, since photos
// are half of what a story shows.
export const PHOTO_SLOTS = { guest: 1, member: 4, story: 4 } as const

/** How many photos this person may attach: to a new success story, or to any other post. */
export function photoSlots(actor: Actor, startingStory = false): number {
  if (startingStory) return PHOTO_SLOTS.story
  return actor.kind === 'anonymous' ? PHOTO_SLOTS.guest : PHOTO_SLOTS.member
}
