import type { LightMyRequestResponse } from 'fastify'
import type { Dialect } from '../db/database.js'
import { iso } from '../clock.js'
import { render } from '../http/render.js'
import { Layout } from '../views/layout.js'
import { createUser } from '../accounts/index.js'
import { testApp, type Agent, type TestApp } from '../test/harness.js'
import type { CommentSubject, DiscussionHooks } from './seams.js'
import { loadCommentsSection } from './thread-view.js'
import { CommentsSection } from './views/CommentsSection.js'

// Discussion's route tests run the whole app with one stand-in: a bare
// article page at /test-articles/<slug> in place of content's, reached
// through the same hooks app.ts wires. Articles are real rows (threads
// reference them); only their page is simplified.

export interface DiscussionTestApp extends TestApp {
  makeArticle(opts?: { title?: string; authorUserId?: number; commentsEnabled?: boolean }): Promise<CommentSubject>
  /** Opens the article page, waits like a person, and posts the comment form with these fields. */
  comment(agent: Agent, subject: CommentSubject, fields: Record<string, string>, opts?: { replyTo?: string; waitMs?: number }): Promise<LightMyRequestResponse>
}

let articleSeq = 0

export async function discussionTestApp(dialect: Dialect, opts: { env?: Record<string, string> } = {}): Promise<DiscussionTestApp> {
  const subjects = new Map<string, CommentSubject>()
  const page = async (req: Parameters<DiscussionHooks['renderArticlePage']>[0], reply: Parameters<DiscussionHooks['renderArticlePage']>[1], slug: string, o: Parameters<DiscussionHooks['renderArticlePage']>[3]) => {
    const subject = subjects.get(slug)
    if (!subject) return reply.code(404).send('no such article')
    const data = await loadCommentsSection(t.deps, req, reply, subject, { page: o.commentPage, replyTo: o.replyTo, form: o.commentForm })
    return render(req, reply, (
      <Layout meta={{ title: subject.title }}>
        <article><h1>{subject.title}</h1><p>Article text.</p></article>
        <CommentsSection data={data} />
      </Layout>
    ), o.status)
  }
  const t: TestApp = await testApp(dialect, {
    env: opts.env,
    build: {
      discussionHooks: {
        findCommentSubject: async (slug) => subjects.get(slug) ?? null,
        renderArticlePage: page,
      },
    },
    beforeReady: (app) => {
      app.get<{ Params: { slug: string } }>('/test-articles/:slug', (req, reply) => page(req, reply, req.params.slug, {}))
      app.get<{ Params: { slug: string; n: string } }>('/test-articles/:slug/comment-page/:n', (req, reply) => page(req, reply, req.params.slug, { commentPage: Number(req.params.n) }))
    },
  })

  let author: number | undefined
  return Object.assign(t, {
    async makeArticle(o: { title?: string; authorUserId?: number; commentsEnabled?: boolean } = {}) {
      if (o.authorUserId === undefined && author === undefined) {
        const u = await createUser(t.deps, { email: `writer${Date.now()}@example.com`, name: 'Wren Writer', password: 'correct horse battery', role: 'editor' })
        if (u.kind !== 'created') throw new Error('no writer')
        author = u.userId
      }
      const slug = `article-${++articleSeq}-${Math.random().toString(36).slice(2, 6)}`
      const title = o.title ?? `Minoxidil notes ${articleSeq}`
      const now = iso(t.clock.now())
      const { id } = await t.deps.db.insertInto('articles').values({
        kind: 'post', slug, title, author_id: o.authorUserId ?? author!, status: 'published', published_at: now,
        featured_media_id: null, reviewed_by: null, reviewed_at: null, created_at: now, updated_at: now,
      }).returning('id').executeTakeFirstOrThrow()
      const subject: CommentSubject = {
        articleId: id, slug, title, authorUserId: o.authorUserId ?? author!, commentsEnabled: o.commentsEnabled ?? true, path: `/test-articles/${slug}`,
      }
      subjects.set(slug, subject)
      return subject
    },
    async comment(agent: Agent, subject: CommentSubject, fields: Record<string, string>, o: { replyTo?: string; waitMs?: number } = {}) {
      const form = await agent.get(o.replyTo ? `${subject.path}?replytocom=${o.replyTo}` : subject.path)
      if (form.statusCode !== 200) throw new Error(`article page answered ${form.statusCode}`)
      t.clock.advance(o.waitMs ?? 5_000)
      return agent.post('/comments', {
        subject: subject.slug, parent: o.replyTo ?? '', stamp: hiddenValue(form.body, 'stamp'), address: '', ...fields,
      })
    },
  })
}

export function hiddenValue(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)
  if (!m) throw new Error(`no ${name} field on the page`)
  return m[1].replace(/&amp;/g, '&')
}

/** The short id of the newest comment by this name on the page (from its anchor). */
export function commentIdOf(html: string, name: string): string {
  const re = /<article id="comment-([a-z0-9]+)" class="comment__card" aria-label="Comment by ([^"]*)"/g
  let found: string | undefined
  for (const m of html.matchAll(re)) if (m[2] === name) found = m[1]
  if (!found) throw new Error(`no comment by ${name} on the page`)
  return found
}
