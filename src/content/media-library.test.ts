import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import sharp from 'sharp'
import { testApp, testStorages, redirectTarget, type TestApp, type Agent } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { contentFixtures } from './fixtures.js'
import { storeImage } from './media.js'
import { imageSnippet } from './media-urls.js'

const image = (color: string) => sharp({ create: { width: 900, height: 600, channels: 3, background: color } }).jpeg().toBuffer()

for (const dialect of testDialects()) for (const storage of testStorages()) {
  describe(`the media library on ${dialect}, files in ${storage}`, () => {
    let t: TestApp
    let editor: Agent & { userId: number }
    const ids: Record<'hero' | 'chart' | 'spare', number> = { hero: 0, chart: 0, spare: 0 }
    let heroArticle = ''
    before(async () => {
      t = await testApp(dialect, { storage })
      editor = await t.signedIn('editor', 'Ivy Uploader')
      const store = async (name: string, color: string, alt: string) => {
        const r = await storeImage(t.deps, { data: await image(color), originalName: name, alt, caption: '', uploadedBy: editor.userId })
        if (r.kind !== 'stored') throw new Error(r.kind)
        return r
      }
      const hero = await store('hero-shot.jpg', '#a05030', 'A scalp under a lamp')
      const chart = await store('density-chart.jpg', '#3050a0', 'A chart of hair counts')
      const spare = await store('spare.jpg', '#30a050', 'An unused picture')
      Object.assign(ids, { hero: hero.mediaId, chart: chart.mediaId, spare: spare.mediaId })
      const f = contentFixtures(t)
      const featured = await f.post({ title: 'Lamp article', slug: 'lamp-article' })
      heroArticle = featured.slug
      await t.deps.db.updateTable('articles').set({ featured_media_id: hero.mediaId }).where('id', '=', featured.id).execute()
      await f.post({ title: 'Counting hairs', body: `Counts rose.\n\n${imageSnippet(chart.info, 'Counts by month', '')}`, status: 'draft' })
      await f.post({ title: 'About the lamp', kind: 'page', body: `The lamp:\n\n${imageSnippet(hero.info, 'The lamp', '')}` })
    })
    after(() => t.close())

    const item = (html: string, id: number) => {
      const m = new RegExp(`<li class="media-item" id="media-${id}">([\\s\\S]*?)</form>`).exec(html)
      assert.ok(m, `media-${id} is listed`)
      return m[1]
    }

    test('lists every upload with its description, size, uploader and where it is shown', async () => {
      const res = await editor.get('/admin/media')
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /3 images, newest first/)
      const hero = item(res.body, ids.hero)
      assert.match(hero, /<h2 class="media-item__name">hero-shot\.jpg<\/h2>/)
      assert.match(hero, /900 × 600 pixels · [1-9]\d* KB in 4 files · uploaded <time datetime="[^"]+">[A-Z][a-z]+ \d+, \d{4}<\/time> by Ivy Uploader/)
      assert.match(hero, />A scalp under a lamp<\/textarea>/)
      assert.match(hero, /<a href="\/admin\/articles\/\d+\/edit">About the lamp<\/a><span class="muted"> \(page, in the text\)<\/span>/)
      assert.match(hero, /<a href="\/admin\/articles\/\d+\/edit">Lamp article<\/a><span class="muted"> \(featured image\)<\/span> <span class="status status--published">Published<\/span>/)
      const chart = item(res.body, ids.chart)
      assert.match(chart, /Counting hairs<\/a><span class="muted"> \(in the text\)<\/span> <span class="status status--draft">Draft<\/span>/)
      assert.doesNotMatch(chart, /Lamp article|About the lamp/)
      assert.match(item(res.body, ids.spare), /Not shown in any article or page\./)
      // Newest first.
      assert.ok(res.body.indexOf(`media-${ids.spare}`) < res.body.indexOf(`media-${ids.hero}`))
      assert.match(res.body, /<a href="\/admin\/media">Media<\/a>/, 'the staff navigation links to it')
    })

    test('publishing roles only; the moderator gets no link', async () => {
      const mod = await t.signedIn('moderator')
      assert.equal((await mod.get('/admin/media')).statusCode, 403)
      assert.doesNotMatch((await mod.get('/admin')).body, /href="\/admin\/media"/)
      assert.equal((await mod.post(`/admin/media/${ids.spare}`, { alt: 'Hijacked' })).statusCode, 403)
    })

    test('a new description is saved, audited and shown where the image is featured', async () => {
      await editor.get('/admin/media')
      const res = await editor.post(`/admin/media/${ids.hero}`, { alt: 'A scalp under a reading lamp', caption: 'Week 12', page: '1' })
      assert.equal(redirectTarget(res), `/admin/media#media-${ids.hero}`)
      const row = await t.deps.db.selectFrom('media').select(['alt', 'caption']).where('id', '=', ids.hero).executeTakeFirstOrThrow()
      assert.deepEqual(row, { alt: 'A scalp under a reading lamp', caption: 'Week 12' })
      const page = await editor.get('/admin/media')
      assert.match(page.body, /Saved the image’s description\./)
      assert.match(item(page.body, ids.hero), /value="Week 12"/)
      assert.match((await t.agent().get(`/${heroArticle}`)).body, /alt="A scalp under a reading lamp"/)
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('subject_id', '=', String(ids.hero)).where('subject_type', '=', 'media').execute()
      assert.deepEqual(audit, [{ action: 'media.describe', actor_user_id: editor.userId }])
    })

    test('an empty description is refused with the typed caption kept; nonsense addresses are 404', async () => {
      await editor.get('/admin/media')
      const res = await editor.post(`/admin/media/${ids.spare}`, { alt: '   ', caption: 'Kept caption', page: '1' })
      assert.equal(res.statusCode, 422)
      assert.match(res.body, /The description was not saved\./)
      const spare = item(res.body, ids.spare)
      assert.match(spare, /Describe the image for people who cannot see it\./)
      assert.match(spare, /aria-invalid="true"/)
      assert.match(spare, /value="Kept caption"/)
      assert.equal((await t.deps.db.selectFrom('media').select('alt').where('id', '=', ids.spare).executeTakeFirstOrThrow()).alt, 'An unused picture')

      assert.equal((await editor.post('/admin/media/999999', { alt: 'Something' })).statusCode, 404)
      assert.equal((await editor.post('/admin/media/abc', { alt: 'Something' })).statusCode, 404)
      assert.equal((await editor.post(`/admin/media/${ids.spare}`, { alt: 'Forged', _csrf: 'nope' })).statusCode, 403)
      assert.equal((await editor.get('/admin/media?page=9')).statusCode, 404)
      assert.equal((await editor.get('/admin/media?page=abc')).statusCode, 200)
    })
  })
}
