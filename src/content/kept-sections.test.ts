import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { setSiteTimeZone, siteTimeZone } from '../views/format.js'
import { contentFixtures } from './fixtures.js'
import { sectionsMade } from './kept-sections.js'

const DAY = 86_400_000
/** The article's own section of a page: from <article> to the comments. */
const sectionOf = (page: string) => /<article class="article[\s\S]*?(?=<section class="comments|<\/main>)/.exec(page)?.[0] ?? ''

for (const dialect of testDialects()) {
  describe(`article sections kept between views (${dialect})`, () => {
    let t: TestApp
    let f: ReturnType<typeof contentFixtures>
    let needling: number
    before(async () => {
      // The shared page cache off, as the benchmark's uncached article: every view renders the page.
      t = await testApp(dialect, { env: { PAGE_CACHE: 'off' } })
      f = contentFixtures(t)
      needling = await f.category('Microneedling')
      await f.study('pmid:23862125', { title: 'A randomized evaluator blinded study of microneedling', year: 2013 })
    })
    after(() => t.close())

    const made = () => sectionsMade(t.deps.db)

    test('the first view makes the section and the next views use it, the same to the byte, with live comment counts', async () => {
      const { id, slug } = await f.post({ title: 'Rolling at 0.5 mm', daysAgo: 3, categories: [needling], body: 'Counts rose [@pmid:23862125].' })
      await f.post({ title: 'An older needling post', daysAgo: 9, categories: [needling] })
      const before = made()
      const first = await t.agent().get(`/${slug}`)
      assert.equal(first.statusCode, 200)
      assert.equal(made(), before + 1)
      assert.match(sectionOf(first.body), /<h1 class="article__title">Rolling at 0\.5 mm<\/h1>/)
      assert.match(sectionOf(first.body), /A randomized evaluator blinded study of microneedling/)
      assert.match(sectionOf(first.body), /Earlier in Microneedling[\s\S]*An older needling post/)
      assert.match(first.body, /<script type="application\/ld\+json">\{"@context":"https:\/\/schema\.org"/)
      assert.match(sectionOf(first.body), />No comments yet<\/a>/)
      assert.doesNotMatch(first.body, /crown-comment-count-/, 'no marker reaches a reader')

      const second = await t.agent().get(`/${slug}`)
      assert.equal(made(), before + 1, 'the second view used the kept section')
      assert.equal(sectionOf(second.body), sectionOf(first.body))
      assert.equal(second.body.replace(/value="[^"]*"/g, ''), first.body.replace(/value="[^"]*"/g, ''), 'the whole page is the same, but for the reader\'s own form values')

      // Comments change no content table: the count is filled per view, the section kept.
      const now = new Date(t.clock.now()).toISOString()
      await t.deps.db.insertInto('discussion_threads').values({ short_id: `kept${id}`, kind: 'comments', article_id: id, title: 't', created_at: now, post_count: 12 }).execute()
      const counted = await t.agent().get(`/${slug}`)
      assert.match(sectionOf(counted.body), /<a href="#comments" class="article__comment-count">12 Comments<\/a>/)
      assert.equal(made(), before + 1)
    })

    test('a change to anything the section shows, made by hand in the database, is shown at the next view', async () => {
      const { slug } = await f.post({ title: 'Needle length and depth', daysAgo: 2, categories: [needling] })
      await t.agent().get(`/${slug}`)
      const changes: [string, () => Promise<unknown>, RegExp][] = [
        ['the article', () => t.deps.db.updateTable('articles').set({ title: 'Needle length, not depth' }).where('slug', '=', slug).execute(), /<h1 class="article__title">Needle length, not depth<\/h1>/],
        ['a category', () => t.deps.db.updateTable('categories').set({ name: 'Microneedling at home' }).where('id', '=', needling).execute(), /class="eyebrow article__cats"><a href="\/category\/microneedling">Microneedling at home<\/a>/],
        ['the author', () => t.deps.db.updateTable('users').set({ name: 'Harriet Renamed' }).where('slug', 'like', 'harriet-fixture%').execute(), /rel="author">Harriet Renamed<\/a>/],
        ['another post, shown under "earlier in"', () => t.deps.db.updateTable('articles').set({ title: 'An older needling post, revised' }).where('title', '=', 'An older needling post').execute(), /An older needling post, revised/],
      ]
      for (const [what, change, shown] of changes) {
        const before = made()
        await change()
        const page = await t.agent().get(`/${slug}`)
        assert.match(sectionOf(page.body), shown, what)
        assert.equal(made(), before + 1, `${what}: made once`)
        await t.agent().get(`/${slug}`)
        assert.equal(made(), before + 1, `${what}: then kept`)
      }
    })

    test('every table a section shows moves the content version, on every kind of change; a sign-in does not', async () => {
      const tag = await f.tag('Needle length')
      const { id } = await f.post({ title: 'Versions of everything', daysAgo: 1, categories: [needling], tags: [tag], body: 'See [@pmid:23862125].' })
      const version = async () => Number((await t.deps.db.selectFrom('content_state').select('version').where('id', '=', 1).executeTakeFirstOrThrow()).version)
      const db = t.deps.db
      const now = new Date(t.clock.now()).toISOString()
      const changes: [string, () => Promise<unknown>][] = [
        ['tags', () => db.updateTable('tags').set({ name: 'Needle length (mm)' }).where('id', '=', tag).execute()],
        ['article_tags', () => db.deleteFrom('article_tags').where('article_id', '=', id).execute()],
        ['studies', () => db.updateTable('studies').set({ title: 'A randomized, evaluator-blinded study' }).where('key', '=', 'pmid:23862125').execute()],
        ['article_citations', () => db.updateTable('article_citations').set({ position: 2 }).where('article_id', '=', id).execute()],
        ['article_categories', () => db.insertInto('article_categories').values({ article_id: id, category_id: needling }).execute().catch(() => db.deleteFrom('article_categories').where('article_id', '=', id).execute())],
        ['media', () => db.insertInto('media').values({ key: `m${id}`, width: 10, height: 10, variants: '[]', created_at: now }).execute()],
        ['categories', () => db.insertInto('categories').values({ slug: `c${id}`, name: 'Another', created_at: now, parent_id: null }).execute()],
        ['articles', () => db.deleteFrom('articles').where('id', '=', id).execute()],
      ]
      for (const [table, change] of changes) {
        const before = await version()
        await change()
        assert.ok(await version() > before, table)
      }
      const before = await version()
      const member = await t.signedIn('member')
      await member.get('/')
      await db.updateTable('users').set({ updated_at: now }).where('id', '=', member.userId).execute()
      assert.equal(await version(), before, 'a member signing in, or a user row changed beyond name, slug and bio, keeps the version')
    })

    test('a scheduled post is not shown before it is due, and is once it is, beside kept sections', async () => {
      const { slug } = await f.post({ title: 'Derma stamps versus rollers', daysAgo: 2, categories: [needling] })
      const { slug: scheduled } = await f.post({ title: 'Cleaning a roller', daysAgo: -0.5, categories: [needling] })
      await t.agent().get(`/${slug}`)
      assert.equal((await t.agent().get(`/${scheduled}`)).statusCode, 404, 'not due yet')
      t.clock.advance(DAY)
      const before = made()
      const due = await t.agent().get(`/${scheduled}`)
      assert.equal(due.statusCode, 200)
      assert.match(sectionOf(due.body), /Earlier in Microneedling[\s\S]*Derma stamps versus rollers/)
      // The earlier post's kept section stays as it was: a post falling due is dated after it.
      const earlier = await t.agent().get(`/${slug}`)
      assert.doesNotMatch(earlier.body, /Cleaning a roller/)
      assert.equal(made(), before + 1)
    })

    test('a change of the site\'s time zone makes the section again (its dates are shown in it)', async () => {
      const { slug } = await f.post({ title: 'Dates in the site zone', daysAgo: 4 })
      await t.agent().get(`/${slug}`)
      const zone = siteTimeZone()
      const before = made()
      try {
        setSiteTimeZone(zone === 'Pacific/Auckland' ? 'America/Los_Angeles' : 'Pacific/Auckland')
        await t.agent().get(`/${slug}`)
        assert.equal(made(), before + 1)
      } finally {
        setSiteTimeZone(zone)
      }
    })

    test('staff previewing a draft get it made afresh, never kept, and readers still get 404', async () => {
      const { slug } = await f.post({ title: 'A draft about shedding', status: 'draft' })
      const editor = await t.signedIn('editor')
      const before = made()
      const preview = await editor.get(`/${slug}`)
      assert.equal(preview.statusCode, 200)
      assert.match(preview.body, /Draft preview\./)
      assert.match(preview.body, /<meta name="robots" content="noindex"\/>/)
      assert.match(sectionOf(preview.body), /A draft about shedding/)
      assert.equal(made(), before, 'a preview is not kept')
      assert.equal((await t.agent().get(`/${slug}`)).statusCode, 404)
    })
  })
}
