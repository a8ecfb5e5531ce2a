import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import sharp from 'sharp'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { LIMITS } from '../src/discussion/limits.js'
import type { RunningSite } from './support.js'
import { SiteClient, hiddenValue } from './site-client.js'
import { XSS_PAYLOADS } from './xss-payloads.js'
import { InjectionWatch, type Replays, errorsIn, flat, inLanes, openXssSite, pagesOf, text, type Visit } from './xss-scan.js'

// The comments' XSS battery through every forum field a person types into:
// a success story's title, body, every story field and photo description,
// the guest's display name, a quoting reply, an edit, a reader's flag, and
// a search. Each payload gets its own story (by its own guest) and its own
// reply (by another). The pages that show them back are then opened in
// Chromium with e2e/xss-scan.ts's two checks (no dialog, nothing runnable in
// the DOM): topic pages and lists, the moderation queue with the flags, the
// edit history, the RSS feeds (parsed as XML, their HTML rendered as a feed
// reader would), search results, and every form refused with payloads in it.
//
// Guests post as themselves: each from a fresh browser identity and its own
// address, told by the trusted proxy (the test), so the per-guest and
// per-address limits hold and are never relaxed.

const ENV = { TRUST_PROXY: '127.0.0.1' }
const ONE_PIXEL = sharp({ create: { width: 8, height: 8, channels: 3, background: '#6a8f7a' } }).jpeg().toBuffer()

interface Planted {
  i: number
  payload: string
  title: string
  name: string
  other: string
  path: string
  shortId: string
  openingId: string
  author: Guest
}

/** A guest: their own cookie jar and their own address. */
class Guest {
  readonly http: SiteClient
  readonly address: string
  constructor(base: string) {
    this.http = new SiteClient(base)
    address++
    this.address = `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`
  }
  get(path: string) { return this.http.get(path, { 'x-forwarded-for': this.address }) }
  post(path: string, fields: Record<string, string | string[]>) { return this.http.postForm(path, fields, { 'x-forwarded-for': this.address }) }
  postMultipart(path: string, form: FormData) { return this.http.postMultipart(path, form, { 'x-forwarded-for': this.address }) }
}
let address = 0

let site: RunningSite
let browser: Browser
let staffHttp: SiteClient
let staffBrowser: BrowserContext
let publicBrowser: BrowserContext
const planted: Planted[] = []
const replyIds: string[] = []
/** Pages the site sent back (refused forms, an author's own held topic, edit forms): [where, html]. */
const reflected: [string, string][] = []
const watch = new InjectionWatch()

before(async () => {
  ({ site, staffHttp, browser, staffBrowser, publicBrowser, replays } = await openXssSite(ENV))
})
after(async () => {
  await browser?.close()
  await site?.stop()
})

let replays: Replays
const replay = (where: string, html: string): Visit => replays.visit(where, html)

const fits = (p: string, max: number, fallback: string) => (p.trim().length <= max && p.trim().length > 0 ? p : fallback)
const marker = (what: string, i: number) => `xssmark xss${what}${i}q`
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Every pending forum post's id, from every page of the queue. */
async function pendingForumIds(): Promise<string[]> {
  const pages = await pagesOf(staffHttp, '/admin/comments?status=pending&kind=forum', (n) => `/admin/comments?status=pending&kind=forum&page=${n}`)
  const ids: string[] = []
  for (const path of pages) for (const m of (await staffHttp.get(path)).html.matchAll(/name="ids" value="([a-z0-9]+)"/g)) ids.push(m[1])
  return ids
}

async function approve(ids: string[]) {
  const res = await staffHttp.postForm('/admin/comments/bulk', { action: 'approve', ids, back: '/admin/comments' })
  assert.equal(res.status, 303)
}

/** Waits out the minimum fill time once for forms fetched before now. */
const fillTime = () => new Promise((r) => setTimeout(r, LIMITS.minFillMs + 300))

test(`${XSS_PAYLOADS.length} payloads go in as success stories: title, body, every story field, photo description, display name; and as edits`, async () => {
  assert.ok(XSS_PAYLOADS.length >= 50)
  const photo = await ONE_PIXEL
  const form = await (async () => {
    const g = new Guest(site.url)
    const page = await g.get('/forum/c/success-stories/new')
    assert.equal(page.status, 200)
    return { stamp: hiddenValue(page.html, 'stamp')! }
  })()
  const authors = XSS_PAYLOADS.map(() => new Guest(site.url))
  await inLanes(authors, 6, async (g) => { await g.get('/forum/c/success-stories/new') })
  await fillTime()

  await inLanes(XSS_PAYLOADS, 4, async (p, i) => {
    const g = authors[i]
    const name = fits(p, LIMITS.maxNameChars, `Guest ${i}`)
    const other = p.trim().slice(0, 60).trim() || `Other ${i}`
    const f = new FormData()
    const fields: Record<string, string> = {
      title: p, body: `${p}\n\n${marker('topic', i)}`, name, email: '', stamp: form.stamp, address: '',
      massage_minutes: '5', other_text: other, months: '3', change: '1', stage: '', photo1_alt: p,
    }
    for (const [k, v] of Object.entries(fields)) f.set(k, v)
    f.append('treatment', 'massage')
    f.append('treatment', 'other')
    f.set('photo1', new Blob([photo], { type: 'image/jpeg' }), `x${i}.jpg`)
    const res = await g.postMultipart('/forum/c/success-stories/new', f)
    assert.equal(res.status, 303, `story #${i}: ${errorsIn(res.html) || res.html.slice(0, 300)}`)
    const path = res.location ?? ''
    const shortId = /^\/forum\/t\/([a-z0-9]+)\//.exec(path)?.[1] ?? ''
    assert.ok(shortId, `story #${i} → ${path}`)
    // The author sees their held topic (the same view as the public one: one in ten is checked below).
    const own = await g.get(path)
    assert.equal(own.status, 200)
    if (i % 10 === 0) reflected.push([`held topic as its author #${i}`, own.html])
    const openingId = /href="\/forum\/p\/([a-z0-9]+)\/edit"/.exec(own.html)?.[1] ?? ''
    assert.ok(openingId, `story #${i} offers its author an Edit link`)
    planted[i] = { i, payload: p, title: p.trim(), name: name.trim(), other, path, shortId, openingId, author: g }

    // The author edits within the window: the form shows the payloads back, the edit keeps them.
    // (Every payload is shown back in an edit form refused below, ten to a page; one open form in ten is checked too.)
    const edit = await g.get(`/forum/p/${openingId}/edit`)
    assert.equal(edit.status, 200)
    assert.match(edit.html, /<h1>Edit your post<\/h1>/)
    if (i % 10 === 0) reflected.push([`edit form #${i}`, edit.html])
    const saved = await g.post(`/forum/p/${openingId}/edit`, { title: p, body: `${p}\n\nEdited: ${p}\n\n${marker('topic', i)} ${marker('edited', i)}` })
    assert.equal(saved.status, 303, `edit #${i}: ${errorsIn(saved.html)}`)
  })

  // Forms refused with payloads in every field, ten payloads to a page.
  for (let from = 0; from < XSS_PAYLOADS.length; from += 10) {
    const chunk = XSS_PAYLOADS.slice(from, from + 10)
    const joined = chunk.join('\n')
    const g = new Guest(site.url)
    await g.get('/forum/c/success-stories/new')
    const f = new FormData()
    for (const k of ['title', 'name', 'email', 'massage_minutes', 'needle_mm', 'needle_interval', 'minoxidil_strength', 'minoxidil_form', 'other_text', 'months', 'change', 'stage', 'photo1_alt', 'photo2_alt']) f.set(k, joined)
    f.set('body', chunk.join('\n\n'))
    f.set('stamp', form.stamp)
    for (const t of ['massage', 'microneedling', 'minoxidil', 'other', ...chunk]) f.append('treatment', t)
    const refused = await g.postMultipart('/forum/c/success-stories/new', f)
    assert.equal(refused.status, 422, `story form with payloads ${from}+`)
    reflected.push([`story form refused, payloads ${from}+`, refused.html])

    const author = planted[from].author
    const edit = await author.post(`/forum/p/${planted[from].openingId}/edit`, { title: '', body: joined })
    assert.equal(edit.status, 422, `edit form with payloads ${from}+`)
    reflected.push([`edit form refused, payloads ${from}+`, edit.html])
  }
  assert.equal(planted.filter(Boolean).length, XSS_PAYLOADS.length)
})

test('the moderation queue and each story’s edit history stay inert while the stories are held', async () => {
  const queue = await pagesOf(staffHttp, '/admin/comments?status=pending&kind=forum', (n) => `/admin/comments?status=pending&kind=forum&page=${n}`)
  const visits: Visit[] = [
    ...queue.map((path): Visit => ({
      where: path, url: site.url + path,
      expect: async (page) => assert.ok(await page.locator('li.mod-item').count() > 0),
    })),
    ...planted.map((a): Visit => ({
      where: `history #${a.i}`,
      url: `${site.url}/admin/posts/${a.openingId}/history`,
      expect: async (page) => assert.match(await page.locator('main').textContent() ?? '', new RegExp(`xssedited${a.i}q`)),
    })),
  ]
  await watch.sweep(staffBrowser, visits)
  watch.assertClean('queue and history')
  assert.ok(queue.length >= 2, `${queue.length} queue pages`)
})

test('payloads go in as quoting replies, display names and readers’ flags', async () => {
  await approve(await pendingForumIds())
  const repliers = planted.map(() => new Guest(site.url))
  const stamps: string[] = []
  await inLanes(planted, 6, async (a) => {
    const page = await repliers[a.i].get(`${a.path}?quote=${a.openingId}`)
    assert.equal(page.status, 200, `topic #${a.i} is public`)
    stamps[a.i] = hiddenValue(page.html, 'stamp')!
  })
  await fillTime()
  await inLanes(planted, 4, async (a) => {
    const g = repliers[a.i]
    const res = await g.post(`/forum/t/${a.shortId}/reply`, {
      body: `> ${a.payload}\n\n${a.payload}\n\n${marker('reply', a.i)}`, reply_to: '1', name: a.name, email: '', stamp: stamps[a.i], address: '',
    })
    assert.equal(res.status, 303, `reply #${a.i}: ${errorsIn(res.html) || res.html.slice(0, 300)}`)
    // A reader (the replier) flags the story with the payload as the note.
    const flagPage = await g.get(`/forum/p/${a.openingId}/flag`)
    assert.equal(flagPage.status, 200)
    const flagged = await g.post(`/forum/p/${a.openingId}/flag`, { reason: 'other', note: a.payload.slice(0, 300) })
    assert.equal(flagged.status, 303, `flag #${a.i}: ${errorsIn(flagged.html)}`)
  })
  for (let from = 0; from < XSS_PAYLOADS.length; from += 10) {
    const chunk = XSS_PAYLOADS.slice(from, from + 10)
    const joined = chunk.join('\n')
    const g = new Guest(site.url)
    await g.get(planted[from].path)
    const reply = await g.post(`/forum/t/${planted[from].shortId}/reply`, { body: '', name: joined, email: joined, reply_to: joined, stamp: joined, address: '' })
    assert.equal(reply.status, 422, `reply form with payloads ${from}+`)
    reflected.push([`reply form refused, payloads ${from}+`, reply.html])
    const flag = await g.post(`/forum/p/${planted[from].openingId}/flag`, { reason: joined, note: joined.padEnd(301, '.') })
    assert.equal(flag.status, 422, `flag form with payloads ${from}+`)
    reflected.push([`flag form refused, payloads ${from}+`, flag.html])
  }
  replyIds.push(...await pendingForumIds())
  assert.ok(replyIds.length >= planted.length, `every reply waits for review (${replyIds.length})`)
})

test('staff pages stay inert with replies held and stories flagged: queue tabs, ban forms, topics as staff', async () => {
  const queue = [
    ...await pagesOf(staffHttp, '/admin/comments?status=pending&kind=forum', (n) => `/admin/comments?status=pending&kind=forum&page=${n}`),
    ...await pagesOf(staffHttp, '/admin/comments?status=approved&kind=forum', (n) => `/admin/comments?status=approved&kind=forum&page=${n}`),
  ]
  let flagsSeen = 0
  const visits: Visit[] = [
    { where: 'dashboard', url: `${site.url}/admin` },
    ...queue.map((path): Visit => ({
      where: path, url: site.url + path,
      expect: async (page) => {
        const n = await page.locator('.mod-item__flags li').count()
        flagsSeen += n
      },
    })),
    // The public topic view is checked for every payload below; as staff it adds the held
    // reply, the staff tools and the ban form (name and excerpt), which one story in five shows.
    ...planted.filter((a) => a.i % 5 === 0).flatMap((a): Visit[] => [
      {
        where: `ban form #${a.i}`, url: `${site.url}/admin/bans/new?post=${a.openingId}`,
        expect: async (page) => assert.match(flat(await text(page, 'main')), new RegExp(escapeRe(flat(a.name)))),
      },
      {
        where: `topic as staff #${a.i}`, url: site.url + a.path,
        expect: async (page) => assert.equal(await page.locator('article#post-2 .comment__pending').count(), 1, 'the reply is held'),
      },
    ]),
  ]
  await watch.sweep(staffBrowser, visits)
  watch.assertClean('staff pages')
  assert.ok(flagsSeen >= planted.length, `the flags and their notes are in the queue (${flagsSeen})`)
})

/** Parses an RSS document in the page (Chromium's XML parser); returns its items or the parse error. */
async function parseFeed(page: Page, xmlText: string) {
  return page.evaluate((src) => {
    const doc = new DOMParser().parseFromString(src, 'application/xml')
    const error = doc.querySelector('parsererror')
    if (error) return { error: error.textContent ?? 'parsererror', items: [] }
    return {
      error: null,
      items: [...doc.querySelectorAll('channel > item')].map((it) => ({
        title: it.querySelector('title')?.textContent ?? '',
        creator: it.getElementsByTagNameNS('http://purl.org/dc/elements/1.1/', 'creator')[0]?.textContent ?? '',
        description: it.querySelector('description')?.textContent ?? '',
      })),
    }
  }, xmlText)
}

test('public pages, feeds, search results and refused forms stay inert once everything is approved', async () => {
  await approve(replyIds)
  const reader = new SiteClient(site.url)

  // The control: a real page with one payload spliced in raw must be caught
  // by both checks, or a pass below would mean nothing.
  const control = (await reader.get(planted[0].path)).html.replace('</main>', `${XSS_PAYLOADS[7]}<a href="javascript:void 0">x</a></main>`)
  await watch.sweep(publicBrowser, [replay('control', control)], 1)
  assert.deepEqual(watch.dialogs, ['control: alert("8")'], 'the dialog hook sees an injected handler run')
  assert.deepEqual(watch.findings.map((f) => f.replace(/:.*$/s, '')), ['control', 'control'], `the scan flags the handler and the javascript: link: ${watch.findings}`)
  watch.reset()

  // Feeds: each must parse as XML and give back the exact text; the HTML in
  // each description is then opened as a page, as a feed reader shows it.
  const parser = await publicBrowser.newPage()
  const feedHtml: string[] = []
  const topicFeedHtml: string[] = []
  const category = await reader.get('/forum/c/success-stories/feed.xml')
  assert.equal(category.status, 200)
  const cat = await parseFeed(parser, category.html)
  assert.equal(cat.error, null, `the category feed parses: ${cat.error}`)
  assert.ok(cat.items.length >= 10)
  feedHtml.push(...cat.items.map((it) => it.description))
  const byTitle = new Map(planted.map((a) => [flat(a.title), a]))
  for (const it of cat.items) {
    const a = byTitle.get(flat(it.title))
    if (a) assert.equal(flat(it.creator), flat(a.name), `category feed author of #${a.i}`)
  }
  await inLanes(planted, 6, async (a) => {
    const res = await reader.get(`/forum/t/${a.shortId}/feed.xml`)
    assert.equal(res.status, 200)
    const feed = await parseFeed(parser, res.html)
    assert.equal(feed.error, null, `topic feed #${a.i} parses: ${feed.error}`)
    assert.deepEqual(feed.items.map((it) => flat(it.title)), [flat(`Re: ${a.title} (#2)`), flat(a.title)], `topic feed #${a.i} titles`)
    assert.deepEqual(feed.items.map((it) => flat(it.creator)), [flat(a.name), flat(a.name)])
    assert.match(feed.items[1].description, new RegExp(`xssedited${a.i}q`))
    topicFeedHtml[a.i] = feed.items.map((it) => it.description).join('\n<hr>\n')
  })
  await parser.close()
  const feedPages: Visit[] = []
  const descriptions = [...feedHtml, ...topicFeedHtml]
  for (let from = 0; from < descriptions.length; from += 10) {
    feedPages.push(replay(`feed descriptions ${from}+`, `<!doctype html><html lang="en"><head><title>feed</title></head><body>${descriptions.slice(from, from + 10).join('\n<hr>\n')}</body></html>`))
  }

  const latest = await pagesOf(reader, '/forum/latest', (n) => `/forum/latest?page=${n}`)
  const stories = await pagesOf(reader, '/forum/c/success-stories', (n) => `/forum/c/success-stories?page=${n}`)
  const filtered = await pagesOf(reader, '/forum/c/success-stories?treatment=other', (n) => `/forum/c/success-stories?treatment=other&page=${n}`)
  const searchPages = await pagesOf(staffHttp, '/search?q=xssmark', (n) => `/search?q=xssmark&page=${n}`)
  assert.ok(stories.length >= 3 && filtered.length >= 3, 'the lists run to several pages')

  const listed = new Set<string>()
  const collectTitles = async (page: Page) => {
    for (const t of await page.locator('.topic-row__title').allTextContents()) listed.add(flat(t))
  }
  const publicVisits: Visit[] = [
    { where: '/forum', url: `${site.url}/forum` },
    ...[...latest, ...stories, ...filtered].map((path): Visit => ({ where: path, url: site.url + path, expect: collectTitles })),
    ...planted.map((a): Visit => ({
      where: `topic #${a.i}`,
      url: site.url + a.path,
      expect: async (page) => {
        // Text in, text out: each field shows exactly what was typed.
        assert.equal(flat(await text(page, 'h1.topic-title')), flat(a.title))
        assert.ok((await page.locator('.story-card__treatments li').allTextContents()).map(flat).includes(flat(a.other)), `the story card names "${a.other}"`)
        const opening = page.locator('article#post-1')
        assert.equal(flat((await opening.locator('.forum-post__author').textContent()) ?? ''), flat(a.name))
        assert.match(await opening.locator('.forum-post__body').textContent() ?? '', new RegExp(`xssedited${a.i}q`))
        assert.equal(flat(await opening.locator('.forum-post__images img').getAttribute('alt') ?? ''), flat(a.payload.trim()))
        const reply = page.locator('article#post-2')
        assert.equal(await reply.locator('.comment__pending').count(), 0, `reply #${a.i} is approved`)
        assert.equal(flat((await reply.locator('.forum-post__author').textContent()) ?? ''), flat(a.name))
        assert.equal(await reply.locator('.forum-post__reply-to').textContent(), 'in reply to #1')
        assert.match(await reply.locator('.forum-post__body').textContent() ?? '', new RegExp(`xssreply${a.i}q`))
      },
    })),
    ...reflected.map(([where, html]) => replay(where, html)),
    ...feedPages,
  ]
  // Searches run signed in: anonymous searching is rate-limited per address.
  let snippets = 0
  const staffVisits: Visit[] = [
    ...searchPages.map((path): Visit => ({
      where: path, url: site.url + path,
      expect: async (page) => {
        const n = await page.locator('.search-result__snippet mark').count()
        snippets += n
      },
    })),
    ...planted.map((a): Visit => ({
      where: `search for #${a.i}`,
      url: `${site.url}/search?q=${encodeURIComponent(a.payload)}`,
      expect: async (page) => assert.equal(await page.locator('#search-q').inputValue(), flat(a.payload.trim()).slice(0, 200)),
    })),
  ]
  await Promise.all([watch.sweep(publicBrowser, publicVisits, 4), watch.sweep(staffBrowser, staffVisits, 3)])
  watch.assertClean('public pages, feeds, searches and refused forms')
  for (const a of planted) assert.ok(listed.has(flat(a.title)), `story #${a.i} is in the lists`)
  assert.ok(snippets >= planted.length, `search snippets highlight the marker next to the payloads (${snippets})`)
})
