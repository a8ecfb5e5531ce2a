import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { testApp, type TestApp } from '../test/harness.js'
import { iso } from '../clock.js'
import { createUser } from '../accounts/index.js'
import { demoComments } from '../content/demo/index.js'
import { seedDemoComments, type SeedArticle } from './seed-demo.js'

for (const dialect of testDialects()) {
  describe(`demo comments on ${dialect}`, () => {
    let t: TestApp
    before(async () => { t = await testApp(dialect) })
    after(() => t.close())

    test('go in through the engine: tree, html, dates, statuses and counts are right; a second run adds nothing', async () => {
      const user = async (name: string) => {
        const r = await createUser(t.deps, { email: `${name}@example.com`, name, password: 'correct horse battery', role: 'editor' })
        assert.equal(r.kind, 'created')
        return (r as { userId: number }).userId
      }
      const staffIds = { editor: await user('editor'), reviewer: await user('reviewer') }
      const published = new Date('2026-10-01T09:00:00Z')
      const articleIds: Record<string, number> = {}
      const articles: SeedArticle[] = []
      for (const slug of new Set(demoComments.map((c) => c.article))) {
        const { id } = await t.deps.db.insertInto('articles').values({
          kind: 'post', slug, title: `Title of ${slug}`, author_id: staffIds.editor, status: 'published', published_at: iso(published),
          featured_media_id: null, reviewed_by: null, reviewed_at: null, created_at: iso(published), updated_at: iso(published),
        }).returning('id').executeTakeFirstOrThrow()
        articleIds[slug] = id
        articles.push({ id, slug, title: `Title of ${slug}`, authorId: staffIds.editor, publishedAt: iso(published) })
      }
      assert.equal(await seedDemoComments(t.deps, { articles, staffIds }, demoComments), demoComments.length)

      const posts = await t.deps.db.selectFrom('discussion_posts').selectAll().execute()
      assert.equal(posts.length, demoComments.length)
      const byBody = new Map(posts.map((p) => [p.body_md, p]))
      const refs = new Map(demoComments.map((c) => [c.ref, c]))
      for (const c of demoComments) {
        const p = byBody.get(c.body)!
        assert.equal(p.status, c.status ?? 'approved')
        assert.equal(p.created_at, iso(new Date(published.getTime() + c.hoursAfterPublish * 3600_000)))
        assert.ok(!/<script|<img|<h\d/.test(p.body_html))
        assert.equal(p.author_user_id, c.staff ? staffIds[c.staff] : null)
        if (c.replyTo) {
          const parent = byBody.get(refs.get(c.replyTo)!.body)!
          assert.equal(p.parent_id, parent.id)
          assert.equal(p.depth, parent.depth + 1)
          assert.ok(p.path.startsWith(`${parent.path}.`))
        } else {
          assert.equal(p.depth, 0)
        }
      }
      for (const [slug, id] of Object.entries(articleIds)) {
        const thread = await t.deps.db.selectFrom('discussion_threads').selectAll().where('article_id', '=', id).executeTakeFirstOrThrow()
        const approved = demoComments.filter((c) => c.article === slug && (c.status ?? 'approved') === 'approved')
        assert.equal(thread.post_count, approved.length, slug)
        assert.equal(thread.top_level_count, approved.filter((c) => !c.replyTo).length)
        assert.equal(thread.subject_path, `/${slug}`)
      }
      assert.ok(demoComments.some((c) => c.status === 'pending'), 'the queue has something to show')
      assert.equal(await seedDemoComments(t.deps, { articles, staffIds }, demoComments), 0)
    })
  })
}
