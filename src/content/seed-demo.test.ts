import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { demoArticles, demoPeople } from './demo/index.js'
import { seedDemoContent, type DemoSeedResult } from './seed-demo.js'

for (const dialect of testDialects()) {
  describe(`demo content seeding on ${dialect}`, () => {
    let t: TestApp
    let seeded: DemoSeedResult
    before(async () => {
      t = await testApp(dialect)
      seeded = await seedDemoContent(t.deps)
    })
    after(() => t.close())

    test('every demo article is stored, with its images processed and citations resolved', async () => {
      assert.deepEqual(Object.keys(seeded.articleIds).sort(), demoArticles.map((a) => a.slug).sort())
      assert.ok(seeded.staffIds.editor > 0 && seeded.staffIds.reviewer > 0 && seeded.staffIds.editor !== seeded.staffIds.reviewer)
      const rows = await t.deps.db.selectFrom('articles').select(['slug', 'body_md', 'body_html', 'featured_media_id', 'status']).execute()
      for (const r of rows) {
        assert.doesNotMatch(r.body_md, /demo:/, `${r.slug}: demo image names were replaced`)
        assert.doesNotMatch(r.body_html, /@[a-z]+:[^\s<]+\?/, `${r.slug}: no unresolved citation`)
      }
      const withImage = demoArticles.filter((a) => a.featuredImage)
      for (const a of withImage) assert.ok(rows.find((r) => r.slug === a.slug)?.featured_media_id, `${a.slug}: featured image`)
      const files = (await t.deps.storage.list('media/')).map((f) => f.key)
      assert.ok(files.some((f) => f.endsWith('.webp')) && files.some((f) => f.endsWith('.jpg')))
      const cited = await t.deps.db.selectFrom('article_citations').select('article_id').execute()
      assert.ok(cited.length > 0)
    })

    test('published demo posts are public; the draft and the scheduled post are not', async () => {
      const reader = t.agent()
      for (const a of demoArticles) {
        const res = await reader.get(`/${a.slug}`)
        const expected = (a.status ?? 'published') === 'published' ? 200 : 404
        assert.equal(res.statusCode, expected, a.slug)
      }
      const reviewed = demoArticles.find((a) => a.reviewed && (a.status ?? 'published') === 'published')!
      const page = await reader.get(`/${reviewed.slug}`)
      assert.match(page.body, new RegExp(`Medically reviewed by <strong>${demoPeople.reviewer.name}</strong>`))
      assert.match(page.body, /<section class="references"/)
      const home = await reader.get('/')
      assert.equal(home.statusCode, 200)
      assert.match(home.body, /class="post-card/)
    })

    test('seeding again adds nothing', async () => {
      const count = async (table: 'articles' | 'media' | 'studies' | 'users' | 'categories' | 'tags') =>
        Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
      const before = await Promise.all((['articles', 'media', 'studies', 'users', 'categories', 'tags'] as const).map(count))
      const again = await seedDemoContent(t.deps)
      assert.deepEqual({ articleIds: again.articleIds, staffIds: again.staffIds }, { articleIds: seeded.articleIds, staffIds: seeded.staffIds })
      assert.deepEqual(again.added, { articles: 0, pages: 0, studies: 0, figures: 0 })
      assert.deepEqual(await Promise.all((['articles', 'media', 'studies', 'users', 'categories', 'tags'] as const).map(count)), before)
    })
  })
}
