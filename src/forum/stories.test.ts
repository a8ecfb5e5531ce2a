import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import sharp from 'sharp'
import type { LightMyRequestResponse } from 'fastify'
import { testDialects } from '../test/databases.js'
import { redirectTarget, testStorages, type Agent } from '../test/harness.js'
import { iso } from '../clock.js'
import { forumTestApp, hidden, type ForumTestApp } from './fixtures.js'
import { insertCategory } from './queries/index.js'
import { STORY_CATEGORY_SLUG, StoryForm } from './stories.js'

type Upload = { filename: string; type: string; data: Buffer }

/** A multipart body as a browser sends it (a field may repeat, as checkboxes do). */
function multipart(fields: Record<string, string | string[]>, files: Record<string, Upload> = {}) {
  const boundary = `----forum${crypto.randomBytes(8).toString('hex')}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`))
  }
  for (const [name, f] of Object.entries(files)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

async function postMultipart(t: ForumTestApp, agent: Agent, formUrl: string, action: string, fields: Record<string, string | string[]>, files: Record<string, Upload> = {}): Promise<LightMyRequestResponse> {
  const page = await agent.get(formUrl)
  assert.equal(page.statusCode, 200, page.body.slice(0, 200))
  t.clock.advance(5_000)
  const mp = multipart({ _csrf: agent.csrfToken ?? '', stamp: hidden(page.body, 'stamp'), address: '', ...fields }, files)
  return agent.request('POST', action, mp.body, { 'content-type': mp.contentType })
}

/** A camera-like JPEG: EXIF with a GPS position, and an orientation that turns it upright. */
async function cameraJpeg(width = 1200, height = 800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 120, g: 90, b: 60 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'T-1', Copyright: 'me' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    })
    .toBuffer()
}

/** A real PNG whose header is rewritten to claim width × height pixels (a decompression bomb's calling card). */
function pngClaiming(png: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(png)
  out.writeUInt32BE(width, 16)
  out.writeUInt32BE(height, 20)
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29)
  return out
}

function crc32(buf: Buffer): number {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}

let ipSeq = 20
const guestAgent = (t: ForumTestApp) => { const a = t.agent(); a.ip = `198.51.100.${ipSeq++}`; return a }

const storyFields = (over: Record<string, string | string[]> = {}) => ({
  title: 'Eight months of microneedling and foam', body: 'My story, told plainly.', name: 'Sam R', email: '',
  treatment: ['microneedling', 'minoxidil'], needle_mm: '1.5', needle_interval: '7', minoxidil_strength: '5%', minoxidil_form: 'foam',
  months: '8', change: '1', stage: 'nh-III-vertex', ...over,
})

for (const dialect of testDialects()) for (const storage of testStorages()) {
  describe(`success stories and post photos on ${dialect}, stored in ${storage}`, () => {
    let t: ForumTestApp
    let stories: { id: number; slug: string }
    before(async () => {
      t = await forumTestApp(dialect, { storage })
      const id = await insertCategory(t.deps.db, { slug: STORY_CATEGORY_SLUG, name: 'Success stories', description: 'In your own words.', position: 0, guestPolicy: 'topics', holdFirstGuestPosts: false }, iso(t.clock.now()))
      stories = { id, slug: STORY_CATEGORY_SLUG }
    })
    after(() => t.close())

    const newStory = (a: Agent, fields: Record<string, string | string[]>, files: Record<string, Upload> = {}) =>
      postMultipart(t, a, `/forum/c/${stories.slug}/new`, `/forum/c/${stories.slug}/new`, fields, files)

    test('a story with fields and photos shows its card and caveat; the served photo has no EXIF or GPS left', async () => {
      const input = await cameraJpeg(3000, 1000)
      const inMeta = await sharp(input).metadata()
      assert.ok(inMeta.exif, 'the test image carries EXIF')
      const a = guestAgent(t)
      const res = await newStory(a, storyFields(), {
        photo1: { filename: 'IMG_0001.JPG', type: 'image/jpeg', data: input },
        photo2: { filename: 'side.jpg', type: 'image/jpeg', data: await cameraJpeg(400, 600) },
      })
      const path = redirectTarget(res)
      const page = await t.agent().get(path)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /Story at a glance/)
      assert.match(page.body, /Microneedling, 1.5 mm every 7 days/)
      assert.match(page.body, /Minoxidil 5% foam/)
      assert.match(page.body, /\+1 slightly increased/)
      assert.match(page.body, /Norwood–Hamilton III vertex \(self-assessed\)/)
      assert.match(page.body, /Self-reported and unblinded: one person’s experience, not medical advice\./)
      const srcs = [...page.body.matchAll(/<img src="(\/forum\/images\/[a-f0-9]{32}\.jpg)" alt="([^"]*)"/g)]
      assert.equal(srcs.length, 2)
      assert.equal(srcs[0][2], 'Photo shared by Sam R')
      const img = await t.agent().get(srcs[0][1])
      assert.equal(img.statusCode, 200)
      assert.equal(img.headers['x-content-type-options'], 'nosniff')
      assert.equal(img.headers['content-type'], 'image/jpeg')
      const out = await sharp(img.rawPayload).metadata()
      assert.equal(out.exif, undefined)
      assert.equal(out.xmp, undefined)
      assert.equal(Math.max(out.width!, out.height!), 2000)
      assert.deepEqual(img.rawPayload, await t.stored(`forum-images/${srcs[0][1].split('/').pop()}`), `streamed from ${storage} storage`)
      const head = await t.agent().request('HEAD', srcs[0][1])
      assert.equal(head.statusCode, 200)
      assert.equal(head.headers['content-length'], String(img.rawPayload.length))
      assert.equal(head.body, '')
      // The list shows the compact summary, and the treatment filter works.
      const list = await t.agent().get(`/forum/c/${stories.slug}`)
      assert.match(list.body, /class="story-compact"/)
      assert.match((await t.agent().get(`/forum/c/${stories.slug}?treatment=microneedling`)).body, /Eight months of microneedling and foam/)
      const other = await t.agent().get(`/forum/c/${stories.slug}?treatment=finasteride`)
      assert.doesNotMatch(other.body, /Eight months of microneedling and foam/)
      assert.match(other.body, /No stories with this treatment yet/)
    })

    test('bad story fields re-render 422 with a message each and everything typed kept; nothing is stored', async () => {
      const before = await t.deps.db.selectFrom('forum_stories').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      const res = await newStory(guestAgent(t), storyFields({ treatment: ['microneedling', 'other'], needle_mm: '3', other_text: '', months: '0', change: '5', title: 'Kept title here' }))
      assert.equal(res.statusCode, 422)
      assert.match(res.body, /Choose the needle length you used\./)
      assert.match(res.body, /Name the other treatment in a few words\./)
      assert.match(res.body, /from 1 to 240/)
      assert.match(res.body, /Choose how your hair changed/)
      assert.match(res.body, /value="Kept title here"/)
      assert.match(res.body, /value="microneedling" checked/)
      assert.match(res.body, /value="other" checked/)
      assert.match(res.body, /name="needle_interval"[^>]*value="7"/)
      const after = await t.deps.db.selectFrom('forum_stories').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      assert.equal(Number(after.n), Number(before.n))
    })

    test('the story schema needs a treatment and each ticked treatment’s parameters', () => {
      const r = StoryForm.safeParse({ months: '3', change: '0' })
      assert.equal(r.success, false)
      const ok = StoryForm.parse({ treatment: 'massage,finasteride', massage_minutes: '10', months: '3', change: '-2' })
      assert.deepEqual(ok.treatments, [{ kind: 'massage', minutesPerDay: 10 }, { kind: 'finasteride' }])
      assert.equal(ok.change, -2)
      assert.equal(ok.stage, null)
    })

    test('XSS payloads in story fields come back as text', async () => {
      const payloads = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '<svg onload=alert(1)>']
      for (const p of payloads) {
        const res = await newStory(guestAgent(t), storyFields({ title: `Story ${p}`, name: `N ${p}`.slice(0, 60), treatment: ['other'], other_text: p, stage: '' }))
        const path = redirectTarget(res)
        const page = await t.agent().get(path)
        assert.equal(page.statusCode, 200)
        const card = /<section class="story-card"[\s\S]*?<\/section>/.exec(page.body)![0]
        // Structurally: the card holds only the elements it is made of, and the payload is its text.
        const tags = new Set([...card.matchAll(/<([a-z0-9]+)[\s>]/gi)].map((m) => m[1].toLowerCase()))
        assert.deepEqual([...tags].filter((x) => !['section', 'h2', 'dl', 'div', 'dt', 'dd', 'ul', 'li', 'p'].includes(x)), [])
        const text = card.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
        assert.ok(text.includes(p), `the payload shows as text: ${text}`)
        assert.doesNotMatch(page.body, /<script>alert|<img src=x|<svg onload/i)
        const list = await t.agent().get(`/forum/c/${stories.slug}`)
        assert.doesNotMatch(list.body, /<script>alert|<img src=x|<svg onload/i)
      }
    })

    test('a non-image, a wrong format and a decompression bomb get a clear error and nothing is stored', async () => {
      const countFiles = async () => (await t.deps.storage.list('forum-images/')).length
      const countRows = async () => Number((await t.deps.db.selectFrom('forum_post_images').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
      const files0 = await countFiles(); const rows0 = await countRows()
      const notImage = await newStory(guestAgent(t), storyFields({ title: 'Not an image attached' }), { photo1: { filename: 'photo.jpg', type: 'image/jpeg', data: Buffer.from('<html>hello</html>') } })
      assert.equal(notImage.statusCode, 422)
      assert.match(notImage.body, /not an image we can read/)
      assert.match(notImage.body, /value="Not an image attached"/)
      const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } }).gif().toBuffer()
      const wrong = await newStory(guestAgent(t), storyFields(), { photo1: { filename: 'photo.png', type: 'image/png', data: gif } })
      assert.equal(wrong.statusCode, 422)
      assert.match(wrong.body, /That is a GIF file/)
      // A small PNG whose header claims 20,000 × 20,000 pixels (400 megapixels).
      const bomb = pngClaiming(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer(), 20000, 20000)
      const refused = await newStory(guestAgent(t), storyFields(), { photo1: { filename: 'b.png', type: 'image/png', data: bomb } })
      assert.equal(refused.statusCode, 422)
      assert.match(refused.body, /20,000 × 20,000 pixels, more than the 40-megapixel limit/)
      const big = Buffer.concat([await cameraJpeg(100, 100), crypto.randomBytes(8 * 1024 * 1024 + 10)])
      const tooBig = await newStory(guestAgent(t), storyFields(), { photo1: { filename: 'big.jpg', type: 'image/jpeg', data: big } })
      assert.equal(tooBig.statusCode, 422)
      assert.match(tooBig.body, /larger than 8 MB/)
      assert.equal(await countFiles(), files0)
      assert.equal(await countRows(), rows0)
    })

    test('per-post photo limits: a guest reply takes 1, a member reply up to 4, a story up to 4', async () => {
      const a = guestAgent(t)
      const path = redirectTarget(await newStory(a, storyFields({ title: 'A story to reply to' })))
      const shortId = path.split('/')[3]
      const jpg = { filename: 'a.jpg', type: 'image/jpeg', data: await cameraJpeg(300, 200) }
      const reply = (agent: Agent, files: Record<string, Upload>) => postMultipart(t, agent, path, `/forum/t/${shortId}/reply`, { body: `A reply ${crypto.randomUUID()}`, name: 'Kim', email: '', reply_to: '' }, files)
      const two = await reply(guestAgent(t), { photo1: jpg, photo2: jpg })
      assert.equal(two.statusCode, 422)
      assert.match(two.body, /Guests can attach 1 photo per post\./)
      redirectTarget(await reply(guestAgent(t), { photo1: jpg }))
      const member = await t.signedIn('member')
      redirectTarget(await reply(member, { photo1: jpg, photo2: jpg, photo3: jpg, photo4: jpg }))
      const five = await newStory(guestAgent(t), storyFields(), { photo1: jpg, photo2: jpg, photo3: jpg, photo4: jpg, photo5: jpg })
      assert.ok(five.statusCode === 422 || five.statusCode === 413, `got ${five.statusCode}`)
      const perPost = await t.deps.db.selectFrom('forum_post_images').select(['post_id']).execute()
      const counts = new Map<number, number>()
      for (const r of perPost) counts.set(r.post_id, (counts.get(r.post_id) ?? 0) + 1)
      assert.ok([...counts.values()].every((n) => n <= 4))
      assert.ok([...counts.values()].includes(4))
    })

    test('photo URLs take only server-made names, and a held post’s photo is hidden from others', async () => {
      assert.equal((await t.agent().get('/forum/images/..%2F..%2Fcrown.sqlite')).statusCode, 404)
      assert.equal((await t.agent().get('/forum/images/abc.jpg')).statusCode, 404)
      const cat = await t.category({ hold: true })
      const a = guestAgent(t)
      const res = await postMultipart(t, a, `/forum/c/${cat.slug}/new`, `/forum/c/${cat.slug}/new`, { title: 'Held with a photo', body: 'Here it is.', name: 'Lou', email: '' },
        { photo1: { filename: 'x.webp', type: 'image/webp', data: await sharp({ create: { width: 50, height: 40, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer() } })
      const page = await a.get(redirectTarget(res))
      const src = /<img src="(\/forum\/images\/[a-f0-9]{32}\.webp)"/.exec(page.body)![1]
      assert.equal((await a.get(src)).statusCode, 200)
      assert.equal((await t.agent().get(src)).statusCode, 404)
    })
  })
}
