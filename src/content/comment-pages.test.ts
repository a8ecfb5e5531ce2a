import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, redirectTarget, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { seedDemoComments } from '../discussion/index.js'
import { contentFixtures } from './fixtures.js'
import { articlesForDemoComments } from './index.js'

for (const dialect of testDialects()) {
  describe(`an article's comments beyond 100 top-level ones page (${dialect})`, () => {
    let t: TestApp
    let slug: string
    before(async () => {
      t = await testApp(dialect)
      const f = contentFixtures(t)
      const author = await f.defaultAuthor()
      const post = await f.post({ title: 'A busy thread', daysAgo: 30 })
      slug = post.slug
      const comments = Array.from({ length: 105 }, (_, i) => ({
        article: slug, ref: `c${i}`, name: `Reader ${i}`, email: `reader${i}@example.com`,
        body: `Top-level comment number ${i}.`, hoursAfterPublish: i + 1,
      }))
      comments.push({ article: slug, ref: 'r1', replyTo: 'c103', name: 'Replier', email: 'replier@example.com', body: 'A reply on page two.', hoursAfterPublish: 200 } as (typeof comments)[number])
      assert.equal(await seedDemoComments(t.deps, { articles: await articlesForDemoComments(t.deps, [post.id]), staffIds: { editor: author, reviewer: author } }, comments), 106)
    })
    after(() => t.close())

    test('page 1 holds the first 100 top-level comments, page 2 the rest with their replies', async () => {
      const one = await t.agent().get(`/${slug}`)
      assert.equal(one.statusCode, 200)
      assert.match(one.body, /Top-level comment number 99\./)
      assert.doesNotMatch(one.body, /Top-level comment number 100\./)
      assert.ok(one.body.includes(`href="/${slug}/comment-page/2#comments"`), "page 1 links to page 2")

      const two = await t.agent().get(`/${slug}/comment-page/2`)
      assert.equal(two.statusCode, 200)
      assert.match(two.body, /Top-level comment number 104\./)
      assert.match(two.body, /A reply on page two\./)
      assert.doesNotMatch(two.body, /Top-level comment number 99\./)
    })

    test('page 1 lives at the article address; a page past the end is not found', async () => {
      assert.equal(redirectTarget(await t.agent().get(`/${slug}/comment-page/1`)), `/${slug}`)
      assert.equal((await t.agent().get(`/${slug}/comment-page/3`)).statusCode, 404)
      assert.equal((await t.agent().get(`/${slug}/comment-page/x`)).statusCode, 404)
    })
  })
}
