import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { buildApp } from '../app.js'
import { PageCache } from '../http/page-cache.js'
import { contentFixtures } from './fixtures.js'

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replace(/&amp;/g, '&')

for (const dialect of testDialects()) {
  describe(`shared article pages for anonymous readers (${dialect})`, () => {
    let t: TestApp
    let slug: string
    let reader: ReturnType<TestApp['agent']>
    before(async () => {
      t = await testApp(dialect)
      slug = (await contentFixtures(t).post({ title: 'Minoxidil and the shedding phase' })).slug
    })
    after(() => t.close())

    test('a second anonymous reader is served the shared page, with their own CSRF token and form stamp', async () => {
      const cache = t.deps.pageCache!
      const before = cache.hits
      const first = await t.agent().get(`/${slug}`)
      reader = t.agent()
      const second = await reader.get(`/${slug}`)
      assert.equal(first.statusCode, 200)
      assert.equal(second.statusCode, 200)
      assert.equal(cache.hits, before + 1, 'the second view came from the cache')
      assert.doesNotMatch(second.body, /crown-shared-/, 'no placeholder reaches a reader')
      assert.notEqual(hidden(first.body, '_csrf'), hidden(second.body, '_csrf'))
      // The token in the shared page is valid for this reader: the comment is accepted.
      t.clock.advance(5_000)
      const posted = await reader.post('/comments', {
        subject: slug, parent: '', stamp: hidden(second.body, 'stamp')!, address: '',
        name: 'Pat Reader', email: 'pat@example.com', url: '', comment: 'Does the shedding phase always happen?',
      })
      assert.equal(posted.statusCode, 303, posted.body.slice(0, 400))
    })

    test('the author of a held comment is not served the shared page, so they see it awaiting moderation', async () => {
      // The previous test's reader posted a first comment, held for review.
      const own = await reader.get(`/${slug}`)
      assert.match(own.body, /Does the shedding phase always happen/)
      assert.match(own.body, /Your comment is awaiting moderation/)
      const stranger = await t.agent().get(`/${slug}`)
      assert.doesNotMatch(stranger.body, /Does the shedding phase always happen/)
    })

    test('approving a comment shows it to the very next reader, in this process and another on the same database', async () => {
      // A second app instance stands in for a second server process with its own cache.
      const other = await buildApp({ ...t.deps, pageCache: new PageCache() })
      await other.ready()
      try {
        const viaOther = async () => (await other.inject({ method: 'GET', url: `/${slug}` })).body
        assert.doesNotMatch(await viaOther(), /Does the shedding phase always happen/)
        assert.doesNotMatch((await t.agent().get(`/${slug}`)).body, /Does the shedding phase always happen/)

        const mod = await t.signedIn('moderator')
        const queue = await mod.get('/admin/comments')
        const shortId = /name="ids" value="([a-z0-9]+)"/.exec(queue.body)?.[1] ?? /\/admin\/comments\/([a-z0-9]+)\/approve/.exec(queue.body)?.[1]
        assert.ok(shortId, 'the held comment is in the queue')
        const approved = await mod.post(`/admin/comments/${shortId}/approve`)
        assert.ok(approved.statusCode < 400, `approve answered ${approved.statusCode}`)

        assert.match((await t.agent().get(`/${slug}`)).body, /Does the shedding phase always happen/)
        assert.match(await viaOther(), /Does the shedding phase always happen/)
      } finally {
        await other.close()
      }
    })

    test('signed-in staff and readers with a query string get a fresh render', async () => {
      const cache = t.deps.pageCache!
      await t.agent().get(`/${slug}`)
      const hits = cache.hits
      const staff = await t.signedIn('editor')
      assert.equal((await staff.get(`/${slug}`)).statusCode, 200)
      assert.equal((await t.agent().get(`/${slug}?utm=x`)).statusCode, 200)
      assert.equal(cache.hits, hits)
    })
  })
}
