import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import sharp from 'sharp'
import type { Browser, BrowserContext, Page, Response } from 'playwright-core'
import { LIMITS, POST_LIMITS } from '../src/discussion/limits.js'
import { FORUM_LIMITS } from '../src/forum/limits.js'
import { startSite, launchBrowser, newContext, closeJourney, type RunningSite } from './support.js'
import { createAdminWithCli, signInInBrowser } from './staff.js'

// The forum as newcomers meet it, in Chromium: a guest with no account starts
// a topic that waits for review, staff approve it, a second guest quotes it
// and adds a photo, the first guest fixes their post inside the 30-minute
// window and is refused after it, a success story with its fields and photos
// shows its card and is found by the treatment filter, the photos come back
// without their EXIF, GPS or XMP, a burst of posts meets the 429 page, and
// site search finds an article and a forum post by a stemmed word.
//
// Every guest comes from their own address, as a trusted proxy (the test)
// reports it: separate people are not one address's flood. The site's clock
// is moved, not waited for, to close the edit window (CROWN_TEST_CLOCK_FILE).

const RUN = Date.now().toString(36)
const TOPIC = {
  title: `Fingertip massage every evening, week six (${RUN})`,
  body: `Six weeks of a four-minute fingertip massage before bed (${RUN}). No change I can see yet; is that expected this early?`,
  edited: `Six weeks of a four-minute fingertip massage before bed (${RUN}). No visible change yet, and the studies measured at 24 weeks, so I will keep going.`,
  name: `Ines ${RUN.slice(-4)}`,
}
const REPLY = { text: `Same here at week eight (${RUN}). My crown photo from today, same lamp as always.`, name: `Ravi ${RUN.slice(-4)}`, alt: `Crown from above, week eight (${RUN})` }
const STORY = {
  title: `Eight months of massage, needling and foam (${RUN})`,
  body: `*Self-assessed.* Ten minutes of massage a day, a 0.5 mm roller every 7 days, 5% foam, and rosemary oil on weekends (${RUN}). The crown looks denser in my monthly photos.`,
  name: `Kai ${RUN.slice(-4)}`,
  other: 'Rosemary oil',
}

let site: RunningSite
let browser: Browser
const contexts: BrowserContext[] = []
let address = 0
let topicPath = ''
let openingShortId = ''

before(async () => {
  site = await startSite({ env: { TRUST_PROXY: '127.0.0.1' }, movableClock: true })
  await createAdminWithCli(site)
  browser = await launchBrowser()
})
after(() => closeJourney({ contexts, browser, site }))

/** A new visitor: a fresh browser context (no cookies) from an address of their own. */
async function visitor(opts: { javaScript?: boolean; phone?: boolean } = {}): Promise<Page> {
  address++
  const ctx = await newContext(browser, { ...opts, address: `10.20.${address >> 8}.${address & 255}` })
  ctx.setDefaultTimeout(10_000)
  contexts.push(ctx)
  return ctx.newPage()
}

let staffPage: Page | undefined
async function staff(): Promise<Page> {
  if (!staffPage) {
    staffPage = await visitor()
    await signInInBrowser(staffPage, site)
  }
  return staffPage
}

/** Waits out the minimum fill time, counted from when the form's page loaded. */
async function readLikeAPerson(page: Page, loadedAt: number) {
  const left = LIMITS.minFillMs + 300 - (Date.now() - loadedAt)
  if (left > 0) await page.waitForTimeout(left)
}

/** Presses a form's submit button and returns the answer to its POST (after any redirect has loaded). */
async function submit(page: Page, button: string, url: RegExp): Promise<Response> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => url.test(r.url()) && r.request().method() === 'POST'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ])
  await page.waitForLoadState()
  return res
}

const flash = async (page: Page) => (await page.locator('.flash').textContent())?.trim() ?? ''
const post = (page: Page, n: number) => page.locator(`article#post-${n}`)

/** A photo as a phone writes it: EXIF with the camera and GPS position, XMP, and an orientation tag. */
async function phonePhoto(): Promise<Buffer> {
  // Left half red, right half blue, stored sideways: orientation 6 means "turn 90° clockwise to show",
  // so shown upright the red half is on top.
  const red = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#d01010' } }).jpeg().toBuffer()
  const photo = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#1030d0' } })
    .composite([{ input: red, left: 0, top: 0 }])
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'CrownPhone', Model: 'Test 1', Artist: `GPS-test-${RUN}` },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2400/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 300/100' },
    })
    .withXmp(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,51.4N" exif:GPSLongitude="2,21.05E"/></rdf:RDF></x:xmpmeta>`)
    .jpeg({ quality: 90 })
    .toBuffer()
  const m = await sharp(photo).metadata()
  // The control: the upload really carries what must be removed.
  assert.equal(m.orientation, 6)
  assert.ok(m.exif && m.xmp, 'the test photo has EXIF and XMP')
  assert.ok(m.exif.includes(Buffer.from([0x25, 0x88])) || m.exif.includes(Buffer.from([0x88, 0x25])), 'the EXIF holds a GPS directory (tag 0x8825)')
  assert.ok(m.exif.toString('latin1').includes(`GPS-test-${RUN}`))
  return photo
}

/** Downloads a served photo as this visitor and checks it carries no metadata and stands upright. */
async function assertCleanPhoto(page: Page, src: string) {
  const res = await page.request.get(new URL(src, site.url).href)
  assert.equal(res.status(), 200, src)
  assert.equal(res.headers()['content-type'], 'image/jpeg')
  assert.equal(res.headers()['x-content-type-options'], 'nosniff')
  const data = await res.body()
  const m = await sharp(data).metadata()
  assert.equal(m.exif, undefined, `${src} has no EXIF (so no GPS)`)
  assert.equal(m.xmp, undefined, `${src} has no XMP`)
  assert.equal(m.iptc, undefined, `${src} has no IPTC`)
  assert.equal(m.icc, undefined, `${src} has no ICC profile`)
  assert.equal(m.orientation, undefined, `${src} needs no orientation tag`)
  assert.ok(!data.includes(Buffer.from(`GPS-test-${RUN}`)), 'no trace of the camera’s tags in the bytes')
  // Turned upright: 400 × 600, red on top, blue below.
  assert.deepEqual([m.width, m.height], [400, 600])
  const pixel = async (top: number) => [...(await sharp(data).extract({ left: 200, top, width: 1, height: 1 }).raw().toBuffer())]
  const [r1, , b1] = await pixel(100)
  const [r2, , b2] = await pixel(500)
  assert.ok(r1 > 150 && b1 < 100, `the top is red: ${r1},${b1}`)
  assert.ok(b2 > 150 && r2 < 100, `the bottom is blue: ${r2},${b2}`)
}

test('a guest with no account starts a topic, sees it held, and staff approve it from the queue', async () => {
  const guest = await visitor()
  await guest.goto(`${site.url}/forum`)
  await Promise.all([guest.waitForURL(`${site.url}/forum/c/scalp-massage`), guest.getByRole('link', { name: 'Scalp massage', exact: true }).last().click()])
  await Promise.all([guest.waitForURL(`${site.url}/forum/c/scalp-massage/new`), guest.getByRole('link', { name: 'Start a topic' }).click()])
  const loadedAt = Date.now()
  await guest.getByLabel('Title').fill(TOPIC.title)
  await guest.getByRole('textbox', { name: 'Your post' }).fill(TOPIC.body)
  await guest.getByRole('textbox', { name: 'Display name' }).fill(TOPIC.name)
  await readLikeAPerson(guest, loadedAt)
  const res = await submit(guest, 'Post topic', /\/forum\/c\/scalp-massage\/new$/)
  assert.equal(res.status(), 303)
  topicPath = new URL(guest.url()).pathname
  assert.match(topicPath, /^\/forum\/t\/[a-z0-9]+\/fingertip-massage-every-evening-week-six/)
  assert.equal(await flash(guest), 'Thank you. Your topic is waiting for a quick review; until then only you can see it.')
  assert.equal(await guest.locator('h1').textContent(), TOPIC.title)
  assert.equal(await guest.locator('.topic-meta .tag--held').textContent(), 'Awaiting review')
  assert.equal(await post(guest, 1).locator('.comment__pending').textContent(), 'Your post is awaiting review. Until then only you can see it.')
  assert.equal(await post(guest, 1).locator('.forum-badge--guest').textContent(), 'guest')
  assert.equal(await post(guest, 1).locator('.forum-post__actions').getByRole('button', { name: 'Delete' }).count(), 1, 'Delete sits with the post’s other actions')
  openingShortId = /\/forum\/p\/([a-z0-9]+)\//.exec(await post(guest, 1).getByRole('link', { name: 'Edit post #1' }).getAttribute('href') ?? '')?.[1] ?? ''
  assert.ok(openingShortId)
  // Their category page lists it apart, marked as theirs alone.
  await guest.goto(`${site.url}/forum/c/scalp-massage`)
  assert.equal(await guest.getByRole('list', { name: 'Your held topics' }).getByRole('link', { name: TOPIC.title }).count(), 1)

  // Anyone else: not in the list, and the address is a 404.
  const other = await visitor()
  await other.goto(`${site.url}/forum/c/scalp-massage`)
  assert.equal(await other.getByRole('link', { name: TOPIC.title }).count(), 0)
  assert.equal((await other.goto(`${site.url}${topicPath}`))?.status(), 404)

  // Staff find it in the one moderation queue, under forum posts, with the reason it waits.
  const mod = await staff()
  await Promise.all([mod.waitForURL(/\/admin\/comments/), mod.locator('.staff-bar').getByRole('link', { name: /Comments/ }).click()])
  await Promise.all([mod.waitForURL(/kind=forum/), mod.getByRole('link', { name: 'Forum posts' }).click()])
  const row = mod.locator('li.mod-item').filter({ hasText: RUN })
  assert.equal(await row.count(), 1)
  assert.match(await row.locator('.mod-item__meta').textContent() ?? '', new RegExp(`Forum post #1 in ${TOPIC.title.replace(/[()]/g, '\\$&')}`))
  assert.equal(await row.locator('.mod-item__reason').textContent(), 'Held: First forum post from this guest')
  await Promise.all([mod.waitForURL(/\/admin\/comments/), row.getByRole('button', { name: 'Approve' }).click()])
  assert.equal(await flash(mod), 'Comment approved.')

  await other.goto(`${site.url}/forum/c/scalp-massage`)
  await Promise.all([other.waitForURL(`${site.url}${topicPath}`), other.getByRole('link', { name: TOPIC.title }).click()])
  assert.equal(await post(other, 1).locator('.comment__pending').count(), 0)
  assert.equal(await other.locator('.topic-meta .tag--held').count(), 0)
})

test('a second guest quotes the first post (with and without JavaScript) and replies with a photo', async () => {
  const photo = await phonePhoto()
  // With JavaScript: the quote link loads the reply form with the passage quoted.
  const scripted = await visitor()
  await scripted.goto(`${site.url}${topicPath}`)
  await scripted.getByRole('link', { name: 'Quote post #1' }).click()
  await scripted.waitForURL(/\?quote=[a-z0-9]+#reply$/)
  const quoted = `> **${TOPIC.name}** wrote in #1:\n> ${TOPIC.body}\n\n`
  assert.equal(await scripted.getByRole('textbox', { name: 'Your reply' }).inputValue(), quoted)

  // Without JavaScript, the same link does the same: the server renders the quote.
  const guest = await visitor({ javaScript: false })
  await guest.goto(`${site.url}/forum/latest`)
  await Promise.all([guest.waitForURL(`${site.url}${topicPath}`), guest.getByRole('link', { name: TOPIC.title }).click()])
  await guest.getByRole('link', { name: 'Quote post #1' }).click()
  await guest.waitForURL(/\?quote=[a-z0-9]+#reply$/)
  const loadedAt = Date.now()
  const body = guest.getByRole('textbox', { name: 'Your reply' })
  assert.equal(await body.inputValue(), quoted)
  await body.fill(`${quoted}${REPLY.text}`)
  await guest.getByLabel('Choose a photo').setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo })
  await guest.getByRole('textbox', { name: 'Short description' }).fill(REPLY.alt)
  await guest.getByRole('textbox', { name: 'Display name' }).fill(REPLY.name)
  await readLikeAPerson(guest, loadedAt)
  const res = await submit(guest, 'Post reply', /\/reply$/)
  assert.equal(res.status(), 303)
  assert.match(guest.url(), /#post-2$/)
  assert.equal(await flash(guest), 'Thank you. Your reply is waiting for a quick review; until then only you can see it.')
  const reply = post(guest, 2)
  assert.equal(await reply.locator('.forum-post__reply-to').textContent(), 'in reply to #1')
  assert.equal(await reply.locator('.forum-post__reply-to a').getAttribute('href'), '#post-1')
  assert.equal(await reply.locator('.forum-post__body blockquote').count(), 1, 'the quote renders as a blockquote')
  assert.match(await reply.locator('.forum-post__body blockquote').textContent() ?? '', new RegExp(`${TOPIC.name} wrote in #1:`))
  const img = reply.locator('.forum-post__images img')
  assert.equal(await img.getAttribute('alt'), REPLY.alt)
  const src = await img.getAttribute('src') ?? ''
  assert.match(src, /^\/forum\/images\/[a-f0-9]{32}\.jpg$/, 'a server-made name, not IMG_2041.jpg')
  // While held, the photo is the poster's alone.
  await assertCleanPhoto(guest, src)
  assert.equal((await scripted.request.get(`${site.url}${src}`)).status(), 404, 'a held post’s photo is not served to others')

  const mod = await staff()
  await mod.goto(`${site.url}/admin/comments?status=pending&kind=forum`)
  const row = mod.locator('li.mod-item').filter({ hasText: REPLY.name })
  await Promise.all([mod.waitForURL(/\/admin\/comments/), row.getByRole('button', { name: 'Approve' }).click()])
  assert.equal(await flash(mod), 'Comment approved.')
  await scripted.goto(`${site.url}${topicPath}`)
  assert.equal(await post(scripted, 2).locator('.forum-post__images img').getAttribute('src'), src)
  await assertCleanPhoto(scripted, src)
})

test('the first guest edits their post within 30 minutes, and cannot after', async () => {
  // The first guest's browser still holds its identity cookie: reopen that context.
  const guest = await contexts[0].newPage()
  await guest.goto(`${site.url}${topicPath}`)
  await Promise.all([guest.waitForURL(/\/forum\/p\/[a-z0-9]+\/edit$/), guest.getByRole('link', { name: 'Edit post #1' }).click()])
  assert.equal(await guest.locator('h1').textContent(), 'Edit your post')
  assert.equal(await guest.getByLabel('Title').inputValue(), TOPIC.title)
  await guest.getByRole('textbox', { name: 'Your post' }).fill(TOPIC.edited)
  const res = await submit(guest, 'Save changes', /\/edit$/)
  assert.equal(res.status(), 303)
  assert.equal(await flash(guest), 'Your changes are saved.')
  assert.equal((await post(guest, 1).locator('.forum-post__body').textContent())?.trim(), TOPIC.edited)
  assert.equal(await post(guest, 1).locator('.forum-post__edited').textContent(), 'Edited')

  // They open the form again, then leave it: the window closes while it is open.
  await guest.getByRole('link', { name: 'Edit post #1' }).click()
  await guest.waitForURL(/\/edit$/)
  site.advanceClock(FORUM_LIMITS.editWindowMs + 60_000)
  await guest.getByRole('textbox', { name: 'Your post' }).fill(`${TOPIC.edited} Late change.`)
  const late = await submit(guest, 'Save changes', /\/edit$/)
  assert.equal(late.status(), 403)
  assert.match(await guest.locator('main').textContent() ?? '', /Posts can be changed for 30 minutes after posting, by their author\./)

  await guest.goto(`${site.url}${topicPath}`)
  assert.equal(await post(guest, 1).getByRole('link', { name: 'Edit post #1' }).count(), 0, 'no Edit link after the window')
  assert.equal(await post(guest, 1).getByRole('button', { name: 'Delete' }).count(), 0)
  assert.equal((await post(guest, 1).locator('.forum-post__body').textContent())?.trim(), TOPIC.edited, 'the late change was not saved')
  assert.equal((await guest.goto(`${site.url}/forum/p/${openingShortId}/edit`))?.status(), 403)
})

test('a success story with its fields and two photos shows its card, is found by its treatment, and its photos are clean', async () => {
  const photo = await phonePhoto()
  const guest = await visitor({ phone: true })
  await guest.goto(`${site.url}/forum/c/success-stories`)
  await Promise.all([guest.waitForURL(/\/new$/), guest.getByRole('link', { name: 'Start a topic' }).click()])
  const loadedAt = Date.now()
  assert.equal(await guest.locator('h1').textContent(), 'Share your story')
  await guest.getByLabel('Title').fill(STORY.title)
  await guest.getByLabel('Scalp massage').check()
  await guest.getByLabel('Minutes a day').fill('10')
  await guest.getByLabel('Microneedling').check()
  await guest.getByLabel('Needle length').selectOption('0.5')
  await guest.getByLabel('Days between sessions').fill('7')
  await guest.getByLabel('Minoxidil').check()
  await guest.getByLabel('Strength').selectOption('5%')
  await guest.getByLabel('Form', { exact: true }).selectOption('foam')
  await guest.getByLabel('Other').check()
  await guest.getByLabel('Which treatment').fill(STORY.other)
  await guest.getByLabel('Months of use').fill('8')
  await guest.getByLabel('How did your hair change, in your own view?').selectOption('2')
  await guest.getByLabel('Starting stage (optional, self-assessed)').selectOption('nh-III-vertex')
  await guest.getByRole('textbox', { name: 'Your story' }).fill(STORY.body)
  await guest.getByLabel('Photo 1').setInputFiles({ name: 'month-0.jpg', mimeType: 'image/jpeg', buffer: photo })
  await guest.getByLabel('Photo 2').setInputFiles({ name: 'month-8.jpg', mimeType: 'image/jpeg', buffer: photo })
  const alts = guest.getByRole('textbox', { name: 'Short description' })
  await alts.nth(0).fill('Crown at the start')
  await alts.nth(1).fill('Crown after eight months')
  await guest.getByRole('textbox', { name: 'Display name' }).fill(STORY.name)
  await readLikeAPerson(guest, loadedAt)
  const res = await submit(guest, 'Post topic', /\/forum\/c\/success-stories\/new$/)
  assert.equal(res.status(), 303)
  const storyPath = new URL(guest.url()).pathname

  const mod = await staff()
  await mod.goto(`${site.url}/admin/comments?status=pending&kind=forum`)
  await Promise.all([mod.waitForURL(/\/admin\/comments/), mod.locator('li.mod-item').filter({ hasText: STORY.name }).getByRole('button', { name: 'Approve' }).click()])
  assert.equal(await flash(mod), 'Comment approved.')

  // A reader sees the card at the top of the topic...
  const reader = await visitor()
  await reader.goto(`${site.url}${storyPath}`)
  const card = reader.getByRole('region', { name: 'Story at a glance' })
  const fact = async (name: string) => (await card.locator('div').filter({ has: reader.locator('dt', { hasText: name }) }).locator('dd').textContent())?.trim()
  assert.deepEqual(await card.locator('.story-card__treatments li').allTextContents(), [
    'Scalp massage, 10 min a day', 'Microneedling, 0.5 mm every 7 days', 'Minoxidil 5% foam', STORY.other,
  ])
  assert.equal(await fact('Months of use'), '8')
  assert.equal(await fact('Self-rated change'), '+2 moderately increased')
  assert.equal(await fact('Starting stage'), 'Norwood–Hamilton III vertex (self-assessed)')
  assert.match(await card.textContent() ?? '', /Self-reported and unblinded/)
  const srcs = await post(reader, 1).locator('.forum-post__images img').evaluateAll((els) => els.map((e) => e.getAttribute('src') ?? ''))
  assert.equal(srcs.length, 2)
  assert.deepEqual(await post(reader, 1).locator('.forum-post__images img').evaluateAll((els) => els.map((e) => e.getAttribute('alt'))), ['Crown at the start', 'Crown after eight months'])
  for (const src of srcs) await assertCleanPhoto(reader, src)

  // ...and in the category list, where the treatment filter finds it.
  await reader.goto(`${site.url}/forum/c/success-stories`)
  const listed = reader.locator('li.topic-row').filter({ hasText: STORY.title })
  assert.match(await listed.locator('.story-compact').textContent() ?? '', /Scalp massage, 10 min a day · Microneedling, 0\.5 mm every 7 days · Minoxidil 5% foam · Rosemary oil.*8 mo.*Self-rated \+2 moderately increased/)
  const filter = async (label: string) => {
    await reader.getByLabel('Treatment', { exact: true }).selectOption({ label })
    await Promise.all([reader.waitForURL(/treatment=/), reader.getByRole('button', { name: 'Filter' }).click()])
    return reader.locator('li.topic-row').allTextContents()
  }
  const other = await filter('Other')
  assert.equal(other.length, 1, 'only this story names another treatment')
  assert.match(other[0], new RegExp(RUN))
  const needling = await filter('Microneedling')
  assert.ok(needling.some((t) => t.includes(STORY.title)))
  assert.ok(needling.every((t) => /Microneedling/.test(t)), 'every story listed used microneedling')
  assert.equal((await filter('Finasteride')).length, 0)
  assert.equal(await reader.locator('.forum-empty').textContent(), 'No stories with this treatment yet.')
  await Promise.all([reader.waitForURL(`${site.url}/forum/c/success-stories`), reader.getByRole('link', { name: 'Show all' }).click()])
  assert.ok((await reader.locator('li.topic-row').count()) >= 3)
})

test('a burst of posts meets the 429 page: readable, with Retry-After, and the text kept', async () => {
  const guest = await visitor()
  await guest.goto(`${site.url}${topicPath}`)
  let loadedAt = Date.now()
  await guest.getByRole('textbox', { name: 'Your reply' }).fill(`First thought from a hurried reader (${RUN}).`)
  await guest.getByRole('textbox', { name: 'Display name' }).fill(`Hurried ${RUN.slice(-4)}`)
  await readLikeAPerson(guest, loadedAt)
  assert.equal((await submit(guest, 'Post reply', /\/reply$/)).status(), 303)
  loadedAt = Date.now()
  const second = `And a second thought straight after (${RUN}).`
  await guest.getByRole('textbox', { name: 'Your reply' }).fill(second)
  assert.equal(await guest.getByRole('textbox', { name: 'Display name' }).inputValue(), `Hurried ${RUN.slice(-4)}`, 'the name is remembered')
  await readLikeAPerson(guest, loadedAt)
  const res = await submit(guest, 'Post reply', /\/reply$/)
  assert.equal(res.status(), 429)
  const retryAfter = Number(res.headers()['retry-after'])
  assert.ok(retryAfter >= 1 && retryAfter <= POST_LIMITS.reply.intervalMs / 1000, `Retry-After: ${res.headers()['retry-after']}`)
  const errors = guest.locator('.form-errors')
  assert.equal(await errors.locator('strong').textContent(), 'Your reply was not posted yet.')
  assert.match(await errors.textContent() ?? '', /You can post once every 15 seconds\. Wait \d+ seconds?, then send it again; your text is kept below\./)
  assert.equal(await guest.getByRole('textbox', { name: 'Your reply' }).inputValue(), second)
  assert.equal(await guest.evaluate(() => document.activeElement?.classList.contains('form-errors')), true, 'the message takes focus')
  assert.equal(await guest.locator('h1').textContent(), TOPIC.title, 'the page is the topic, not a bare error')
})

test('search finds an article and a forum post by a stemmed word', async () => {
  const reader = await visitor()
  await reader.goto(`${site.url}/forum`)
  await reader.getByRole('searchbox', { name: 'Search the site' }).fill('massaging')
  await Promise.all([reader.waitForURL(/\/search\?q=massaging$/), reader.getByRole('button', { name: 'Search', exact: true }).click()])
  // Each kind of result is behind its filter link; the stem is what matches.
  for (const [filterName, kind] of [[/^Articles \(\d+\)$/, 'Article'], [/^Forum posts \(\d+\)$/, 'Forum post']] as const) {
    await Promise.all([reader.waitForURL(/kind=/), reader.getByRole('navigation', { name: 'Filter results' }).getByRole('link', { name: filterName }).click()])
    const hits = reader.locator('.search-results > li')
    assert.ok(await hits.count() >= 1, `${kind}: found`)
    assert.deepEqual([...new Set(await hits.locator('.search-kind').allTextContents())], [kind])
    const text = (await hits.allTextContents()).join(' ').toLowerCase()
    assert.match(text, /\bmassage\b/, `${kind}: "massaging" finds "massage"`)
    assert.doesNotMatch(text, /massaging/, `${kind}: by its stem, not the word typed`)
    await reader.goBack()
  }

  // This run's own topic (it says "massage", never "massaging"), found by the same stem.
  await reader.getByRole('searchbox', { name: 'Search articles and the forum' }).fill(`massaging ${RUN}`)
  await Promise.all([reader.waitForURL(/\/search\?q=/), reader.getByRole('main').getByRole('button', { name: 'Search' }).click()])
  const ours = reader.locator('.search-results > li').filter({ hasText: TOPIC.title })
  assert.ok(await ours.count() >= 1, 'the guest’s topic is found')
  assert.ok(!TOPIC.edited.includes('massaging'))
  await Promise.all([reader.waitForURL(`${site.url}${topicPath}`), ours.first().getByRole('link', { name: TOPIC.title }).click()])
})
