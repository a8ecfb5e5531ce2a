import type { FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { emptyForm, type FormState } from '../http/forms.js'
import { isStaff, type Actor } from '../accounts/index.js'
import { UNCONFIRMED_MESSAGE } from '../accounts/index.js'
import { trustSanitized } from '../views/html.js'
import { commenterKey, formStamp, guestKeyHash, findPost, isVisible, type ThreadRow, type Viewer, findGuestByKeyHash } from '../discussion/index.js'
import { topicPath } from './posting.js'
import { mayChangePost, mayReply, maySeeTopic, mayStartTopic, photoSlots } from './policy.js'
import {
  categoryWithStory, countListedTopics, countTopicsByTreatment, newPostCounts, countVisibleTopicPosts, listTopicsByTreatment, findFirstPost, heldTopicsOf, listCategories, listCategoryTopics, listLatestTopics, postNumbersByIds, topicPostsPage, visibleTopicPostsBefore, type CategoryRow, type TopicListRow,
} from './queries/index.js'
import { STORY_CATEGORY_SLUG, storyOfRow, TREATMENT_KINDS, TREATMENTS, type TreatmentKind } from './stories.js'
import { imagesForPosts } from './images.js'
import { guestSeen, isOwnPost, seenFor, type Reader } from './reads.js'
import type { ViewCounts } from './view-counts.js'
import type { CategorySummary, PostView, TopicListItem, TopicPageData } from './page-types.js'

export type { CategorySummary, PostView, TopicListItem, TopicPageData } from './page-types.js'
import { keepTopicPage, keptTopicPage } from './kept-topic-pages.js'
import { siteTimeZone } from '../views/format.js'
import { plainTextFromHtml } from '../search/index.js'
import { asPageHtml } from './views/markup.js'
import { postsHtml } from './views/rows.js'

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

const pageHref = (path: string) => (p: number) => (p <= 1 ? path : `${path}?page=${p}`)

/** A topic as this viewer may see it (null: not visible to them), with one page of posts. */
export async function loadTopicPage(
  deps: Deps, reader: ForumReader, topic: ThreadRow, opts: { page: number; quote?: string; form?: FormState; views?: ViewCounts; lastSeen?: number },
): Promise<TopicPageData | null | { kind: 'past-end' }> {
  const viewer: Viewer = reader
  if (!maySeeTopic(topic, topic.listed ? undefined : await findFirstPost(deps.db, topic.id), viewer)) return null
  const category = (await categoryWithStory(deps.db, topic.category_id!, topic.id))!
  const refused = mayReply(reader.actor, category, topic)
  const path = topicPath(topic)
  // A reader with nothing of their own on the page is shown the page kept for all such readers.
  const keepKey = sharesTopicPage(reader, opts) ? `${topic.list_version}|${path}|${refused ? 'closed' : 'open'}|${siteTimeZone()}` : null
  const kept = keepKey === null ? undefined : keptTopicPage(deps.db, topic.id, opts.page, keepKey)
  const total = kept ? kept.total : await countVisibleTopicPosts(deps.db, topic.id, viewer)
  const pages = Math.max(1, Math.ceil(total / POSTS_PER_PAGE))
  if (opts.page > pages) return { kind: 'past-end' }
  opts.views?.count(topic.id)
  const href = pageHref(path)
  const posts = kept ? [] : await postsOfPage(deps, reader, topic.id, { ...opts, href })
  const opening = posts.find((p) => p.number === 1 && !p.pending)
  const openingText = kept ? kept.openingText : opening ? plainTextFromHtml(opening.bodyHtml) : null

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
  let reply: TopicPageData['reply']
  switch (refused?.kind) {
    case 'closed': reply = { open: false, why: 'This topic is closed: it takes no new replies.' }; break
    case 'guests-may-not': reply = { open: false, why: 'Guests can read this category; replying here needs an account.', offerAccount: true }; break
    case 'confirm-email': reply = { open: false, why: UNCONFIRMED_MESSAGE }; break
    case undefined: reply = { open: true, form, stamp: formStamp(deps), signedInAs: reader.actor.kind === 'user' ? reader.actor.user.name : null }
  }

  const cats = staff ? await listCategories(deps.db) : []
  const data: TopicPageData = {
    topic: { shortId: topic.short_id, title: topic.title, path, closed: topic.status === 'closed', pinned: Boolean(topic.pinned), held: !topic.listed, views: topic.view_count + (opts.views?.unwritten(topic.id) ?? 0), replies: Math.max(0, topic.post_count - 1) },
    category: summary(category),
    posts, keptPosts: kept?.posts ?? null, openingText, page: opts.page, pages, pageHref: href, reply, staff,
    moveTo: cats.filter((c) => c.id !== category.id).map((c) => ({ id: c.id, name: c.name })),
    story: storyOfRow(category) ?? null,
    photoSlots: photoSlots(reader.actor),
  }
  if (keepKey !== null && !kept) {
    // Made for a reader with no post of their own in its edit window: no post shows a Delete form.
    const made = Buffer.from(asPageHtml(postsHtml(data, () => { throw new Error('a shared topic page shows no Delete form') })))
    keepTopicPage(deps.db, topic.id, opts.page, keepKey, { posts: made, total, openingText })
    data.keptPosts = made
  }
  return data
}

/** Whether this reader sees a topic page as every reader with nothing of their own does: anonymous, with no commenter key (no post of theirs anywhere) and no earlier visit to mark posts new against. */
function sharesTopicPage(reader: ForumReader, opts: { lastSeen?: number }): boolean {
  return reader.actor.kind === 'anonymous' && reader.key === null && !reader.staff && opts.lastSeen === undefined
}

/** One page of a topic's posts as this reader may see them. */
async function postsOfPage(deps: Deps, reader: ForumReader, threadId: number, opts: { page: number; lastSeen?: number; href: (p: number) => string }): Promise<PostView[]> {
  const viewer: Viewer = reader
  const rows = await topicPostsPage(deps.db, threadId, viewer, (opts.page - 1) * POSTS_PER_PAGE, POSTS_PER_PAGE)
  const images = await imagesForPosts(deps.db, rows.map((r) => r.id))
  // The replied-to post is the one before last in the path: a purged post's
  // replies lose their parent_id but keep their path.
  const repliedTo = (r: { path: string }) => { const ids = r.path.split('.'); return ids.length > 1 ? Number(ids[ids.length - 2]) : null }
  const parentNumbers = await postNumbersByIds(deps.db, rows.flatMap((r) => { const id = repliedTo(r); return id === null ? [] : [id] }))
  const href = opts.href
  const now = deps.clock.now()
  const who = { actor: reader.actor, key: viewer.key }
  return rows.map((r) => {
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
}

/** Where post #n sits for this viewer: its page's URL and anchor. */
export async function locateTopicPost(deps: Deps, viewer: Viewer, topic: Pick<ThreadRow, 'id' | 'short_id' | 'slug'>, postNumber: number): Promise<string> {
  const before = await visibleTopicPostsBefore(deps.db, topic.id, viewer, postNumber)
  const page = Math.floor(before / POSTS_PER_PAGE) + 1
  return `${pageHref(topicPath(topic))(page)}#post-${postNumber}`
}
