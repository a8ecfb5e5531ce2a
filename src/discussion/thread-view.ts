import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { NotFound } from '../http/errors.js'
import { perReader } from '../http/page-cache.js'
import { writingDb } from '../http/read-routing.js'
import { emptyForm, type FormState } from '../http/forms.js'
import { isStaff } from '../accounts/index.js'
import { trustSanitized } from '../views/html.js'
import type { CommentSubject } from './seams.js'
import { commenterKey, formStamp, savedCommenter, type SavedCommenter } from './identity.js'
import { CommentPageQuery } from './schemas.js'
import { isVisible } from './policy.js'
import {
  countVisibleRoots, findCommentThread, findListFragment, findListFragmentKey, findPost, findThreadById, hasHeldPostIn, postDetails, saveCards, saveListFragment, visiblePostsInRange, visibleRootAt, visibleRootPaths, visibleRootsBefore,
  type MadeCard, type ThreadPostRow, type ThreadRow, type Viewer,
} from './queries.js'
import { cardKey, commentCardHtml, isKeepable, removedCardHtml } from './views/comment-card.js'
import { heldList, holdList } from './kept-lists.js'
import { listBytes, listKey, type CommentNode, type RemovedComment, type ShownComment } from './views/comment-list.js'

// Beyond 100 top-level comments a thread pages (WordPress's "break comments
// into pages"); replies always stay on their top-level comment's page.
export const TOP_LEVEL_PER_PAGE = 100

// Replies render nested to level 5, like WordPress's default; deeper replies
// sit at level 5 with "in reply to X", or the indentation no longer fits a phone.
export const MAX_RENDER_LEVEL = 5

export type { CommentNode, RemovedComment, ShownComment } from './views/comment-list.js'

export interface CommentsSectionData {
  subject: { title: string; path: string; slug: string }
  open: boolean
  /** Approved comments in the whole thread. */
  count: number
  /** This page's comments; empty when the page shows a kept list instead. */
  comments: CommentNode[]
  /** The page's list items (UTF-8) as every reader without a held comment sees them, kept whole (views/comment-list.ts). */
  keptList: Buffer | null
  page: number
  pages: number
  pageHrefs: string[]
  replyTo: { shortId: string; name: string } | null
  form: FormState
  /** The signed "form shown at" stamp for the minimum fill time. */
  stamp: string
  /** unconfirmed: a member who must confirm their address before posting. */
  signedInAs: { name: string; unconfirmed: boolean } | null
  /** Where "Cancel reply" leads: this comment page without ?replytocom. */
  cancelHref: string
}

/** `/<slug>` for page 1, `/<slug>/comment-page/<n>` after it. */
export function commentPagePath(subjectPath: string, page: number): string {
  return page <= 1 ? subjectPath : `${subjectPath.replace(/\/+$/, '')}/comment-page/${page}`
}

export function viewerOf(req: FastifyRequest): Viewer {
  return { key: commenterKey(req), staff: isStaff(req.actor) }
}

/** Who is reading an article's comments: what the loader gets instead of the request. */
export interface CommentReader extends Viewer {
  signedInAs: { name: string; unconfirmed: boolean } | null
  /** The name, email and website this browser asked us to remember (guests). */
  saved: SavedCommenter | null
  /** ?replytocom: the comment a no-JS reader is answering. */
  replyTo: string | undefined
  /** The comment form's signed "shown at" stamp (a placeholder on shared cached pages). */
  stamp: string
}

/** Reads who is asking from the request, once, for loadComments. */
export function commentReaderOf(deps: Pick<Deps, 'secrets' | 'clock'>, req: FastifyRequest): CommentReader {
  const signedInAs = req.actor.kind === 'user' ? { name: req.actor.user.name, unconfirmed: !req.actor.user.emailConfirmed } : null
  return {
    ...viewerOf(req),
    signedInAs,
    saved: signedInAs ? null : savedCommenter(req),
    replyTo: CommentPageQuery.parse(req.query ?? {}).replytocom,
    stamp: perReader(req, 'comment-stamp', () => formStamp(deps)),
  }
}

/** Content's article page calls this (through comments-seam.tsx): the request is read once, then loadComments does the work. */
export async function loadCommentsSection(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  subject: CommentSubject,
  opts: { page?: number; replyTo?: string; form?: FormState } = {},
): Promise<CommentsSectionData> {
  void reply
  return loadComments(deps, commentReaderOf(deps, req), subject, opts)
}

/**
 * Everything the comments section under an article shows, as plain data,
 * scoped to who asks (held comments only to their author and staff).
 * Throws NotFound for a comment page past the last one.
 */
export async function loadComments(
  deps: Pick<Deps, 'db' | 'log'>,
  reader: CommentReader,
  subject: CommentSubject,
  opts: { page?: number; replyTo?: string; form?: FormState } = {},
): Promise<CommentsSectionData> {
  const viewer: Viewer = { key: reader.key, staff: reader.staff }
  const thread = await findCommentThread(deps.db, subject.articleId)
  const page = opts.page ?? 1
  const pagePath = commentPagePath(subject.path, page)
  const askedReplyTo = opts.replyTo ?? opts.form?.values.parent ?? reader.replyTo
  const open = subject.commentsEnabled
  // The list is the same for every reader but staff, a ?replytocom page (the
  // form sits under a comment) and the author of a held comment here.
  const shared = thread && !viewer.staff && !(open && askedReplyTo) && !(viewer.key && await hasHeldPostIn(deps.db, thread.id, viewer.key))
  const key = thread ? listKey({ listVersion: thread.list_version, pagePath, open, subjectAuthorId: subject.authorUserId }) : ''
  const kept = shared ? await keptList(deps.db, thread.id, page, key) : undefined
  if (kept) return sectionData(subject, reader, opts, { thread, page, pages: kept.pages, comments: [], keptList: kept.html, replyPost: undefined, pagePath })

  let pages = 1
  let posts: ThreadPostRow[] = []
  if (thread) {
    // Most threads fit on one page: one probe of the index says so, and page 1 is then the whole thread.
    const beyondFirstPage = page === 1 ? await visibleRootAt(deps.db, thread.id, viewer, TOP_LEVEL_PER_PAGE) : ''
    if (beyondFirstPage === undefined) {
      posts = await visiblePostsInRange(deps.db, thread.id, viewer, '', null)
    } else {
      const roots = await countVisibleRoots(deps.db, thread.id, viewer)
      pages = Math.max(1, Math.ceil(roots / TOP_LEVEL_PER_PAGE))
      if (page > pages || page < 1) throw new NotFound()
      const paths = await visibleRootPaths(deps.db, thread.id, viewer, (page - 1) * TOP_LEVEL_PER_PAGE, TOP_LEVEL_PER_PAGE)
      // Page 1 starts at the beginning so replies under a removed first comment
      // still show; each page ends where the next page's first comment starts.
      const from = page === 1 ? '' : paths[0] ?? ''
      const to = paths[TOP_LEVEL_PER_PAGE] ?? null
      posts = await visiblePostsInRange(deps.db, thread.id, viewer, from, to)
    }
  } else if (page !== 1) {
    throw new NotFound()
  }

  const replyPost = open && askedReplyTo ? posts.find((p) => p.short_id === askedReplyTo) : undefined
  const comments = buildTree(posts, subject, viewer, pagePath, replyPost?.short_id)
  await keepCards(deps, comments, posts, pagePath, open)
  if (!shared || !comments.length) return sectionData(subject, reader, opts, { thread, page, pages, comments, keptList: null, replyPost, pagePath })

  // Kept for the next reader; like a card, keeping is a cache fill: if it fails, the page is shown all the same.
  const list = listBytes(comments, open)
  await saveListFragment(writingDb(deps), { threadId: thread.id, page, key, pages, html: list })
    .then(() => holdList(deps.db, thread.id, page, key, list))
    .catch((err: Error) => deps.log.info({ err: err.message }, 'the comment list was not kept; the page was shown all the same'))
  return sectionData(subject, reader, opts, { thread, page, pages, comments: [], keptList: list, replyPost, pagePath })
}

/** The list kept for this page under `key`: this process's copy when the table still names that key, else the table's bytes. */
async function keptList(db: Db, threadId: number, page: number, key: string): Promise<{ pages: number; html: Buffer } | undefined> {
  const row = await findListFragmentKey(db, threadId, page)
  if (!row || row.fragment_key !== key) return undefined
  const held = heldList(db, threadId, page, key)
  if (held) return { pages: row.pages, html: held }
  const kept = await findListFragment(db, threadId, page)
  // Replaced between the two reads: the next view reads it again.
  if (!kept || kept.fragment_key !== key) return undefined
  holdList(db, threadId, page, key, kept.html)
  return { pages: kept.pages, html: kept.html }
}

function sectionData(
  subject: CommentSubject, reader: CommentReader, opts: { form?: FormState },
  d: { thread: ThreadRow | undefined; page: number; pages: number; comments: CommentNode[]; keptList: Buffer | null; replyPost: ThreadPostRow | undefined; pagePath: string },
): CommentsSectionData {
  let form = opts.form
  if (!form) {
    const saved = reader.saved
    form = emptyForm(saved ? { name: saved.name, email: saved.email, url: saved.url, remember: 'on' } : {})
  }
  return {
    subject: { title: subject.title, path: subject.path, slug: subject.slug },
    open: subject.commentsEnabled,
    count: d.thread?.post_count ?? 0,
    comments: d.comments,
    keptList: d.keptList,
    page: d.page,
    pages: d.pages,
    pageHrefs: Array.from({ length: d.pages }, (_, i) => commentPagePath(subject.path, i + 1)),
    replyTo: d.replyPost ? { shortId: d.replyPost.short_id, name: d.replyPost.author_name } : null,
    form,
    stamp: reader.stamp,
    signedInAs: reader.signedInAs,
    cancelHref: `${d.pagePath}#respond`,
  }
}

export function buildTree(posts: ThreadPostRow[], subject: CommentSubject, viewer: Viewer, pagePath: string, replyFormUnder?: string): CommentNode[] {
  const byId = new Map<number, CommentNode>()
  const roots: CommentNode[] = []
  let removedSeq = 0
  // Most cards' keys differ only by badge: made once each.
  const keys = new Map<ShownComment['badge'], string>()
  const keyOf = (node: ShownComment) => {
    if (node.inReplyTo) return cardKey(pagePath, subject.commentsEnabled, node)
    let key = keys.get(node.badge)
    if (key === undefined) keys.set(node.badge, (key = cardKey(pagePath, subject.commentsEnabled, node)))
    return key
  }
  // The node's host: its ancestor at level 4 at most (deeper replies sit at
  // level 5 with "in reply to"). The path, not parent_id, is the tree: a
  // purged comment's replies keep their path but lose their parent_id.
  // `depth` ancestors are taken from the root down (no slices: this runs for every comment and level).
  const hostOf = (ancestors: number[], depth: number) => (depth ? byId.get(ancestors[Math.min(depth, MAX_RENDER_LEVEL - 1) - 1]) : undefined)
  const place = (node: CommentNode, host: CommentNode | undefined) => {
    if (host) host.children.push(node)
    else roots.push(node)
  }
  for (const p of posts) {
    const segments = p.path.split('.')
    const ancestors: number[] = []
    for (let i = 0; i < segments.length - 1; i++) ancestors.push(Number(segments[i]))
    // Every ancestor not shown here (removed, or held and not the viewer's)
    // becomes a placeholder, so the replies under it keep their place.
    for (let i = 0; i < ancestors.length; i++) {
      const id = ancestors[i]
      if (byId.has(id)) continue
      const host = hostOf(ancestors, i)
      const placeholder: RemovedComment = { removed: true, anchor: `comment-removed-${++removedSeq}`, level: host ? host.level + 1 : 1, children: [] }
      byId.set(id, placeholder)
      place(placeholder, host)
    }
    const parent = ancestors.length ? byId.get(ancestors[ancestors.length - 1]) : undefined
    const host = hostOf(ancestors, ancestors.length)
    const node: ShownComment = {
      removed: false,
      shortId: p.short_id,
      anchor: `comment-${p.short_id}`,
      authorName: p.author_name,
      authorUrl: p.author_url ?? null,
      badge: p.author_user_id !== null && p.author_user_id === subject.authorUserId ? 'Author' : p.author_role ? 'Staff' : p.author_user_id !== null ? 'Member' : null,
      bodyHtml: trustSanitized(p.body_html ?? ''),
      createdAt: p.created_at ?? '',
      pending: p.status === 'pending',
      ownPending: p.status === 'pending' && viewer.key !== null && p.author_key === viewer.key,
      level: host ? host.level + 1 : 1,
      inReplyTo: parent && parent !== host ? { name: parent.removed ? null : parent.authorName, anchor: parent.anchor } : null,
      replyHref: `${pagePath}?replytocom=${p.short_id}#respond`,
      permalink: `${pagePath}#comment-${p.short_id}`,
      replyFormHere: p.short_id === replyFormUnder,
      card: null,
      children: [],
    }
    if (p.card_html !== null && isKeepable(node) && p.card_key === keyOf(node)) node.card = p.card_html
    byId.set(p.id, node)
    place(node, host)
  }
  return roots
}

/**
 * Makes the card of every shown comment that has none kept for this page,
 * and keeps it with the post; a held comment's card is made by the view,
 * for this reader. Either needs the post's text, link and date, which only
 * these posts read. Keeping is a cache fill: if it fails, the page is shown
 * all the same.
 */
async function keepCards(deps: Pick<Deps, 'db' | 'log'>, roots: CommentNode[], posts: ThreadPostRow[], pagePath: string, open: boolean): Promise<void> {
  const unmade: ShownComment[] = []
  const walk = (nodes: CommentNode[]) => {
    for (const node of nodes) {
      if (!node.removed && node.card === null) unmade.push(node)
      if (node.children.length) walk(node.children)
    }
  }
  walk(roots)
  if (!unmade.length) return
  const rows = new Map(posts.map((p) => [p.short_id, p]))
  const details = new Map((await postDetails(deps.db, unmade.map((n) => rows.get(n.shortId)!.id))).map((d) => [d.id, d]))
  const made: MadeCard[] = []
  for (const node of unmade) {
    const row = rows.get(node.shortId)!
    const d = details.get(row.id)
    if (!d) {
      // Purged between the two reads: shown as removed comments are.
      node.card = Buffer.from(removedCardHtml(node.anchor))
      continue
    }
    node.authorUrl = d.author_url
    node.bodyHtml = trustSanitized(d.body_html)
    node.createdAt = d.created_at
    if (!isKeepable(node)) continue
    node.card = Buffer.from(commentCardHtml(node, open))
    made.push({ id: row.id, key: cardKey(pagePath, open, node), html: node.card, bodyHtml: d.body_html, authorName: row.author_name })
  }
  if (!made.length) return
  // A page read from the replica keeps its cards on the primary; the replica has them once it catches up.
  await saveCards(writingDb(deps), made).catch((err: Error) => deps.log.info({ err: err.message }, 'comment cards were not kept; the page was shown all the same'))
}

export type LocateResult = { kind: 'found'; href: string; page: number } | { kind: 'not-found' }

/** Where a comment lives (its page and anchor), if the viewer may see it. */
export async function locateComment(deps: Deps, viewer: Viewer, shortId: string): Promise<LocateResult> {
  const post = await findPost(deps.db, shortId)
  if (!post || !isVisible(post, viewer)) return { kind: 'not-found' }
  const thread = await findThreadById(deps.db, post.thread_id)
  if (!thread || !thread.subject_path) return { kind: 'not-found' }
  // A forum post's page is found by the forum's own permalink route.
  if (thread.kind === 'topic') return { kind: 'found', page: 1, href: `/forum/p/${post.short_id}` }
  const rootPath = post.path.split('.')[0]
  const before = await visibleRootsBefore(deps.db, thread.id, viewer, rootPath)
  const page = Math.floor(before / TOP_LEVEL_PER_PAGE) + 1
  return { kind: 'found', page, href: `${commentPagePath(thread.subject_path, page)}#comment-${post.short_id}` }
}
