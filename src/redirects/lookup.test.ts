import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { testApp, type TestApp } from '../test/harness.js'
import { contentFixtures } from '../content/fixtures.js'
import { iso } from '../clock.js'
import { putRedirects, redirectKey } from './index.js'

// Old links answer 301 to their Crown address; everything else is untouched.

// What the importer would put: one row per old permalink form of issue 9.
const IMPORTED = [
  { from: 'https://old.example/?p=123', to: '/minoxidil-basics' },
  { from: '/?page_id=7', to: '/about' },
  { from: '/2019/05/slug/', to: '/slug-on-crown' },
  { from: '/old-slug/', to: '/new-slug' },
  { from: '/category/x/', to: '/category/minoxidil' },
  { from: '/tag/y/', to: '/search?q=y' },
  { from: '/author/z/', to: '/about' },
  { from: '/feed/', to: '/feed.xml' },
  { from: '/comments/feed/', to: '/feed.xml' },
  { from: '/?attachment_id=5', to: '/media/photo.webp' },
  { from: '/?feed=rss2', to: '/feed.xml' },
  { from: '/2018/01/offsite/', to: 'https://example.org/elsewhere?x=1' },
  // WordPress keeps slugs of up to 200 characters, percent-encoded.
  { from: `/${'%D0%BF'.repeat(33)}/`, to: '/long-slug' },
  { from: `/${'a-long-old-slug-'.repeat(12)}end/`, to: '/long-slug' },
]

// Each request an old link could make, and where it must lead.
const REQUESTS: [string, string][] = [
  ['/?p=123', '/minoxidil-basics'],
  ['/?page_id=7', '/about'],
  ['/2019/05/slug/', '/slug-on-crown'],
  ['/2019/05/slug', '/slug-on-crown'],
  ['/old-slug/', '/new-slug'],
  ['/old-slug', '/new-slug'],
  ['/category/x/', '/category/minoxidil'],
  ['/category/x', '/category/minoxidil'],
  ['/tag/y/', '/search?q=y'],
  ['/author/z/', '/about'],
  ['/feed/', '/feed.xml'],
  ['/comments/feed/', '/feed.xml'],
  ['/?attachment_id=5', '/media/photo.webp'],
  ['/?feed=rss2', '/feed.xml'],
  ['/2019/05/slug/comment-page-2/', '/slug-on-crown'],
  ['/2019/05/slug/comment-page-2/#comment-9', '/slug-on-crown'],
  ['/?p=123&cpage=2', '/minoxidil-basics'],
  ['/?cpage=2&p=123', '/minoxidil-basics'],
  ['/index.php/2019/05/slug/', '/slug-on-crown'],
  ['/index.php?p=123', '/minoxidil-basics'],
  ['/2019/05/slug/?utm_source=newsletter&utm_medium=mail&fbclid=x', '/slug-on-crown'],
  ['/?p=123&utm_campaign=spring', '/minoxidil-basics'],
  ['/old-slug/?replytocom=4', '/new-slug'],
  ['/2019/05/Slug/', '/slug-on-crown'],
  ['/2018/01/offsite/', 'https://example.org/elsewhere?x=1'],
  [`/${'%D0%BF'.repeat(33)}/`, '/long-slug'],
  [`/${'%D0%9F'.repeat(33)}`, '/long-slug'],
  [`/${'a-long-old-slug-'.repeat(12)}end/`, '/long-slug'],
  [`/${'a-long-old-slug-'.repeat(12)}end`, '/long-slug'],
]

for (const dialect of testDialects()) {
  describe(`old links answer 301 (${dialect})`, () => {
    let t: TestApp
    before(async () => {
      t = await testApp(dialect)
      const f = contentFixtures(t)
      await f.post({ title: 'Real article', slug: 'real-article' })
      await f.post({ title: 'Minoxidil basics', slug: 'minoxidil-basics' })
      const result = await putRedirects(t.deps.db, IMPORTED, 'import', iso(t.clock.now()))
      assert.deepEqual(result, { added: IMPORTED.length, updated: 0, kept: 0, refused: [] })
    })
    after(() => t.close())

    const row = (from: string) => t.deps.db.selectFrom('redirects').selectAll().where('from_key', '=', redirectKey(from)!).executeTakeFirstOrThrow()

    test('every old address form leads to its Crown address, cacheable for an hour', async () => {
      for (const [url, target] of REQUESTS) {
        const res = await t.agent().get(url)
        assert.equal(res.statusCode, 301, `${url}: ${res.statusCode}`)
        assert.equal(res.headers.location, target, url)
        assert.equal(res.headers['cache-control'], 'public, max-age=3600', url)
      }
    })

    test('a 404 a route renders itself (content’s /:slug) becomes the 301 too, uncompressed and empty', async () => {
      const res = await t.agent().get('/old-slug', { 'accept-encoding': 'gzip, br' })
      assert.equal(res.statusCode, 301)
      assert.equal(res.headers.location, '/new-slug')
      assert.equal(res.headers['content-encoding'], undefined)
      assert.equal(res.headers['cache-control'], 'public, max-age=3600')
      assert.equal(res.body, '')
      // A signed-in reader's page would have set a CSRF cookie: a shareable 301 carries none.
      const member = await t.signedIn('member')
      const forMember = await member.get('/old-slug')
      assert.equal(forMember.statusCode, 301)
      assert.equal(forMember.headers['set-cookie'], undefined)
      const missing = await t.agent().get('/never-here', { 'accept-encoding': 'gzip' })
      assert.equal(missing.statusCode, 404)
      assert.equal(missing.headers['content-encoding'], 'gzip')
    })

    test('HEAD is answered the same way; other methods are not redirected', async () => {
      const head = await t.app.inject({ method: 'HEAD', url: '/2019/05/slug/' })
      assert.equal(head.statusCode, 301)
      assert.equal(head.headers.location, '/slug-on-crown')
      const slugHead = await t.app.inject({ method: 'HEAD', url: '/old-slug' })
      assert.equal(slugHead.statusCode, 301)
      assert.equal(slugHead.headers.location, '/new-slug')
      const homeHead = await t.app.inject({ method: 'HEAD', url: '/?page_id=7' })
      assert.equal(homeHead.statusCode, 301)
      assert.equal(homeHead.headers.location, '/about')
      const del = await t.app.inject({ method: 'DELETE', url: '/2019/05/slug/' })
      assert.equal(del.statusCode, 404)
      assert.equal(del.headers.location, undefined)
    })

    test('each redirect counts its hits and when it was last followed', async () => {
      const before = await row('/author/z/')
      t.clock.advance(60_000)
      await t.agent().get('/author/z/')
      await t.agent().get('/author/z/?utm_source=x')
      const after = await row('/author/z/')
      assert.equal(after.hits, before.hits + 2)
      assert.equal(after.last_hit_at, iso(t.clock.now()))
      const untouched = await row('/comments/feed/')
      assert.equal(untouched.hits, 1) // the one request of the first test
    })

    test('an existing page is never redirected, even when an old address has the same key', async () => {
      await putRedirects(t.deps.db, [{ from: '/real-article/', to: '/elsewhere' }], 'import')
      const page = await t.agent().get('/real-article')
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /Real article/)
      // The old form with its slash is not a page, so it is redirected.
      assert.equal((await t.agent().get('/real-article/')).headers.location, '/elsewhere')
      const home = await t.agent().get('/')
      assert.equal(home.statusCode, 200)
      for (const url of ['/?utm_source=x', '/?replytocom=3', '/?p=999', '/?p=%E0%A4%A', '/?cpage=2']) {
        const res = await t.agent().get(url)
        assert.equal(res.statusCode, 200, url)
        assert.equal(res.headers.location, undefined, url)
      }
    })

    test('a missing page still gets the helpful 404; odd addresses get 404 or 400, never 500', async () => {
      for (const url of ['/2020/01/never-was/', '/never-was', '/category/none/', `/x/${'x'.repeat(3000)}/`, `/nope?p=${'9'.repeat(3000)}`]) {
        const res = await t.agent().get(url)
        assert.equal(res.statusCode, 404, url.slice(0, 60))
        assert.match(res.body, /We could not find that page/)
      }
      // Longer than a route parameter may be: the router's own refusal, still a 4xx.
      const huge = await t.agent().get(`/${'x'.repeat(5000)}/`)
      assert.ok(huge.statusCode >= 400 && huge.statusCode < 500, String(huge.statusCode))
      for (const url of ['/%E0%A4%A/', '/%', '/2019/05/%zz/']) {
        const res = await t.agent().get(url)
        assert.equal(res.statusCode, 400, url)
      }
    })

    test('a row leading to its own address (the target gone too) is a 404, not a loop', async () => {
      await putRedirects(t.deps.db, [{ from: '/gone/', to: '/gone' }], 'import')
      assert.equal((await t.agent().get('/gone/')).headers.location, '/gone')
      const res = await t.agent().get('/gone')
      assert.equal(res.statusCode, 404)
      assert.match(res.body, /We could not find that page/)
    })

    test('WordPress search on the home page goes to /search', async () => {
      const res = await t.agent().get('/?s=hair+loss%20%26+diet')
      assert.equal(res.statusCode, 301)
      assert.equal(res.headers.location, '/search?q=hair%20loss%20%26%20diet')
      assert.equal((await t.agent().get('/?s=')).headers.location, '/search')
      // A post named in the same query wins, as on WordPress.
      assert.equal((await t.agent().get('/?s=x&p=123')).headers.location, '/minoxidil-basics')
      assert.equal(await t.deps.db.selectFrom('redirects').select('id').where('from_key', 'like', '%s=%').executeTakeFirst(), undefined)
    })
  })

  describe(`putRedirects, the importer’s upsert (${dialect})`, () => {
    let t: TestApp
    before(async () => { t = await testApp(dialect) })
    after(() => t.close())

    const rowOf = (key: string) => t.deps.db.selectFrom('redirects').selectAll().where('from_key', '=', key).executeTakeFirst()

    test('adds, updates import rows, keeps staff rows and identical ones, and says what it refused', async () => {
      const at = iso(t.clock.now())
      await t.deps.db.insertInto('redirects').values({ from_key: '/staff-made', from_shown: '/staff-made/', to_path: '/chosen-by-staff', source: 'staff', created_at: at, updated_at: at }).execute()
      const first = await putRedirects(t.deps.db, [
        { from: '/a/', to: '/one' },
        { from: '/b/', to: '/two' },
        { from: '/staff-made/', to: '/imported-target' },
      ], 'import', at)
      assert.deepEqual(first, { added: 2, updated: 0, kept: 1, refused: [] })
      assert.equal((await rowOf('/staff-made'))!.to_path, '/chosen-by-staff')
      assert.equal((await rowOf('/staff-made'))!.source, 'staff')

      t.clock.advance(1000)
      const second = await putRedirects(t.deps.db, [
        { from: '/a', to: '/one' }, // the same key and target: kept as first imported
        { from: '/b/', to: '/two-moved' },
        { from: 'https://old.example/staff-made', to: '/again' },
        { from: '/c/', to: '/first' },
        { from: '/C', to: '/second' }, // the same key later in the batch wins
        { from: 'not a path', to: '/x' },
        { from: '/d/', to: 'javascript:alert(1)' },
        { from: '/', to: '/x' },
      ], 'import', iso(t.clock.now()))
      assert.equal(second.added, 1)
      assert.equal(second.updated, 1)
      assert.equal(second.kept, 2)
      assert.equal((await rowOf('/a'))!.from_shown, '/a/')
      assert.deepEqual(second.refused.map((r) => r.from), ['not a path', '/d/', '/'])
      assert.ok(second.refused.every((r) => r.reason.length > 10))
      assert.equal((await rowOf('/b'))!.to_path, '/two-moved')
      assert.equal((await rowOf('/b'))!.updated_at, iso(t.clock.now()))
      assert.equal((await rowOf('/c'))!.to_path, '/second')
      assert.equal((await rowOf('/staff-made'))!.to_path, '/chosen-by-staff')
      assert.equal(await rowOf('/d'), undefined)

      const third = await putRedirects(t.deps.db, [{ from: '/a', to: '/one' }, { from: '/b/', to: '/two-moved' }], 'import')
      assert.deepEqual(third, { added: 0, updated: 0, kept: 2, refused: [] })
    })

    test('works inside the caller’s transaction: a rolled-back import leaves nothing', async () => {
      await assert.rejects(t.deps.db.transaction().execute(async (trx) => {
        const r = await putRedirects(trx, [{ from: '/in-a-transaction/', to: '/somewhere' }], 'import')
        assert.equal(r.added, 1)
        assert.ok(await trx.selectFrom('redirects').select('id').where('from_key', '=', '/in-a-transaction').executeTakeFirst())
        throw new Error('the import failed later')
      }), /the import failed later/)
      assert.equal(await rowOf('/in-a-transaction'), undefined)
    })

    test('a large import goes in batches', async () => {
      const rows = Array.from({ length: 1203 }, (_, i) => ({ from: `/?p=${i + 10_000}`, to: `/post-${i}` }))
      assert.deepEqual(await putRedirects(t.deps.db, rows, 'import'), { added: 1203, updated: 0, kept: 0, refused: [] })
      assert.equal((await rowOf('/?p=11202'))!.to_path, '/post-1202')
      const res = await t.agent().get('/?p=10500&cpage=3')
      assert.equal(res.headers.location, '/post-500')
    })
  })
}
