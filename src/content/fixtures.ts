// Test fixtures for the content module: articles with chosen dates and
// states, categories, tags, studies, and multipart bodies for uploads.
// Imported by *.test.ts files only.
import crypto from 'node:crypto'
import type { TestApp } from '../test/harness.js'
import { createUser } from '../accounts/index.js'
import { iso } from '../clock.js'
import type { ArticleKind, ArticleStatus, StudyDesign } from './tables.js'
import { renderBody } from './markdown.js'
import { loadBodyContext } from './publishing.js'
import * as q from './queries.js'

const DAY = 86_400_000

export interface PostFixture {
  title: string
  slug?: string
  kind?: ArticleKind
  excerpt?: string
  body?: string
  status?: ArticleStatus
  /** Days before the test clock's now; negative is in the future. */
  daysAgo?: number
  authorId?: number
  categories?: number[]
  tags?: number[]
  reviewedBy?: string
  commentsEnabled?: boolean
}

export function contentFixtures(t: TestApp) {
  let authorId: number | undefined
  const n = () => crypto.randomBytes(3).toString('hex')
  const f = {
    async author(name = `Author ${n()}`, role: 'editor' | 'admin' = 'editor', bio = '') {
      const r = await createUser(t.deps, { email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${n()}@example.com`, name, password: 'correct horse battery', role, bio })
      if (r.kind !== 'created') throw new Error('author exists')
      return r.userId
    },
    async defaultAuthor() {
      authorId ??= await f.author('Harriet Fixture', 'editor', 'Writes fixtures.')
      return authorId
    },
    category: (name: string, slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), description = '') =>
      q.insertCategory(t.deps.db, { slug, name, description, now: iso(t.clock.now()) }),
    async tag(name: string, slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-')) {
      return (await q.ensureTags(t.deps.db, [{ slug, name }], iso(t.clock.now())))[0]
    },
    study: (key: string, over: Partial<{ authors: string; title: string; year: number; journal: string; design: StudyDesign; n: number | null; url: string; pmid: string | null; doi: string | null }> = {}) =>
      q.insertStudy(t.deps.db, {
        key, pmid: key.startsWith('pmid:') ? key.slice(5) : null, doi: key.startsWith('doi:') ? key.slice(4) : null,
        authors: 'Doe J, Roe R', title: `A study called ${key}`, year: 2019, journal: 'Journal of Tests', design: 'RCT', n: 100,
        url: `https://pubmed.ncbi.nlm.nih.gov/${key.replace(/\D/g, '') || '1'}/`, created_at: iso(t.clock.now()), ...over,
      }),
    /** Inserts an article with its body rendered as saving would, dated relative to the test clock. */
    async post(p: PostFixture) {
      const now = t.clock.now()
      const at = new Date(now.getTime() - (p.daysAgo ?? 1) * DAY)
      const status = p.status ?? (p.daysAgo !== undefined && p.daysAgo < 0 ? 'scheduled' : 'published')
      const body = p.body ?? `Some text about ${p.title}.`
      const rendered = renderBody(body, await loadBodyContext(t.deps.db, body))
      if (rendered.problems.length) throw new Error(`fixture body problems: ${JSON.stringify(rendered.problems)}`)
      const slug = p.slug ?? `${p.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`
      const id = await q.insertArticle(t.deps.db, {
        kind: p.kind ?? 'post', slug, title: p.title, excerpt: p.excerpt ?? `Excerpt of ${p.title}.`, body_md: body, body_html: rendered.html,
        featured_media_id: null, author_id: p.authorId ?? (await f.defaultAuthor()), status,
        published_at: status === 'draft' && p.daysAgo === undefined ? null : iso(at),
        reviewed_by: p.reviewedBy ?? null, reviewed_at: p.reviewedBy ? iso(at) : null,
        comments_enabled: p.commentsEnabled === false ? 0 : 1, created_at: iso(at), updated_at: iso(at),
      })
      await q.replaceCategories(t.deps.db, id, p.categories ?? [])
      await q.replaceTags(t.deps.db, id, p.tags ?? [])
      await q.replaceCitations(t.deps.db, id, rendered.citations.map((c) => c.id))
      return { id, slug }
    },
  }
  return f
}

/** A multipart/form-data body from fields and files, as a browser would send it. */
export function multipart(fields: Record<string, string | string[]>, files: Record<string, { filename: string; type: string; data: Buffer }> = {}) {
  const boundary = `----crown${crypto.randomBytes(8).toString('hex')}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`))
    }
  }
  for (const [name, file] of Object.entries(files)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`))
    parts.push(file.data, Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}
