import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { parseDocument, DomUtils } from 'htmlparser2'
import { testApp, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { contentFixtures } from './fixtures.js'

const DAY = 86_400_000
// Visible text with element boundaries as spaces (scripts and JSON-LD dropped).
const text = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
const byClass = (html: string, cls: string) => DomUtils.findAll((el) => (el.attribs.class ?? '').split(/\s+/).includes(cls), parseDocument(html).children)

for (const dialect of testDialects()) {
  describe(`reading articles on ${dialect}`, () => {
    let t: TestApp
    let f: ReturnType<typeof contentFixtures>
    let ids: { massage: number; needling: number; safety: number }
    before(async () => {
      t = await testApp(dialect)
      f = contentFixtures(t)
      ids = {
        massage: await f.category('Scalp massage', 'scalp-massage', 'Manual and device massage.'),
        needling: await f.category('Microneedling', 'microneedling'),
        safety: await f.tag('Safety'),
      }
      await f.study('pmid:23862125', { authors: 'Dhurat R, Sukesh M', title: 'A randomized evaluator blinded study', year: 2013, journal: 'Int J Trichology', design: 'RCT', n: 100 })
      // 23 published posts, one a day, oldest first; all in massage, every third in needling.
      for (let i = 23; i >= 1; i--) {
        await f.post({ title: `Massage note ${i}`, slug: `massage-note-${i}`, daysAgo: i + 1, categories: i % 3 === 0 ? [ids.massage, ids.needling] : [ids.massage], tags: i % 2 ? [ids.safety] : [] })
      }
    })
    after(() => t.close())

    test('the home page lists 10 posts a page, newest first, and pages past the end are 404', async () => {
      const a = t.agent()
      const first = await a.get('/')
      assert.equal(first.statusCode, 200)
      const titles = (html: string) => byClass(html, 'post-card__title').map((el) => DomUtils.textContent(el))
      assert.deepEqual(titles(first.body), Array.from({ length: 10 }, (_, i) => `Massage note ${i + 1}`))
      assert.match(first.body, /rel="next" href="\/page\/2"/)
      const second = await a.get('/page/2')
      assert.deepEqual(titles(second.body), Array.from({ length: 10 }, (_, i) => `Massage note ${i + 11}`))
      assert.match(second.body, /<link rel="canonical" href="http:\/\/localhost:3000\/page\/2"\/>/)
      const third = await a.get('/page/3')
      assert.deepEqual(titles(third.body), ['Massage note 21', 'Massage note 22', 'Massage note 23'])
      assert.equal((await a.get('/page/4')).statusCode, 404)
      assert.equal((await a.get('/page/1')).headers.location, '/')
      assert.equal((await a.get('/page/zero')).statusCode, 404)
    })

    test('the article page shows its date, author, categories, comment count, review, references, tags and earlier posts', async () => {
      const author = await f.author('Rowan Writer', 'editor', 'Rowan writes about trials.')
      await f.post({
        title: 'Microneedling with minoxidil', slug: 'microneedling-with-minoxidil', daysAgo: 0.5, authorId: author, reviewedBy: 'Tomas Brightwell, PharmD',
        categories: [ids.needling], tags: [ids.safety], body: 'Hair counts rose more with needling [@pmid:23862125].\n\nMore text.',
      })
      const res = await t.agent().get('/microneedling-with-minoxidil')
      assert.equal(res.statusCode, 200)
      const page = text(res.body)
      assert.match(page, /Posted on [A-Z][a-z]+ \d+, \d{4} by Rowan Writer/)
      assert.match(res.body, /Posted on <time datetime="\d{4}-\d{2}-\d{2}T[\d:.]+Z">/)
      assert.match(res.body, /<a href="\/author\/rowan-writer" rel="author">Rowan Writer<\/a>/)
      assert.match(res.body, /<a href="#comments" class="article__comment-count">No comments yet<\/a>/)
      assert.match(page, /Medically reviewed by Tomas Brightwell, PharmD · Last reviewed on/)
      assert.match(res.body, /<a href="\/category\/microneedling">Microneedling<\/a>/)
      assert.match(res.body, /<a class="tag" href="\/tag\/safety" rel="tag">Safety<\/a>/)
      // The citation and its reference point at each other.
      assert.match(res.body, /<a class="cite__link" href="#ref-1" id="cite-1-1"/)
      const [ref] = byClass(res.body, 'reference')
      assert.equal(ref.attribs.id, 'ref-1')
      assert.match(DomUtils.textContent(ref), /Dhurat R, Sukesh M \(2013\)\. A randomized evaluator blinded study\. Int J Trichology\. RCT n = 100/)
      assert.match(res.body, /href="#cite-1-1"/)
      // Earlier in Microneedling: up to 4 earlier posts in the same category, newest first.
      const earlier = byClass(res.body, 'earlier')[0]
      assert.match(DomUtils.textContent(earlier), /Earlier in Microneedling/)
      assert.deepEqual(byClass(res.body, 'post-card__title').map((el) => DomUtils.textContent(el)), ['Massage note 3', 'Massage note 6', 'Massage note 9', 'Massage note 12'])
      // The comments section follows, from the discussion module.
      assert.ok(res.body.indexOf('id="comments"') > res.body.indexOf('Earlier in Microneedling'))
      assert.match(res.body, /<meta property="og:type" content="article"\/>/)
      assert.match(res.body, /<meta property="article:published_time" content="\d{4}-/)
    })

    test('a comment count shows as "N Comments" once discussion has approved comments', async () => {
      const { id } = await f.post({ title: 'Counted', slug: 'counted', daysAgo: 30, categories: [] })
      const now = new Date().toISOString()
      // Discussion keeps the count on its thread row; this stands in for five approved comments.
      await t.deps.db.insertInto('discussion_threads').values({ short_id: 'cnt12345', kind: 'comments', article_id: id, title: 'Counted', post_count: 5, top_level_count: 5, last_posted_at: now, created_at: now }).execute()
      const res = await t.agent().get('/counted')
      assert.match(res.body, /<a href="#comments" class="article__comment-count">5 Comments<\/a>/)
    })

    test('drafts and future scheduled posts are 404 for readers and a marked preview for staff', async () => {
      await f.post({ title: 'Secret draft', slug: 'secret-draft', status: 'draft' })
      await f.post({ title: 'Coming soon', slug: 'coming-soon', daysAgo: -2 })
      for (const slug of ['secret-draft', 'coming-soon']) {
        const reader = await t.agent().get(`/${slug}`)
        assert.equal(reader.statusCode, 404, slug)
        assert.doesNotMatch(reader.body, /Secret draft|Coming soon/)
        const staff = await (await t.signedIn('moderator')).get(`/${slug}`)
        assert.equal(staff.statusCode, 200, slug)
        assert.match(staff.body, /Draft preview\./)
        assert.match(staff.body, /<meta name="robots" content="noindex"\/>/)
      }
      const home = await t.agent().get('/')
      assert.doesNotMatch(home.body, /Secret draft|Coming soon/)
      // When its time comes, the scheduled post is simply there.
      t.clock.advance(2 * DAY + 60_000)
      const due = await t.agent().get('/coming-soon')
      assert.equal(due.statusCode, 200)
      assert.doesNotMatch(due.body, /Draft preview/)
      assert.match((await t.agent().get('/')).body, /Coming soon/)
      t.clock.advance(-(2 * DAY + 60_000))
    })

    test('category, tag and author archives list their posts and page', async () => {
      const a = t.agent()
      const cat = await a.get('/category/microneedling')
      assert.equal(cat.statusCode, 200)
      assert.match(text(cat.body), /Topic Microneedling/)
      assert.match(cat.body, /href="\/category\/microneedling\/feed.xml"/)
      const massage = await a.get('/category/scalp-massage')
      assert.match(text(massage.body), /Manual and device massage\./)
      assert.match(massage.body, /href="\/category\/scalp-massage\/page\/2"/)
      assert.equal((await a.get('/category/scalp-massage/page/3')).statusCode, 200)
      assert.equal((await a.get('/category/nope')).statusCode, 404)
      const tag = await a.get('/tag/safety')
      assert.equal(tag.statusCode, 200)
      assert.match(tag.body, /Massage note 1</)
      assert.doesNotMatch(tag.body, /Massage note 2</)
      const author = await a.get('/author/harriet-fixture')
      assert.equal(author.statusCode, 200)
      assert.match(text(author.body), /Author Harriet Fixture Writes fixtures\./)
      assert.equal((await a.get('/author/nobody-here')).statusCode, 404)
    })

    test('a static page has no date, no comments and no earlier posts', async () => {
      await f.post({ title: 'About us', slug: 'about-us', kind: 'page', daysAgo: 100 })
      const res = await t.agent().get('/about-us')
      assert.equal(res.statusCode, 200)
      assert.doesNotMatch(res.body, /Posted on|id="comments"|Earlier in/)
      assert.doesNotMatch((await t.agent().get('/')).body, /About us/)
    })

    test('an unknown address gets a helpful 404 with the latest posts and the topics', async () => {
      const res = await t.agent().get('/no-such-article')
      assert.equal(res.statusCode, 404)
      assert.match(res.body, /We could not find that page/)
      assert.match(res.body, /Latest articles/)
      assert.match(res.body, /href="\/category\/scalp-massage"/)
      assert.match(res.body, /href="\/">Go to the home page/)
    })
  })
}
