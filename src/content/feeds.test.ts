import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { parseFeed } from '@rowanmanning/feed-parser'
import { XMLValidator } from 'fast-xml-parser'
import { parseDocument, DomUtils } from 'htmlparser2'
import { testApp, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { contentFixtures } from './fixtures.js'

const SITE = 'http://localhost:3000'

for (const dialect of testDialects()) {
  describe(`feeds, sitemap and structured data on ${dialect}`, () => {
    let t: TestApp
    before(async () => {
      t = await testApp(dialect)
      const f = contentFixtures(t)
      const needling = await f.category('Microneedling', 'microneedling', 'Rollers & pens <safely>')
      const massage = await f.category('Scalp massage', 'scalp-massage')
      await f.study('pmid:23862125', { title: 'A randomized evaluator blinded study of effect of microneedling', design: 'RCT', n: 100, year: 2013, journal: 'Int J Trichology' })
      await f.study('doi:10.1007/s13555-019-0281-6', { title: 'Self-assessments of standardized scalp massages', design: 'survey', n: 340, year: 2019, journal: 'Dermatol Ther', pmid: '30671883' })
      await f.post({
        title: 'Needles & "numbers" <explained>', slug: 'needles-explained', daysAgo: 2, categories: [needling], reviewedBy: 'Tomas Brightwell, PharmD',
        body: 'Counts rose [@pmid:23862125]; readers felt better [@doi:10.1007/s13555-019-0281-6].\n\n[A link](/about) and [ref](#ref-1).',
      })
      await f.post({ title: 'Massage basics', slug: 'massage-basics', daysAgo: 5, categories: [massage] })
      await f.post({ title: 'Unfinished draft', slug: 'unfinished-draft', status: 'draft' })
      await f.post({ title: 'Future post', slug: 'future-post', daysAgo: -3 })
      await f.post({ title: 'About', slug: 'about', kind: 'page', daysAgo: 50 })
      // A commenter's address is stored by discussion; it must never reach a feed.
      const now = new Date().toISOString()
      const thread = await t.deps.db.insertInto('discussion_threads').values({ short_id: 'feedthrd', kind: 'comments', article_id: 1, title: 't', created_at: now }).returning('id').executeTakeFirstOrThrow()
      await t.deps.db.insertInto('discussion_posts').values({
        short_id: 'feedpost', thread_id: thread.id, author_name: 'Reader', author_email: 'secret.reader@example.com', body_md: 'hi', body_html: '<p>hi</p>',
        status: 'approved', content_hash: 'x', created_at: now, updated_at: now, author_role: null,
      }).execute()
    })
    after(() => t.close())

    test('RSS parses in a real feed parser, with absolute links, full content, dates and no emails', async () => {
      const res = await t.agent().get('/feed.xml')
      assert.equal(res.statusCode, 200)
      assert.match(String(res.headers['content-type']), /^application\/rss\+xml/)
      assert.equal(XMLValidator.validate(res.body), true)
      const feed = parseFeed(res.body)
      assert.equal(feed.title, 'Crown Hair Science')
      assert.deepEqual(feed.items.map((i) => i.title), ['Needles & "numbers" <explained>', 'Massage basics'])
      const [item] = feed.items
      assert.equal(item.url, `${SITE}/needles-explained`)
      assert.equal(item.published?.toISOString(), (await t.deps.db.selectFrom('articles').select('published_at').where('slug', '=', 'needles-explained').executeTakeFirstOrThrow()).published_at?.replace(/\.\d{3}Z$/, '.000Z'))
      assert.equal(item.authors[0]?.name, 'Harriet Fixture')
      // Full body and references; every link absolute.
      const html = item.content ?? ''
      assert.match(html, /Counts rose/)
      assert.match(html, /References/)
      const hrefs = DomUtils.findAll((el) => el.name === 'a', parseDocument(html).children).map((a) => a.attribs.href)
      assert.ok(hrefs.length >= 4)
      for (const href of hrefs) assert.match(href, /^https?:\/\//, href)
      assert.ok(hrefs.includes(`${SITE}/about`))
      assert.ok(hrefs.includes(`${SITE}/needles-explained#ref-1`))
      assert.doesNotMatch(res.body, /@example\.com|secret\.reader/)
      assert.doesNotMatch(res.body, /Unfinished draft|Future post/)
    })

    test('Atom parses too, and each category has its own feeds', async () => {
      const atom = await t.agent().get('/atom.xml')
      assert.match(String(atom.headers['content-type']), /^application\/atom\+xml/)
      assert.equal(XMLValidator.validate(atom.body), true)
      const feed = parseFeed(atom.body)
      assert.deepEqual(feed.items.map((i) => i.title), ['Needles & "numbers" <explained>', 'Massage basics'])
      assert.equal(feed.items[0].url, `${SITE}/needles-explained`)
      assert.ok(feed.items[0].updated instanceof Date)
      assert.doesNotMatch(atom.body, /@example\.com/)

      for (const path of ['/category/microneedling/feed.xml', '/category/microneedling/atom.xml']) {
        const res = await t.agent().get(path)
        assert.equal(XMLValidator.validate(res.body), true, path)
        const cat = parseFeed(res.body)
        assert.equal(cat.title, 'Microneedling · Crown Hair Science')
        assert.equal(cat.description, 'Rollers & pens <safely>')
        assert.deepEqual(cat.items.map((i) => i.title), ['Needles & "numbers" <explained>'], path)
      }
      assert.equal((await t.agent().get('/category/nope/feed.xml')).statusCode, 404)
    })

    test('the sitemap lists published articles and pages with lastmod, and nothing unpublished', async () => {
      const res = await t.agent().get('/sitemap.xml')
      assert.equal(XMLValidator.validate(res.body), true)
      const locs = [...res.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1])
      for (const loc of [`${SITE}/`, `${SITE}/needles-explained`, `${SITE}/massage-basics`, `${SITE}/about`, `${SITE}/category/microneedling`, `${SITE}/author/harriet-fixture`]) {
        assert.ok(locs.includes(loc), loc)
      }
      assert.ok(!locs.some((l) => /unfinished-draft|future-post/.test(l)))
      assert.match(res.body, /<url><loc>http:\/\/localhost:3000\/needles-explained<\/loc><lastmod>\d{4}-\d{2}-\d{2}T/)
    })

    test('robots.txt allows all, keeps crawlers out of /admin and points to the sitemap', async () => {
      const res = await t.agent().get('/robots.txt')
      assert.match(String(res.headers['content-type']), /^text\/plain/)
      assert.match(res.body, /^User-agent: \*$/m)
      assert.match(res.body, /^Allow: \/$/m)
      assert.match(res.body, /^Disallow: \/admin$/m)
      assert.match(res.body, /^Sitemap: http:\/\/localhost:3000\/sitemap\.xml$/m)
    })

    test('the article page carries canonical, OpenGraph and a JSON-LD Article with citations and review', async () => {
      const res = await t.agent().get('/needles-explained')
      assert.match(res.body, /<link rel="canonical" href="http:\/\/localhost:3000\/needles-explained"\/>/)
      assert.match(res.body, /<meta property="og:title" content="Needles &amp; &quot;numbers&quot; &lt;explained>"\/>|<meta property="og:title" content="Needles &amp; "numbers" &lt;explained>"\/>/)
      const scripts = DomUtils.findAll((el) => el.name === 'script' && el.attribs.type === 'application/ld+json', parseDocument(res.body).children)
      assert.equal(scripts.length, 1)
      const data = JSON.parse(DomUtils.textContent(scripts[0]))
      assert.deepEqual(data['@type'], ['Article', 'MedicalWebPage'])
      assert.equal(data.headline, 'Needles & "numbers" <explained>')
      assert.match(data.datePublished, /^\d{4}-\d{2}-\d{2}T/)
      assert.match(data.dateModified, /^\d{4}-\d{2}-\d{2}T/)
      assert.equal(data.author.name, 'Harriet Fixture')
      assert.equal(data.publisher.name, 'Crown Hair Science')
      assert.equal(data.url, `${SITE}/needles-explained`)
      assert.deepEqual(data.citation.map((c: { '@type': string; name: string }) => [c['@type'], c.name]), [
        ['ScholarlyArticle', 'A randomized evaluator blinded study of effect of microneedling'],
        ['ScholarlyArticle', 'Self-assessments of standardized scalp massages'],
      ])
      assert.deepEqual(data.reviewedBy, { '@type': 'Person', name: 'Tomas Brightwell, PharmD' })
      assert.match(data.lastReviewed, /^\d{4}-\d{2}-\d{2}$/)
      // "<" is escaped inside the script block, so the title cannot close it.
      assert.doesNotMatch(DomUtils.textContent(scripts[0]), /</)
    })
  })
}
