import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { discussionTestApp, hiddenValue, type DiscussionTestApp } from './test-support.js'

for (const dialect of testDialects()) {
  describe(`posting limits hold under concurrency (${dialect})`, () => {
    let t: DiscussionTestApp
    before(async () => { t = await discussionTestApp(dialect) })
    after(() => t.close())

    test('posts sent at the same instant from one address: one is accepted, the rest get 429', async () => {
      const article = await t.makeArticle()
      const agents = Array.from({ length: 4 }, () => t.agent())
      const stamps: string[] = []
      for (const a of agents) stamps.push(hiddenValue((await a.get(article.path)).body, 'stamp'))
      t.clock.advance(5_000)
      const results = await Promise.all(agents.map((a, i) => a.post('/comments', {
        subject: article.slug, parent: '', stamp: stamps[i], address: '',
        name: `Racer ${i}`, email: `racer${i}@example.com`, url: '', comment: `Simultaneous comment number ${i}.`,
      })))
      const codes = results.map((r) => r.statusCode).sort()
      assert.deepEqual(codes, [303, 429, 429, 429])
      const stored = await t.deps.db.selectFrom('discussion_posts').select('id').where('body_md', 'like', 'Simultaneous comment%').execute()
      assert.equal(stored.length, 1)
    })
  })
}
