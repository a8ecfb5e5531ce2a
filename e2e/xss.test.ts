import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import sharp from 'sharp'
import type { Browser, BrowserContext } from 'playwright-core'
import { LIMITS } from '../src/discussion/limits.js'
import type { RunningSite } from './support.js'
import { SiteClient, hiddenValue, type SiteResponse } from './site-client.js'
import { XSS_PAYLOADS } from './xss-payloads.js'
import { InjectionWatch, errorsIn, type Replays, flat, inLanes, openXssSite, pagesOf, text, type Visit } from './xss-scan.js'

// Every payload goes in through every field a person types into: the
// editor (title, excerpt, body, image alt and caption, reviewer, tags) as an
// admin, and the comment form (name, website, comment; email where it is
// accepted) as guests. The pages that show them back, public and staff, and
// the forms that re-render them on an error, are then opened in Chromium.
// Two checks on each: no alert/confirm/prompt ever opens, and nothing in the
// DOM could run (a foreign script, an on* handler, a javascript: or data: URL,
// frames, plugins, refreshes). The CSP is bypassed in these tabs, so a
// payload that got into the markup would run: the markup alone must be safe.

// The site believes X-Forwarded-For from a trusted proxy only. The test is
// that proxy: each guest comment comes from its own address, so the
// per-address flood limit (one comment per 15 s) does not make this take an hour.
const ENV = { TRUST_PROXY: '127.0.0.1' }

interface Planted {
  i: number
  payload: string
  slug: string
  title: string
  articleId: number
  /** The body kept the payload (the editor refuses some, e.g. an image that is not ours). */
  bodyKept: boolean
  commentId: string
  commentName: string
  /** The payload was accepted as the commenter's website. */
  website: boolean
}

let site: RunningSite
let browser: Browser
let staffHttp: SiteClient
let staffBrowser: BrowserContext
let publicBrowser: BrowserContext
let replays: Replays
const planted: Planted[] = []
/** Pages the site sent back for a refused or previewed form: [where, html]. */
const reflected: [string, string][] = []
const watch = new InjectionWatch()

before(async () => {
  ({ site, staffHttp, browser, staffBrowser, publicBrowser, replays } = await openXssSite(ENV))
})
after(async () => {
  await browser?.close()
  await site?.stop()
})

let address = 0
const nextAddress = () => { address++; return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}` }


test(`${XSS_PAYLOADS.length} payloads go in through every editor and comment field`, async () => {
  assert.ok(XSS_PAYLOADS.length >= 50)
  const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#7a8f6a' } }).png().toBuffer()
  const categoryId = /name="categories" value="(\d+)"/.exec((await staffHttp.get('/admin/articles/new')).html)?.[1]
  assert.ok(categoryId, 'the editor offers a category')

  const articleForm = (fields: Record<string, string>) => {
    const form = new FormData()
    for (const [k, v] of Object.entries(fields)) form.set(k, v)
    form.append('categories', categoryId)
    return form
  }

  // --- The editor, as an admin.
  await inLanes(XSS_PAYLOADS, 4, async (p, i) => {
    const upload = new FormData()
    upload.set('alt', p)
    upload.set('caption', p)
    upload.set('image_file', new Blob([image], { type: 'image/png' }), `scalp-${i}.png`)
    const uploaded = await staffHttp.postMultipart('/admin/media', upload)
    assert.equal(uploaded.status, 200, `image upload #${i}: ${uploaded.html}`)
    const media = JSON.parse(uploaded.html) as { id: number; snippet: string }

    const slug = `xss-${i}`
    const fields = {
      kind: 'post', title: p, slug, excerpt: p, body: `${p}\n\n${media.snippet}\n\nxss-article-${i}`,
      featured_media_id: String(media.id), reviewed_by: p, reviewed_at: '2026-01-15', new_tags: p,
      comments_enabled: 'on', publish_at: '', image_alt: p, image_caption: p, featured_alt: '',
    }
    let saved = await staffHttp.postMultipart('/admin/articles', articleForm({ ...fields, action: 'publish' }))
    let bodyKept = true
    if (saved.status === 422) {
      // A body the editor refuses (an image that is not one of ours…) is shown back: check that page too.
      reflected.push([`editor refused #${i}`, saved.html])
      assert.match(errorsIn(saved.html), /^body: /, `only the body is refused for #${i}: ${errorsIn(saved.html)}`)
      bodyKept = false
      saved = await staffHttp.postMultipart('/admin/articles', articleForm({ ...fields, body: `${media.snippet}\n\nxss-article-${i}`, action: 'publish' }))
    }
    assert.equal(saved.status, 303, `article #${i}: ${errorsIn(saved.html)}`)
    const articleId = Number(/^\/admin\/articles\/(\d+)\/edit$/.exec(saved.location ?? '')?.[1])
    assert.ok(articleId, `saved article #${i} → ${saved.location}`)
    planted[i] = { i, payload: p, slug, title: p.trim(), articleId, bodyKept, commentId: '', commentName: '', website: false }
  })

  // --- The comment form, as guests (each payload's comment on its own article).
  const reader = new SiteClient(site.url)
  const first = await reader.get(`/${planted[0].slug}`)
  assert.equal(first.status, 200)
  const stamp = hiddenValue(first.html, 'stamp')
  assert.ok(stamp)
  await new Promise((r) => setTimeout(r, LIMITS.minFillMs + 300))
  const comment = (slug: string, fields: Record<string, string>): Promise<SiteResponse> =>
    reader.postForm('/comments', { subject: slug, parent: '', stamp, address: '', ...fields }, { 'x-forwarded-for': nextAddress() })

  await inLanes(planted, 6, async (a) => {
    const name = a.payload.trim().length <= LIMITS.maxNameChars ? a.payload : `Reader ${a.i}`
    // Quotes are legal in an address's local part: the one payload an email field takes.
    const email = `xss.${a.i}'-'q@example.com`
    const body = `${a.payload}\n\nxss-comment-${a.i}`
    let res = await comment(a.slug, { name, email, url: a.payload, comment: body })
    a.website = res.status === 303
    if (res.status === 422) {
      assert.match(errorsIn(res.html), /^url: /, `only the website is refused for #${a.i}: ${errorsIn(res.html)}`)
      res = await comment(a.slug, { name, email, url: '', comment: body })
    }
    assert.equal(res.status, 303, `comment #${a.i}: ${errorsIn(res.html) || res.html.slice(0, 300)}`)
    a.commentId = /#comment-([a-z0-9]+)$/.exec(res.location ?? '')?.[1] ?? ''
    assert.ok(a.commentId, `comment #${a.i} → ${res.location}`)
    a.commentName = name.trim()
  })

  // Forms shown back: the editor's no-JavaScript preview, and the comment form
  // refused with every field (email included) holding payloads. Ten payloads
  // to a page, so 85 payloads make 9 pages rather than 85 of each.
  for (let from = 0; from < XSS_PAYLOADS.length; from += 10) {
    const chunk = XSS_PAYLOADS.slice(from, from + 10)
    const joined = chunk.join('\n')
    const preview = await staffHttp.postMultipart('/admin/articles', articleForm({
      kind: 'post', title: joined, slug: joined, excerpt: joined, body: chunk.join('\n\n'), reviewed_by: joined, reviewed_at: 'x',
      new_tags: joined, image_alt: joined, image_caption: joined, featured_alt: joined, publish_at: joined, action: 'preview',
    }))
    assert.equal(preview.status, 200, `preview of payloads ${from}+`)
    assert.match(preview.html, /id="preview-heading"/)
    reflected.push([`editor preview, payloads ${from}–${from + chunk.length - 1}`, preview.html])

    const refused = await comment(planted[from].slug, { name: joined, email: joined, url: joined, comment: chunk.join('\n\n'), notify: 'on', remember: 'on' })
    assert.equal(refused.status, 422, `comment with payloads ${from}+ in every field`)
    reflected.push([`comment form refused, payloads ${from}–${from + chunk.length - 1}`, refused.html])
  }
  assert.equal(planted.filter((a) => a.commentId).length, XSS_PAYLOADS.length)
  assert.ok(planted.some((a) => a.website), 'some payloads are real web addresses and are kept as the website')
})

test('staff pages stay inert while the comments are held: the queue, each reply page, each editor', async () => {
  const queue = await pagesOf(staffHttp, '/admin/comments?status=pending', (n) => `/admin/comments?status=pending&page=${n}`)
  const list = await pagesOf(staffHttp, '/admin/articles', (n) => `/admin/articles?page=${n}`)
  const visits: Visit[] = [
    { where: 'dashboard', url: `${site.url}/admin` },
    ...queue.map((path): Visit => ({ where: path, url: site.url + path })),
    ...list.map((path): Visit => ({ where: path, url: site.url + path })),
    ...planted.flatMap((a): Visit[] => [
      {
        where: `reply page #${a.i}`,
        url: `${site.url}/admin/comments/${a.commentId}/reply`,
        expect: async (page) => assert.equal(flat(await text(page, 'h1')), flat(`Reply to ${a.commentName}`)),
      },
      {
        where: `editor #${a.i}`,
        url: `${site.url}/admin/articles/${a.articleId}/edit`,
        // With JavaScript the editor fetches the live preview and sets it as innerHTML.
        expect: async (page) => {
          assert.equal(await page.locator('#f-title').inputValue(), flat(a.title))
          await page.locator('[data-preview-status]').filter({ hasText: /^Preview updated/ }).waitFor()
          assert.match(await text(page, '[data-preview-body]'), new RegExp(`xss-article-${a.i}\\b`))
        },
      },
    ]),
  ]
  const pending = planted.length
  await watch.sweep(staffBrowser, visits)
  assert.ok(watch.visited >= pending * 2, `pages opened: ${watch.visited}`)
  watch.assertClean('staff pages')
  assert.ok(queue.length >= Math.ceil(pending / 50), `every pending comment is in the queue (${queue.length} pages)`)
})

test('public pages and refused forms stay inert once the comments are approved', async () => {
  const approved = await staffHttp.postForm('/admin/comments/bulk', { action: 'approve', ids: planted.map((a) => a.commentId), back: '/admin/comments' })
  assert.equal(approved.status, 303)
  const reader = new SiteClient(site.url)
  const home = await pagesOf(reader, '/', (n) => `/page/${n}`)
  const tags = new Set<string>()
  for (const a of planted) {
    const res = await reader.get(`/${a.slug}`)
    assert.equal(res.status, 200, a.slug)
    for (const m of res.html.matchAll(/href="(\/tag\/[^"#?]+)"/g)) tags.add(m[1])
  }
  assert.ok(tags.size > 0, 'the payload tags have pages')

  // The control: a real page with one payload spliced in raw must be caught
  // by both checks, or a pass below would mean nothing.
  const control = (await reader.get(`/${planted[0].slug}`)).html.replace('</main>', `${XSS_PAYLOADS[7]}<a href="javascript:void 0">x</a></main>`)
  await watch.sweep(publicBrowser, [replays.visit('control', control)], 1)
  assert.deepEqual(watch.dialogs, ['control: alert("8")'], 'the dialog hook sees an injected handler run')
  assert.deepEqual(watch.findings.map((f) => f.replace(/:.*$/s, '')), ['control', 'control'], `the scan flags the handler and the javascript: link: ${watch.findings}`)
  watch.reset()

  const visits: Visit[] = [
    ...home.map((path): Visit => ({
      where: path, url: site.url + path,
      expect: async (page) => assert.ok(await page.locator('.post-list article').count() > 0),
    })),
    ...[...tags].map((path): Visit => ({ where: path, url: site.url + path })),
    ...planted.map((a): Visit => ({
      where: `article #${a.i}`,
      url: `${site.url}/${a.slug}`,
      expect: async (page) => {
        // Text in, text out: each field shows exactly what was typed.
        assert.equal(flat(await text(page, 'h1.article__title')), flat(a.title))
        assert.equal(flat(await text(page, '.article__review strong')), flat(a.title))
        const ld = JSON.parse(await text(page, 'script[type="application/ld+json"]')) as { headline: string; reviewedBy: { name: string } }
        assert.equal(flat(ld.headline), flat(a.title))
        assert.equal(flat(ld.reviewedBy.name), flat(a.title))
        if (a.bodyKept) assert.match(await text(page, '.article__body'), new RegExp(`xss-article-${a.i}\\b`))
        const c = page.locator(`#comment-${a.commentId}`)
        assert.equal(await c.locator('.comment__pending').count(), 0, `comment #${a.i} is approved`)
        assert.equal(flat((await c.locator('.comment__author').textContent())?.trim() ?? ''), flat(a.commentName))
        assert.match(await c.locator('.comment__body').textContent() ?? '', new RegExp(`xss-comment-${a.i}\\b`))
        if (a.website) assert.match(await c.locator('.comment__author a').getAttribute('href') ?? '', /^https?:\/\//)
      },
    })),
    ...reflected.map(([where, html]) => replays.visit(where, html)),
  ]
  await watch.sweep(publicBrowser, visits)
  watch.assertClean('public pages and refused forms')
})
