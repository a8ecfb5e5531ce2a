import type { FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { emptyForm, type FormState } from '../http/forms.js'
import { isStaff, type Actor } from '../accounts/index.js'
import { UNCONFIRMED_MESSAGE } from '../accounts/index.js'
import { trustSanitized, type SanitizedHtml } from '../views/html.js'
import { commenterKey, formStamp, guestKeyHash, findPost, isVisible, type ThreadRow, type Viewer, findGuestByKeyHash } from '../discussion/index.js'
import type { GuestPolicy } from './tables.js'
import { topicPath } from './posting.js'
import { mayChangePost, mayReply, maySeeTopic, mayStartTopic, photoSlots } from './policy.js'
import {
  categoryWithStory, countListedTopics, countTopicsByTreatment, newPostCounts, countVisibleTopicPosts, listTopicsByTreatment, findFirstPost, heldTopicsOf, listCategories, listCategoryTopics, listLatestTopics, postNumbersByIds, topicPostsPage, visibleTopicPostsBefore, type CategoryRow, type TopicListRow,
} from './queries/index.js'
import { STORY_CATEGORY_SLUG, storyOfRow, TREATMENT_KINDS, TREATMENTS, type StoryView, type TreatmentKind } from './stories.js'
import { imagesForPosts, type ImageView } from './images.js'
import { guestSeen, isOwnPost, seenFor, type Reader } from './reads.js'
import type { ViewCounts } from './view-counts.js'

// Plain data for the forum's pages, scoped to who asks: held posts only to
// their author (by the browser's signed key) and to staff.

export const TOPICS_PER_PAGE = 30
export const POSTS_PER_PAGE = 20


/** Who is reading the forum, taken from the request once by the route: what every loader here gets instead of the request. */
export interface ForumReader extends Viewer, Reader { actor: Actor }

export function forumReaderOf(req: FastifyRequest): ForumReader {
  return {
    actor: req.actor, key: commenterKey(req), staff: isStaff(req.actor),
    userId: req.actor.kind === 'user' ? req.actor.user.id : null, guestSeen: req.actor.kind === 'user' ? new Map() : guestSeen(req),
  }
}

export interface CategorySummary {
  id: number; slug: string; name: string; description: string; href: string
  topicCount: number; postCount: number; lastActivityAt: string | null; guestPolicy: GuestPolicy
}

export interface TopicListItem {
  title: string; href: string; pinned: boolean; closed: boolean; held: boolean
  replies: number; views: number; lastPoster: string | null; lastActivityAt: string | null
  category: { name: string; href: string } | null
  /** A success story's compact summary, for lists. */
  story?: StoryView
  /** Approved posts since this reader last opened the topic (absent: never opened). */
  newPosts?: number
}

const summary = (c: CategoryRow): CategorySummary => ({
  id: c.id, slug: c.slug, name: c.name, description: c.description, href: `/forum/c/${c.slug}`,
  topicCount: c.topic_count, postCount: c.post_count, lastActivityAt: c.last_activity_at, guestPolicy: c.guest_policy,
})

function listItem(t: TopicListRow, held = false): TopicListItem {
  return {
    title: t.title, href: topicPath(t), pinned: Boolean(t.pinned), closed: t.status === 'closed', held,
    replies: Math.max(0, t.post_count - 1), views: t.view_count, lastPoster: t.last_poster_name,
    lastActivityAt: t.last_activity_at ?? t.created_at,
    category: t.category_name && t.category_slug ? { name: t.category_name, href: `/forum/c/${t.category_slug}` } : null,
    story: storyOfRow(t),
  }
}

export async function loadForumHome(deps: Deps) {
  const cats = await listCategories(deps.db)
  return { categories: cats.map(summary) }
}

/** The guest identity row behind this browser, if it has posted in the forum. */
async function guestOf(deps: Deps, reader: ForumReader) {
  return reader.actor.kind === 'anonymous' && reader.key ? findGuestByKeyHash(deps.db, guestKeyHash(deps, reader.key)) : undefined
}

export async function loadCategoryPage(deps: Deps, reader: ForumReader, category: CategoryRow, page: number, treatment?: TreatmentKind) {
  const stories = category.slug === STORY_CATEGORY_SLUG
  const filter = stories ? treatment : undefined
  const total = filter ? await countTopicsByTreatment(deps.db, category.id, filter) : category.topic_count
  const pages = Math.max(1, Math.ceil(total / TOPICS_PER_PAGE))
  if (page > pages) return null
  const rows = filter
    ? await listTopicsByTreatment(deps.db, category.id, filter, (page - 1) * TOPICS_PER_PAGE, TOPICS_PER_PAGE)
    : await listCategoryTopics(deps.db, category.id, (page - 1) * TOPICS_PER_PAGE, TOPICS_PER_PAGE)
  const guest = await guestOf(deps, reader)
  const held = guest && page === 1 ? await heldTopicsOf(deps.db, guest.id, category.id) : []
  return {
    category: summary(category),
    topics: await withNew(deps, reader, rows.map((r) => listItem(r)), rows.map((r) => r.id)),
    held: held.map((r) => listItem(r, true)),
    page, pages,
    storyFilter: stories ? { options: TREATMENT_KINDS.map((k) => ({ value: k, label: TREATMENTS[k] })), chosen: filter ?? null } : null,
    // An unconfirmed member still sees the button; the form tells them to confirm first.
    canStart: mayStartTopic(reader.actor, category)?.kind !== 'guests-may-not',
  }
}
export type CategoryPageData = NonNullable<Awaited<ReturnType<typeof loadCategoryPage>>>

export async function loadLatestPage(deps: Deps, page: number, reader?: ForumReader) {
  const total = await countListedTopics(deps.db)
  const pages = Math.max(1, Math.ceil(total / TOPICS_PER_PAGE))
  if (page > pages) return null
  const rows = await listLatestTopics(deps.db, (page - 1) * TOPICS_PER_PAGE, TOPICS_PER_PAGE)
  const topics = rows.map((r) => listItem(r))
  return { topics: reader ? await withNew(deps, reader, topics, rows.map((r) => r.id)) : topics, page, pages }
}
export type LatestPageData = NonNullable<Awaited<ReturnType<typeof loadLatestPage>>>

/** Marks each listed topic this reader has opened before with its count of posts since (one query each for seen and counts). */
async function withNew(deps: Deps, reader: ForumReader, items: TopicListItem[], ids: number[]): Promise<TopicListItem[]> {
  const seen = await seenFor(deps, reader, ids)
  const counts = await newPostCounts(deps.db, seen, reader)
  return items.map((item, i) => (seen.has(ids[i]) ? { ...item, newPosts: counts.get(ids[i]) ?? 0 } : item))
}

export interface PostView {
  number: number; shortId: string; anchor: string
  authorName: string; guest: boolean; staff: boolean
  /** Posted from a member's account (not a guest, not staff). */
  member: boolean
  bodyHtml: SanitizedHtml; createdAt: string; edited: boolean
  pending: boolean; ownPending: boolean
  inReplyTo: { removed: false; number: number; href: string } | { removed: true } | null
  permalink: string; quoteHref: string
  canChange: boolean
  images: ImageView[]
  /** Posted after what this reader saw on their last visit. */
  isNew: boolean
}

export interface TopicPageData {
  topic: { shortId: string; title: string; path: string; closed: boolean; pinned: boolean; held: boolean; views: number; replies: number }
  category: CategorySummary
  posts: PostView[]
  page: number
  pages: number
  pageHref: (p: number) => string
  /** The reply form: shown unless the topic is closed or guests may only read here. */
  reply: { open: true; form: FormState; stamp: string; signedInAs: string | null } | { open: false; why: string; offerAccount?: boolean }
  staff: boolean
  moveTo: { id: number; name: string }[]
  story: StoryView | null
  /** How many photos this viewer may attach to a reply. */
  photoSlots: number
}

const pageHref = (path: string) => (p: number) => (p <= 1 ? path : `${path}?page=${p}`)

/** A topic as this viewer may see it (null: not visible to them), with one page of posts. */
export async function loadTopicPage(
  deps: Deps, reader: ForumReader, topic: ThreadRow, opts: { page: number; quote?: string; form?: FormState; views?: ViewCounts; lastSeen?: number },
): Promise<TopicPageData | null | { kind: 'past-end' }> {
  const viewer: Viewer = reader
  if (!maySeeTopic(topic, topic.listed ? undefined : await findFirstPost(deps.db, topic.id), viewer)) return null
  const category = (await categoryWithStory(deps.db, topic.category_id!, topic.id))!
  const total = await countVisibleTopicPosts(deps.db, topic.id, viewer)
  const pages = Math.max(1, Math.ceil(total / POSTS_PER_PAGE))
  if (opts.page > pages) return { kind: 'past-end' }
  opts.views?.count(topic.id)
  const rows = await topicPostsPage(deps.db, topic.id, viewer, (opts.page - 1) * POSTS_PER_PAGE, POSTS_PER_PAGE)
  const images = await imagesForPosts(deps.db, rows.map((r) => r.id))
  // The replied-to post is the one before last in the path: a purged post's
  // replies lose their parent_id but keep their path.
  const repliedTo = (r: { path: string }) => { const ids = r.path.split('.'); return ids.length > 1 ? Number(ids[ids.length - 2]) : null }
  const parentNumbers = await postNumbersByIds(deps.db, rows.flatMap((r) => { const id = repliedTo(r); return id === null ? [] : [id] }))
  const path = topicPath(topic)
  const href = pageHref(path)
  const now = deps.clock.now()
  const who = { actor: reader.actor, key: viewer.key }
  const posts: PostView[] = rows.map((r) => {
    const n = r.post_number ?? 0
    const parentId = repliedTo(r)
    const parent = parentId === null ? undefined : parentNumbers.get(parentId)
    return {
      number: n, shortId: r.short_id, anchor: `post-${n}`,
      authorName: r.author_name, guest: r.author_user_id === null && !r.author_role, staff: Boolean(r.author_role),
      member: r.author_user_id !== null && !r.author_role,
      bodyHtml: trustSanitized(r.body_html), createdAt: r.created_at, edited: Boolean(r.edited_at),
      pending: r.status === 'pending', ownPending: r.status === 'pending' && viewer.key !== null && r.author_key === viewer.key,
      // A parent on another page is reached through its permalink route,
      // which finds its page; one on this page is just an anchor.
      // A replied-to post this viewer cannot see (trashed, spam, purged, held)
      // is named only as removed: no number, no link.
      inReplyTo: parentId === null ? null
        : parent && isVisible(parent, viewer) ? { removed: false, number: parent.number, href: rows.some((x) => x.post_number === parent.number) ? `#post-${parent.number}` : `/forum/p/${parent.shortId}` }
          : { removed: true },
      permalink: `${href(opts.page)}#post-${n}`,
      quoteHref: `${href(opts.page)}${opts.page > 1 ? '&' : '?'}quote=${r.short_id}#reply`,
      canChange: mayChangePost(r, who, now),
      images: images.get(r.id) ?? [],
      isNew: opts.lastSeen !== undefined && n > opts.lastSeen && r.status === 'approved' && !isOwnPost(r, reader),
    }
  })

  let form = opts.form
  if (!form) {
    const values: Record<string, string> = {}
    {
      const guest = await guestOf(deps, reader)
      if (guest) { values.name = guest.display_name; values.email = guest.email ?? '' }
    }
    if (opts.quote) {
      const q = await findPost(deps.db, opts.quote)
      if (q && q.thread_id === topic.id && q.post_number !== null && isVisible(q, viewer)) {
        values.body = `> **${q.author_name}** wrote in #${q.post_number}:\n${q.body_md.split(/\r?\n/).map((l) => `> ${l}`).join('\n')}\n\n`
        values.reply_to = String(q.post_number)
      }
    }
    form = emptyForm(values)
  }
  const staff = viewer.staff
  const refused = mayReply(reader.actor, category, topic)
  let reply: TopicPageData['reply']
  switch (refused?.kind) {
    case 'closed': reply = { open: false, why: 'This topic is closed: it takes no new replies.' }; break
    case 'guests-may-not': reply = { open: false, why: 'Guests can read this category; replying here needs an account.', offerAccount: true }; break
    case 'confirm-email': reply = { open: false, why: UNCONFIRMED_MESSAGE }; break
    case undefined: reply = { open: true, form, stamp: formStamp(deps), signedInAs: reader.actor.kind === 'user' ? reader.actor.user.name : null }
  }

  const cats = staff ? await listCategories(deps.db) : []
  return {
    topic: { shortId: topic.short_id, title: topic.title, path, closed: topic.status === 'closed', pinned: Boolean(topic.pinned), held: !topic.listed, views: topic.view_count + (opts.views?.unwritten(topic.id) ?? 0), replies: Math.max(0, topic.post_count - 1) },
    category: summary(category),
    posts, page: opts.page, pages, pageHref: href, reply, staff,
    moveTo: cats.filter((c) => c.id !== category.id).map((c) => ({ id: c.id, name: c.name })),
    story: storyOfRow(category) ?? null,
    photoSlots: photoSlots(reader.actor),
  }
}

/** Where post #n sits for this viewer: its page's URL and anchor. */
export async function locateTopicPost(deps: Deps, viewer: Viewer, topic: Pick<ThreadRow, 'id' | 'short_id' | 'slug'>, postNumber: number): Promise<string> {
  const before = await visibleTopicPostsBefore(deps.db, topic.id, viewer, postNumber)
  const page = Math.floor(before / POSTS_PER_PAGE) + 1
  return `${pageHref(topicPath(topic))(page)}#post-${postNumber}`
}
