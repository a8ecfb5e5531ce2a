import type { Deps } from '../deps.js'
import { demoComments, type DemoComment } from '../content/demo/index.js'
import { ensureCommentThread, createPost } from './posting.js'
import { screenComment } from './screening.js'
import { renderCommentMarkdown } from './markdown.js'
import type { PostRow } from './queries.js'

/** What content's seedDemo hands over: its demo articles by slug and the demo staff's user ids. */
export interface SeededDemo {
  articles: Record<string, { id: number; title: string; path: string; publishedAt: string; authorId: number }>
  staff: { editor: number; reviewer: number }
}

/**
 * Inserts the demo comments through the engine's own insert path, so their
 * HTML, tree paths, depths and thread counts are exactly what readers'
 * comments get. Each is dated its article's published_at + hoursAfterPublish.
 */
export async function seedDemoComments(deps: Deps, seeded: SeededDemo, comments: DemoComment[] = demoComments): Promise<number> {
  const at = (c: DemoComment) => {
    const a = seeded.articles[c.article]
    return a ? new Date(new Date(a.publishedAt).getTime() + c.hoursAfterPublish * 3600_000) : null
  }
  // Oldest first, so ids (and with them tree order) follow time.
  const ordered = comments.filter((c) => at(c)).sort((x, y) => at(x)!.getTime() - at(y)!.getTime())
  const byRef = new Map<string, PostRow>()
  await deps.db.transaction().execute(async (trx) => {
    for (const c of ordered) {
      const article = seeded.articles[c.article]
      const when = at(c)!
      const thread = await ensureCommentThread(trx, {
        articleId: article.id, slug: c.article, title: article.title, authorUserId: article.authorId, commentsEnabled: true, path: article.path,
      }, when)
      const parent = c.replyTo ? byRef.get(c.replyTo) ?? null : null
      if (c.replyTo && !parent) throw new Error(`demo comment ${c.ref} replies to unknown or later ${c.replyTo}`)
      const status = c.status ?? 'approved'
      const email = c.email.toLowerCase()
      const heldReason = status === 'spam'
        ? 'Marked as spam'
        : status === 'pending'
          ? (await screenComment(trx, { email, name: c.name, url: c.website ?? '', bodyMd: c.body, bodyHtml: renderCommentMarkdown(c.body), siteUrl: deps.config.siteUrl })).reason ?? 'Held for review'
          : null
      const post = await createPost(deps, trx, {
        thread, parent,
        author: {
          userId: c.staff ? seeded.staff[c.staff] : null,
          name: c.name, email, url: c.website ?? null,
          role: c.staff ? 'editor' : null, key: null,
        },
        bodyMd: c.body, status, heldReason, ipHash: null, notify: false, at: when,
      })
      byRef.set(c.ref, post)
    }
  })
  return byRef.size
}
