import type { Deps } from '../deps.js'
import { ensureCommentThread, createPost } from './posting.js'
import { screenComment } from './screening.js'
import { renderCommentMarkdown } from './markdown.js'
import { hasCommentsOn, type PostRow } from './queries.js'

/** The demo articles (content hands them over through src/seed.ts) and the demo staff's user ids. */
export interface SeededDemo {
  articles: SeedArticle[]
  staffIds: { editor: number; reviewer: number }
}

/** A demo comment as content's demo data states it (content hands the list over through src/seed.ts). */
export interface DemoComment {
  /** Slug of the article it belongs to. */
  article: string
  /** Unique within the list, e.g. 'mn-1'. */
  ref: string
  /** `ref` of the parent comment, earlier in the list. */
  replyTo?: string
  name: string
  email: string
  website?: string
  staff?: 'editor' | 'reviewer'
  /** Small Markdown: emphasis, links, quotes, lists, code. */
  body: string
  hoursAfterPublish: number
  /** Defaults to 'approved'. */
  status?: 'approved' | 'pending' | 'spam'
}

/** A demo article as the comments need it; one not yet published gets none. */
export interface SeedArticle { id: number; slug: string; title: string; authorId: number; publishedAt: string | null }

/**
 * Inserts the demo comments through the engine's own insert path, so their
 * HTML, tree paths, depths and thread counts are exactly what readers'
 * comments get. Each is dated its article's published_at + hoursAfterPublish.
 */
export async function seedDemoComments(deps: Deps, seeded: SeededDemo, comments: DemoComment[]): Promise<number> {
  const ids = seeded.articles.map((a) => a.id)
  const articles = new Map<string, SeedArticle & { publishedAt: string }>()
  for (const a of seeded.articles) if (a.publishedAt) articles.set(a.slug, { ...a, publishedAt: a.publishedAt })
  // Run twice (npm run db:seed on a seeded site), it adds nothing.
  if (ids.length) {
    if (await hasCommentsOn(deps.db, ids)) return 0
  }
  const at = (c: DemoComment) => {
    const a = articles.get(c.article)
    return a ? new Date(new Date(a.publishedAt).getTime() + c.hoursAfterPublish * 3600_000) : null
  }
  // Oldest first, so ids (and with them tree order) follow time.
  const ordered = comments.filter((c) => at(c)).sort((x, y) => at(x)!.getTime() - at(y)!.getTime())
  const byRef = new Map<string, PostRow>()
  await deps.db.transaction().execute(async (trx) => {
    for (const c of ordered) {
      const article = articles.get(c.article)!
      const when = at(c)!
      const thread = await ensureCommentThread(trx, {
        articleId: article.id, slug: article.slug, title: article.title, authorUserId: article.authorId, commentsEnabled: true, path: `/${article.slug}`,
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
          userId: c.staff ? seeded.staffIds[c.staff] : null,
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
