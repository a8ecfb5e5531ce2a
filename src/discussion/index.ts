import { registerFiller } from '../http/page-cache.js'
import { formStamp } from './identity.js'
import { backfillDiscussionSearch } from './search-sync.js'
import type { FastifyInstance } from 'fastify'
import type { DiscussionHooks } from './seams.js'
import type { Deps } from '../deps.js'
import { approvedCountsByArticle, countApprovedPosts, countPending, findPostById } from './queries.js'
import { discussionRoutes } from './routes.js'
import { purgeRoutes } from './purge-routes.js'

// The discussion module's public face: content's article page and listings,
// app.ts, the job worker and the seed use only what is exported here.
export { loadCommentsSection, commentPagePath, TOP_LEVEL_PER_PAGE, MAX_RENDER_LEVEL } from './thread-view.js'
export type { CommentsSectionData, CommentNode } from './thread-view.js'
export { CommentsSection } from './views/CommentsSection.js'
export { seedDemoComments, type DemoComment } from './seed-demo.js'
export type { SeededDemo, SeedArticle } from './seed-demo.js'
export { forgetMember } from './forget-member.js'
// What the importer writes comments through (src/importer).
export { importComment, importCommentThread, updateImportedComment, type ImportedComment } from './imports.js'
export type { CommentSubject, ArticlePageOptions, DiscussionHooks } from './seams.js'
// Modules that keep files or rows of their own on posts clear them when staff purge a post.
export { onPurge, type PurgeStep } from './purge.js'

// The engine, for what is built on it (the forum): it registers its
// extension at startup and posts through the engine's one insert path.
export { extendDiscussion, type DiscussionExtension, type QueueFlag } from './extensions.js'
export { createPost, changeStatus, contentHash, type PostAuthor } from './posting.js'
export { refusalMessage, type PostRefusal } from './refusals.js'
export { admitPost, tooManyLinks, LIMITS, POST_LIMITS, type Poster, type SpamRefusal } from './limits.js'
export { commenterKey, ensureCommenterKey, formStamp, readFormStamp, guestKeyHash, hashIp } from './identity.js'
export { renderCommentMarkdown, plainExcerpt } from './markdown.js'
export { moderationWords } from './screening.js'
export { confirmationMail, unsubscribePath } from './notifications.js'
export { syncPostsSearch, syncThreadSearch } from './search-sync.js'
export { BAN_PERIODS, banFromPost, banSource, liftBan, listBans, type BanListItem } from './bans.js'
export { findGuestByKeyHash, findGuestById, ensureGuest, renameGuest, markGuestPosted, guestNameInUse, type GuestRow } from './queries.js'
export { isVisible } from './policy.js'
export { findPost, findThreadById, threadOfPost, updatePostBody, visibleTo, hasConfirmedAddress, lastConfirmationRequest, type PostRow, type ThreadRow, type Viewer } from './queries.js'
export { findThreadWatch, insertSubscription, listThreadWatchers, markSubscriptionSent, setHeldReason } from './queries.js'
export type { PostStatus, ThreadKind, ForumGuestsTable } from './tables.js'

/**
 * Routes: POST /comments, GET /comments/:shortId (permalink → page#anchor),
 * reply-notification confirm/unsubscribe pages, and the /admin/comments queue.
 * Content's article route reads ?replytocom itself through loadCommentsSection.
 */
export async function registerDiscussion(app: FastifyInstance, deps: Deps, hooks: DiscussionHooks) {
  // Shared article pages carry a placeholder where each reader's form stamp goes.
  registerFiller('comment-stamp', () => formStamp(deps))
  await backfillDiscussionSearch(deps.db)
  discussionRoutes(app, deps, hooks)
  purgeRoutes(app, deps)
}

// Discussion mail is composed when its cause commits and sent by the
// platform's 'mail.send' handler; no job kind of its own is needed yet.
export function registerDiscussionJobs(deps: Deps) {
  void deps
}

/** A comment's permalink (/comments/<short id>, which leads to its page and anchor), by row id; null when gone. */
export async function commentPermalink(deps: Pick<Deps, 'db'>, postId: number): Promise<string | null> {
  const post = await findPostById(deps.db, postId)
  return post ? `/comments/${post.short_id}` : null
}

/** Approved comment counts by article id (articles with none are absent), for listings. */
export async function commentCounts(deps: Pick<Deps, 'db'>, articleIds: number[]): Promise<Map<number, number>> {
  const rows = await approvedCountsByArticle(deps.db, [...new Set(articleIds)])
  return new Map(rows.flatMap((r) => (r.article_id !== null && r.post_count > 0 ? [[r.article_id, Number(r.post_count)] as [number, number]] : [])))
}

/** Comments waiting for a moderator, for the staff navigation badge. */
export async function pendingCommentCount(deps: Pick<Deps, 'db'>): Promise<number> {
  return countPending(deps.db)
}

/** Approved posts (comments and forum posts alike), for the staff dashboard. */
export async function approvedPostCount(deps: Pick<Deps, 'db'>): Promise<number> {
  return countApprovedPosts(deps.db)
}
