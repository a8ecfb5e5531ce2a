import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { contentFixtures } from '../content/fixtures.js'
import * as migration from '../db/migrations/2026-11-30T1700-search-document-categories.js'

// A site indexed before documents had several categories: the migration
// files each article under all of its categories and every other document
// under the one it carried.
for (const dialect of testDialects()) {
  describe(`the search-categories migration on an indexed site (${dialect})`, () => {
    let t: TestApp
    before(async () => { t = await testApp(dialect) })
    after(() => t.close())

    test('files old entries under every category they belong to', async () => {
      const db = t.deps.db as unknown as Parameters<typeof migration.up>[0]
      await migration.down(db)
      const f = contentFixtures(t)
      const [a, b] = [await f.category('Old alpha', 'old-alpha'), await f.category('Old beta', 'old-beta')]
      await f.post({ title: 'Two topics', slug: 'two-topics', categories: [a, b] })
      await f.post({ title: 'No topic', slug: 'no-topic' })
      const row = (kind: string, ref: string, category: string | null) => ({
        kind, ref, url: `/${ref}`, title: ref, body: 'text', category_slug: category, category_name: category ? `${category} name` : null,
        published_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z',
      })
      await db.insertInto('search_documents').values([
        row('article', 'two-topics', 'old-alpha'), row('article', 'no-topic', null), row('topic', 'abc123', 'forum-cat'),
      ]).execute()
      await migration.up(db)
      const filed = await db.selectFrom('search_document_categories as sc').innerJoin('search_documents as d', 'd.id', 'sc.document_id')
        .select(['d.ref', 'sc.slug', 'sc.name']).orderBy('d.ref').orderBy('sc.slug').execute()
      assert.deepEqual(filed.map((r) => [r.ref, r.slug, r.name]), [
        ['abc123', 'forum-cat', 'forum-cat name'], ['two-topics', 'old-alpha', 'Old alpha'], ['two-topics', 'old-beta', 'Old beta'],
      ])
    })
  })
}
