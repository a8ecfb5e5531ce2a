import { syncPostsSearch, syncThreadSearch, admitPost, tooManyLinks, type Poster as Sender, type SpamRefusal, guestKeyHash, renderCommentMarkdown, changeStatus, contentHash, createPost, type PostAuthor, findPost, findThreadById, isVisible, threadOfPost, updatePostBody, type PostRow, type ThreadRow, moderationWords, type PostStatus, ensureGuest, findGuestByKeyHash, markGuestPosted, renameGuest, type GuestRow } from '../discussion/index.js'
import { FORUM_LIMITS } from './limits.js'
import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { iso } from '../clock.js'
import { shortId } from '../http/signing.js'
import { isStaff, type Actor } from '../accounts/index.js'
import { mayChangePost, mayReply, mayStartTopic, maySeeTopic, type Editor, type TopicRefusal } from './policy.js'
import { nameIsTaken } from '../accounts/index.js'
import {
  claimPostNumber, findCategoryById, findFirstPost, findTopic, findTopicPostByNumber, insertTopic, retitleTopic, type CategoryRow,
} from './queries/index.js'
import { keepRevision } from './revisions.js'
import { slugify } from '../http/slug.js'
import { recordAudit } from '../db/audit.js'

// Starting a topic and replying, for guests, members and staff. Every spam
// rule a guest meets is in limits.ts and applied by its admitPost, in the
// post's transaction; this file adds the forum's own rules (category policy,
// names, review) and writes the post through the engine's one insert path
// (posting.ts createPost).

export const topicPath = (t: Pick<ThreadRow, 'short_id' | 'slug'>) => `/forum/t/${t.short_id}/${t.slug || 'topic'}`

/** A topic's URL words: its title's slug, or 'topic' when the title has no ASCII letters. */
export const topicSlug = (title: string) => slugify(title, 60) || 'topic'

export interface PosterInput {
  actor: Actor
  /** From the form, for guests only: signed-in people post under their account. */
  guest: { name: string; email: string } | null
  stamp: number | null
  honeypot: string | undefined
  ipHash: string
  /** The browser's signed identity key (identity.ts ensureCommenterKey). */
  key: string
  /** Records what belongs with the new post (a story's fields, photos), in the post's own transaction. */
  attach?: (trx: Db, ids: { threadId: number; postId: number }) => Promise<void>
}

export type Refusal =
  | SpamRefusal
  | { kind: 'name-taken' }
  | TopicRefusal

export type StartTopicResult = { kind: 'posted'; path: string; topicShortId: string; status: PostStatus } | Refusal
export type ReplyResult = { kind: 'posted'; postShortId: string; postNumber: number; status: PostStatus } | { kind: 'closed' } | { kind: 'not-found' } | Refusal

/** Who the spam pipeline counts: a member by their account, a guest by what they typed; both by browser and address. */
function senderOf(input: PosterInput): Sender {
  const user = input.actor.kind === 'user' ? input.actor.user : null
  return {
    ipHash: input.ipHash, key: input.key, staff: isStaff(input.actor),
    email: user ? user.email.toLowerCase() : input.guest?.email || null, userId: user?.id ?? null,
  }
}

interface Poster { author: PostAuthor; guest: GuestRow | null; staff: boolean }

/** Finds or makes the guest identity behind this browser key; a new name or email updates it, and resets nothing. */
async function resolvePoster(deps: Deps, trx: Db, input: PosterInput, now: Date): Promise<Poster | { kind: 'name-taken' }> {
  const staff = isStaff(input.actor)
  if (input.actor.kind === 'user') {
    const u = input.actor.user
    return { staff, guest: null, author: { userId: u.id, name: u.name, email: u.email.toLowerCase(), url: null, role: staff ? u.role : null, key: input.key } }
  }
  const g = input.guest!
  if (await nameIsTaken(trx, g.name)) return { kind: 'name-taken' }
  const keyHash = guestKeyHash(deps, input.key)
  const email = g.email || null
  let guest = await findGuestByKeyHash(trx, keyHash)
  if (!guest) {
    guest = await ensureGuest(trx, { keyHash, name: g.name, email, at: iso(now) })
  } else if (guest.display_name !== g.name || guest.email !== email) {
    const confirmed = guest.email === email ? guest.email_confirmed_at : null
    await renameGuest(trx, guest.id, { name: g.name, email, emailConfirmedAt: confirmed })
    guest = { ...guest, display_name: g.name, email, email_confirmed_at: confirmed }
  }
  return { staff, guest, author: { userId: null, name: g.name, email, url: null, role: null, key: input.key } }
}

/** Held for review: a guest identity not yet trusted, where the category asks for it; or a word from the admins' list. */
async function decideStatus(trx: Db, category: CategoryRow, poster: Poster, text: string): Promise<{ status: PostStatus; reason: string | null }> {
  if (poster.staff) return { status: 'approved', reason: null }
  const reasons: string[] = []
  if (poster.guest && category.hold_first_guest_posts && poster.guest.approved_count < FORUM_LIMITS.trustedAfterApproved) {
    reasons.push(poster.guest.approved_count === 0 ? 'First forum post from this guest' : 'New guest: fewer than 2 approved posts')
  }
  const hay = `${poster.author.name}\n${text}`.toLowerCase()
  const word = (await moderationWords(trx)).find((w) => hay.includes(w))
  if (word) reasons.push(`Matches the word list (“${word}”)`)
  return reasons.length ? { status: 'pending', reason: reasons.join('; ') } : { status: 'approved', reason: null }
}

export async function startTopic(deps: Deps, category: CategoryRow, input: PosterInput & { title: string; bodyMd: string }): Promise<StartTopicResult> {
  const notAllowed = mayStartTopic(input.actor, category)
  if (notAllowed) return notAllowed
  const now = deps.clock.now()
  const bodyHtml = renderCommentMarkdown(input.bodyMd)
  return deps.db.transaction().execute(async (trx): Promise<StartTopicResult> => {
    const refused = await admitPost(deps, trx, {
      kind: 'topic', poster: senderOf(input), bodyHtml, contentHash: contentHash(input.bodyMd), threadId: null, stamp: input.stamp, honeypot: input.honeypot, now,
    })
    if (refused) return refused
    const poster = await resolvePoster(deps, trx, input, now)
    if ('kind' in poster) return poster
    const decision = await decideStatus(trx, category, poster, `${input.title}\n${input.bodyMd}`)
    const short = shortId(8)
    const slug = topicSlug(input.title)
    const path = topicPath({ short_id: short, slug })
    const id = await insertTopic(trx, { shortId: short, slug, title: input.title, path, categoryId: category.id, createdAt: iso(now) })
    const number = await claimPostNumber(trx, id)
    const thread = (await findThreadById(trx, id))!
    const opening = await createPost(deps, trx, {
      thread, parent: null, author: poster.author, bodyMd: input.bodyMd, status: decision.status, heldReason: decision.reason,
      ipHash: input.ipHash, notify: false, at: now, postNumber: number, guestId: poster.guest?.id ?? null,
    })
    await input.attach?.(trx, { threadId: id, postId: opening.id })
    if (poster.guest) await markGuestPosted(trx, poster.guest.id, iso(now))
    return { kind: 'posted', path, topicShortId: short, status: decision.status }
  })
}

export async function replyToTopic(deps: Deps, topicShortId: string, category: CategoryRow, input: PosterInput & { bodyMd: string; replyTo: number | null }): Promise<ReplyResult> {
  const now = deps.clock.now()
  const bodyHtml = renderCommentMarkdown(input.bodyMd)
  return deps.db.transaction().execute(async (trx): Promise<ReplyResult> => {
    const thread = await findTopic(trx, topicShortId)
    if (!thread) return { kind: 'not-found' }
    const staff = isStaff(input.actor)
    const notAllowed = mayReply(input.actor, category, thread)
    if (notAllowed) return notAllowed
    // Only the author of a held topic may add to it before it is approved.
    if (!maySeeTopic(thread, thread.listed ? undefined : await findFirstPost(trx, thread.id), { key: input.key, staff })) return { kind: 'not-found' }
    const refused = await admitPost(deps, trx, {
      kind: 'reply', poster: senderOf(input), bodyHtml, contentHash: contentHash(input.bodyMd), threadId: thread.id, stamp: input.stamp, honeypot: input.honeypot, now,
    })
    if (refused) return refused
    const poster = await resolvePoster(deps, trx, input, now)
    if ('kind' in poster) return poster
    let parent: PostRow | null = null
    if (input.replyTo) {
      const p = await findTopicPostByNumber(trx, thread.id, input.replyTo)
      if (p && isVisible(p, { key: input.key, staff })) parent = p
    }
    const decision = await decideStatus(trx, category, poster, input.bodyMd)
    const number = await claimPostNumber(trx, thread.id)
    const post = await createPost(deps, trx, {
      thread, parent, author: poster.author, bodyMd: input.bodyMd, status: decision.status, heldReason: decision.reason,
      ipHash: input.ipHash, notify: false, at: now, postNumber: number, guestId: poster.guest?.id ?? null,
    })
    await input.attach?.(trx, { threadId: thread.id, postId: post.id })
    if (poster.guest) await markGuestPosted(trx, poster.guest.id, iso(now))
    return { kind: 'posted', postShortId: post.short_id, postNumber: number, status: post.status }
  })
}

// ---- a guest's own posts: edit or delete within 30 minutes (policy.ts mayChangePost) ----

export type EditResult = { kind: 'saved'; path: string; postNumber: number } | { kind: 'not-allowed' } | { kind: 'not-found' } | { kind: 'too-many-links'; links: number }

export async function editPost(deps: Deps, postShortId: string, who: Editor, change: { bodyMd: string; title?: string }): Promise<EditResult> {
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (trx): Promise<EditResult> => {
    const post = await findPost(trx, postShortId)
    if (!post || post.post_number === null) return { kind: 'not-found' }
    if (!mayChangePost(post, who, now)) return { kind: 'not-allowed' }
    const html = renderCommentMarkdown(change.bodyMd)
    if (!isStaff(who.actor)) {
      const links = tooManyLinks(deps, post.post_number === 1 ? 'topic' : 'reply', html)
      if (links) return links
    }
    await keepRevision(trx, post, who.actor, change, now)
    await updatePostBody(trx, post.id, { md: change.bodyMd, html, hash: contentHash(change.bodyMd), at: iso(now) })
    const thread = await threadOfPost(trx, post)
    if (post.post_number === 1 && change.title && change.title !== thread.title) {
      await retitleTopic(trx, thread.id, change.title)
      await syncThreadSearch(trx, thread.id)
    } else {
      await syncPostsSearch(trx, [post.id])
    }
    if (isStaff(who.actor)) {
      await recordAudit(trx, {
        actorUserId: who.actor.user.id, action: 'forum.post.edit', subjectType: 'discussion_post', subjectId: post.short_id,
        detail: `#${post.post_number} in ${thread.short_id}`, at: iso(now),
      })
    }
    return { kind: 'saved', path: thread.subject_path, postNumber: post.post_number }
  })
}

export type DeleteResult = { kind: 'deleted'; back: string } | { kind: 'not-allowed' } | { kind: 'not-found' }

/** The author takes a post back (to the trash, where staff still see it; limits still count it). */
export async function deleteOwnPost(deps: Deps, postShortId: string, who: Editor): Promise<DeleteResult> {
  const now = deps.clock.now()
  return deps.db.transaction().execute(async (trx): Promise<DeleteResult> => {
    const post = await findPost(trx, postShortId)
    if (!post || post.post_number === null) return { kind: 'not-found' }
    if (!mayChangePost(post, who, now)) return { kind: 'not-allowed' }
    await changeStatus(deps, trx, [post], 'trash', now)
    const thread = await threadOfPost(trx, post)
    if (isStaff(who.actor)) {
      await recordAudit(trx, {
        actorUserId: who.actor.user.id, action: 'forum.post.trash', subjectType: 'discussion_post', subjectId: post.short_id, detail: `#${post.post_number} in ${thread.short_id}`, at: iso(now),
      })
    }
    // Taking back a topic's opening post takes the topic out of view: back to its category.
    const category = post.post_number === 1 && thread.category_id !== null ? await findCategoryById(trx, thread.category_id) : undefined
    return { kind: 'deleted', back: category ? `/forum/c/${category.slug}` : thread.subject_path }
  })
}
