import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { parseFeed } from '@rowanmanning/feed-parser'
import { XMLValidator } from 'fast-xml-parser'
import { testDialects } from '../test/databases.js'
import { redirectTarget } from '../test/harness.js'
import { POST_LIMITS } from '../discussion/limits.js'
import { forumTestApp, type ForumTestApp } from './fixtures.js'

const SITE = 'http://localhost:3000'

for (const dialect of testDialects()) {
  describe(`forum RSS on ${dialect}`, () => {
    let t: ForumTestApp
    before(async () => { t = await forumTestApp(dialect) })
    after(() => t.close())

    test('category and topic feeds parse, carry approved posts only with absolute URLs, and never an email', async () => {
      const cat = await t.category({ hold: true })
      const staff = await t.signedIn('editor', 'Eve Editor')
      const path = redirectTarget(await t.startTopic(staff, cat.slug, { title: 'Scalp massage & <timing>', body: 'See [the guide](/scalp-massage-guide) and #2.' }))
      const topicId = path.split('/')[3]
      const guest = t.agent(); guest.ip = '198.51.100.230'
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      redirectTarget(await t.reply(guest, path, { body: 'A held reply from a new guest.', name: 'Held Guest', email: 'held.guest@example.com' }))
      t.clock.advance(POST_LIMITS.reply.intervalMs)
      redirectTarget(await t.reply(staff, path, { body: 'A staff follow-up.' }))
      const other = t.agent(); other.ip = '198.51.100.231'
      const heldTopic = redirectTarget(await t.startTopic(other, cat.slug, { title: 'A held topic', body: 'Waiting.', name: 'Other Guest' }))

      const res = await t.agent().get(`/forum/t/${topicId}/feed.xml`)
      assert.equal(res.statusCode, 200)
      assert.match(String(res.headers['content-type']), /^application\/rss\+xml/)
      assert.equal(XMLValidator.validate(res.body), true)
      const feed = parseFeed(res.body)
      assert.equal(feed.title, 'Scalp massage & <timing> · Crown Hair Science forum')
      assert.equal(feed.url, `${SITE}${path}`)
      assert.deepEqual(feed.items.map((i) => i.title), ['Re: Scalp massage & <timing> (#3)', 'Scalp massage & <timing>'], 'the held #2 is left out')
      assert.match(feed.items[0].url ?? '', new RegExp(`^${SITE}/forum/p/[a-z0-9]+$`))
      assert.equal(feed.items[1].authors[0]?.name, 'Eve Editor')
      assert.match(feed.items[1].description ?? feed.items[1].content ?? '', new RegExp(`href="${SITE}/scalp-massage-guide"`))
      assert.doesNotMatch(res.body, /@example\.com/)
      assert.doesNotMatch(res.body, /held reply/)

      const cres = await t.agent().get(`/forum/c/${cat.slug}/feed.xml`)
      assert.equal(cres.statusCode, 200)
      assert.equal(XMLValidator.validate(cres.body), true)
      const cfeed = parseFeed(cres.body)
      assert.equal(cfeed.url, `${SITE}/forum/c/${cat.slug}`)
      assert.deepEqual(cfeed.items.map((i) => i.title), ['Scalp massage & <timing>'], 'held topics are not in the feed')
      assert.equal(cfeed.items[0].url, `${SITE}${path}`)
      assert.doesNotMatch(cres.body, /@example\.com/)

      assert.equal((await t.agent().get(`/forum/t/${heldTopic.split('/')[3]}/feed.xml`)).statusCode, 404)
      assert.equal((await t.agent().get('/forum/c/no-such-category/feed.xml')).statusCode, 404)
      assert.equal((await t.agent().get('/forum/t/zzzzzzzz/feed.xml')).statusCode, 404)
      // The pages announce their feeds.
      assert.match((await t.agent().get(path)).body, new RegExp(`<link rel="alternate" type="application/rss\\+xml" title="[^"]+" href="/forum/t/${topicId}/feed.xml"/>`))
      assert.match((await t.agent().get(`/forum/c/${cat.slug}`)).body, new RegExp(`href="/forum/c/${cat.slug}/feed.xml"`))
    })
  })
}
