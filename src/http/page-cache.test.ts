import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import zlib from 'node:zlib'
import type { LightMyRequestResponse } from 'fastify'
import { testApp, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { contentFixtures } from '../content/fixtures.js'
import { forumTestApp, type ForumTestApp } from '../forum/fixtures.js'
import { negotiateEncoding } from './page-cache.js'

describe('Accept-Encoding negotiation', () => {
  const all = ['br', 'gzip', 'identity'] as const
  test('q-values, wildcards and what is on offer decide the coding', () => {
    const cases: [string | undefined, readonly ('br' | 'gzip' | 'identity')[], string][] = [
      [undefined, all, 'identity'],
      ['gzip, deflate, br', all, 'br'],
      ['gzip, deflate, br', ['gzip', 'identity'], 'gzip'],
      ['gzip;q=1, br;q=0.5', all, 'gzip'],
      ['br;q=0, gzip', all, 'gzip'],
      ['br', ['gzip', 'identity'], 'identity'],
      ['*', all, 'br'],
      ['*;q=0.5, gzip;q=0', all, 'br'],
      ['x-gzip', all, 'gzip'],
      ['deflate', all, 'identity'],
      ['GZIP;Q=0.8', all, 'gzip'],
    ]
    for (const [header, offered, expected] of cases) assert.equal(negotiateEncoding(header, offered), expected, `${header} of ${offered.join(',')}`)
  })
})

/** The page with each reader's own values (CSRF token, form stamp) blanked, to compare two answers. */
const withoutOwnValues = (html: string) => html.replace(/name="(_csrf|stamp)" value="[^"]*"/g, 'name="$1" value=""')
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replace(/&amp;/g, '&')
const header = (res: LightMyRequestResponse, name: string) => String(res.headers[name] ?? '')

for (const dialect of testDialects()) {
  describe(`HTTP caching of shared pages (${dialect})`, () => {
    let t: TestApp
    let slug: string
    before(async () => {
      t = await testApp(dialect)
      const content = contentFixtures(t)
      slug = (await content.post({ title: 'Ketoconazole shampoo, twice a week' })).slug
    })
    after(() => t.close())

    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers })

    test('a page the same for everyone is public, with an ETag and Last-Modified; a matching If-None-Match gets a 304 without a body', async () => {
      const first = await get('/')
      assert.equal(first.statusCode, 200)
      assert.equal(header(first, 'cache-control'), 'public, max-age=0, must-revalidate')
      assert.equal(first.headers['set-cookie'], undefined)
      assert.doesNotMatch(first.body, /name="_csrf"/, 'a public page holds no token')
      const etag = header(first, 'etag')
      assert.match(etag, /^"[A-Za-z0-9_-]+"$/, 'a strong ETag')
      assert.ok(!Number.isNaN(Date.parse(header(first, 'last-modified'))))
      assert.match(header(first, 'vary'), /accept-encoding/i)
      assert.match(header(first, 'vary'), /cookie/i)

      const again = await get('/', { 'if-none-match': etag })
      assert.equal(again.statusCode, 304)
      assert.equal(again.body, '')
      assert.equal(header(again, 'etag'), etag)
      assert.equal(header(again, 'cache-control'), 'public, max-age=0, must-revalidate')
      assert.equal((await get('/', { 'if-none-match': `"other", ${etag}` })).statusCode, 304, 'any tag of a list')
      assert.equal((await get('/', { 'if-none-match': '"other"' })).statusCode, 200)
    })

    test('If-Modified-Since: 304 from the render on, 200 for a copy older than it; If-None-Match wins over it', async () => {
      const page = await get('/')
      const rendered = Date.parse(header(page, 'last-modified'))
      const later = new Date(rendered + 1000).toUTCString()
      const earlier = new Date(rendered - 1000).toUTCString()
      assert.equal((await get('/', { 'if-modified-since': later })).statusCode, 304)
      assert.equal((await get('/', { 'if-modified-since': earlier })).statusCode, 200)
      assert.equal((await get('/', { 'if-modified-since': 'not a date' })).statusCode, 200)
      assert.equal((await get('/', { 'if-modified-since': later, 'if-none-match': '"other"' })).statusCode, 200)
    })

    test('the ETag changes when what the page shows changes', async () => {
      const before = header(await get('/'), 'etag')
      const editor = await t.signedIn('editor')
      await editor.get('/admin/articles/new')
      const created = await editor.post('/admin/articles', { kind: 'post', title: 'Low-level laser caps, one year on', slug: '', excerpt: '', body: 'What the trials measured.', comments_enabled: 'on', publish_at: '', new_tags: '', action: 'publish' })
      assert.ok(created.statusCode < 400, `publishing answered ${created.statusCode}: ${created.body.slice(0, 300)}`)
      const after = await get('/')
      assert.match(after.body, /Low-level laser caps, one year on/)
      assert.notEqual(header(after, 'etag'), before)
      assert.equal((await get('/', { 'if-none-match': before })).statusCode, 200)
    })

    test('HEAD answers like GET, without the body', async () => {
      const full = await get('/')
      const head = await t.app.inject({ method: 'HEAD', url: '/' })
      assert.equal(head.statusCode, 200)
      assert.equal(head.body, '')
      assert.equal(header(head, 'etag'), header(full, 'etag'))
      assert.equal(header(head, 'content-length'), String(Buffer.byteLength(full.body)))
      const gz = await t.app.inject({ method: 'HEAD', url: '/', headers: { 'accept-encoding': 'gzip' } })
      assert.equal(header(gz, 'content-encoding'), 'gzip')
      assert.equal(header(gz, 'content-length'), String((await get('/', { 'accept-encoding': 'gzip' })).rawPayload.length))
      assert.equal((await t.app.inject({ method: 'HEAD', url: '/', headers: { 'if-none-match': header(full, 'etag') } })).statusCode, 304)
    })

    test('gzip and brotli bodies of a public page decompress to the identity body, with their own Content-Length', async () => {
      const plain = await get('/')
      const br = await get('/', { 'accept-encoding': 'gzip, deflate, br' })
      assert.equal(header(br, 'content-encoding'), 'br')
      assert.equal(header(br, 'content-length'), String(br.rawPayload.length))
      assert.equal(zlib.brotliDecompressSync(br.rawPayload).toString(), plain.body)
      const gz = await get('/', { 'accept-encoding': 'br;q=0.1, gzip' })
      assert.equal(header(gz, 'content-encoding'), 'gzip')
      assert.equal(header(gz, 'content-length'), String(gz.rawPayload.length))
      assert.equal(zlib.gunzipSync(gz.rawPayload).toString(), plain.body)
      assert.equal(header(gz, 'etag'), header(plain, 'etag'), 'one representation, one strong ETag: the coding is negotiated, Vary says so')
      assert.ok(gz.rawPayload.length < plain.rawPayload.length / 2)
    })

    test('an article with a comment form is the reader\'s own: private, gzip spliced around their token, never brotli', async () => {
      const reader = t.agent()
      const plain = await reader.get(`/${slug}`)
      assert.equal(plain.statusCode, 200)
      assert.equal(header(plain, 'cache-control'), 'private, no-cache')
      assert.match(header(plain, 'vary'), /cookie/i)
      assert.ok(hidden(plain.body, '_csrf'), 'the page holds a CSRF token')

      const br = await reader.get(`/${slug}`, { 'accept-encoding': 'br' })
      assert.equal(br.headers['content-encoding'], undefined, 'no brotli for a page with per-reader splices')
      assert.equal(withoutOwnValues(br.body), withoutOwnValues(plain.body))

      const gz = await reader.get(`/${slug}`, { 'accept-encoding': 'gzip, br' })
      assert.equal(header(gz, 'content-encoding'), 'gzip')
      assert.equal(header(gz, 'cache-control'), 'private, no-cache')
      assert.equal(header(gz, 'content-length'), String(gz.rawPayload.length))
      const html = zlib.gunzipSync(gz.rawPayload).toString()
      assert.doesNotMatch(html, /crown-shared-/)
      assert.equal(withoutOwnValues(html), withoutOwnValues(plain.body))
      const token = hidden(html, '_csrf')!
      assert.notEqual(token, hidden(plain.body, '_csrf'), 'each answer carries a token made for it')

      // The token and stamp spliced into the gzip body are good: the comment is taken.
      t.clock.advance(5_000)
      const posted = await reader.post('/comments', {
        _csrf: token, subject: slug, parent: '', stamp: hidden(html, 'stamp')!, address: '',
        name: 'Gz Reader', email: 'gz@example.com', url: '', comment: 'Does it matter which shampoo brand?',
      })
      assert.equal(posted.statusCode, 303, posted.body.slice(0, 300))
    })

    test('the ETag of a page with a token holds the token: a stale copy is never confirmed', async () => {
      const reader = t.agent()
      const first = await reader.get(`/${slug}`)
      const etag = header(first, 'etag')
      assert.match(etag, /^"[A-Za-z0-9_-]+-[A-Za-z0-9_-]+"$/)
      const second = await reader.get(`/${slug}`, { 'if-none-match': etag })
      assert.equal(second.statusCode, 200)
      assert.notEqual(header(second, 'etag'), etag)
      assert.equal((await reader.get(`/${slug}`, { 'if-modified-since': new Date(Date.now() + 60_000).toUTCString() })).statusCode, 200)
    })

    test('signed-in readers, a reader with a flash and the author of a held comment are never public', async () => {
      const staff = await t.signedIn('editor')
      for (const url of ['/', `/${slug}`]) {
        const res = await staff.get(url)
        assert.equal(res.statusCode, 200)
        assert.equal(header(res, 'cache-control'), 'private, no-cache', url)
        assert.match(header(res, 'vary'), /cookie/i)
      }

      const author = t.agent()
      author.ip = '198.51.100.77'
      const form = await author.get(`/${slug}`)
      t.clock.advance(5_000)
      const posted = await author.post('/comments', {
        subject: slug, parent: '', stamp: hidden(form.body, 'stamp')!, address: '',
        name: 'Held Reader', email: 'held@example.com', url: '', comment: 'First time here, is this held?',
      })
      assert.equal(posted.statusCode, 303)
      // The redirect's page shows the flash once, then the held comment.
      const flashed = await author.get(String(posted.headers.location))
      assert.match(flashed.body, /First time here, is this held\?/)
      assert.equal(header(flashed, 'cache-control'), 'private, no-cache')
      for (const url of ['/', `/${slug}`]) {
        const res = await author.get(url)
        assert.equal(header(res, 'cache-control'), 'private, no-cache', url)
        assert.equal(res.headers.etag, undefined, 'a page of their own is not a shared one')
      }
      assert.doesNotMatch((await get(`/${slug}`)).body, /First time here, is this held\?/)
    })
  })

  describe(`HTTP caching of forum pages (${dialect})`, () => {
    let t: ForumTestApp
    before(async () => { t = await forumTestApp(dialect) })
    after(() => t.close())

    test('the forum index and a category list are public; a topic that sets the read-marks cookie is private', async () => {
      const cat = await t.category({ policy: 'topics', hold: false })
      const member = await t.signedIn('member')
      const started = await t.startTopic(member, cat.slug, { title: 'Dermarolling every ten days', body: 'Notes from month three.' })
      const path = String(started.headers.location).split('#')[0]

      for (const url of ['/forum', `/forum/c/${cat.slug}`, `/forum/c/${cat.slug}?page=1`]) {
        const res = await t.app.inject({ method: 'GET', url })
        assert.equal(res.statusCode, 200, url)
        assert.equal(header(res, 'cache-control'), 'public, max-age=0, must-revalidate', url)
        assert.equal((await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': header(res, 'etag') } })).statusCode, 304, url)
      }
      assert.equal(header(await t.app.inject({ method: 'GET', url: `/forum/c/${cat.slug}?utm_source=x` }), 'cache-control'), 'private, no-cache', 'an unknown query is the reader\'s own')

      const reader = t.agent()
      const topic = await reader.get(path)
      assert.equal(topic.statusCode, 200)
      assert.match(topic.body, /Dermarolling every ten days/)
      assert.ok(topic.headers['set-cookie'], 'the first view remembers what was read')
      assert.equal(header(topic, 'cache-control'), 'private, no-cache')
      // A guest reply form's stamp is each reader's own, like the token.
      const a = hidden((await t.agent().get(path)).body, 'stamp')
      t.clock.advance(1_000)
      const b = hidden((await t.agent().get(path)).body, 'stamp')
      assert.ok(a && b && a !== b)
    })
  })
}
