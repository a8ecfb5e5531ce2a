import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, redirectTarget, type TestApp, type Agent } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { setSetting } from '../db/settings.js'
import { bumpSiteVersion } from '../http/page-cache.js'
import { contentFixtures } from '../content/fixtures.js'
import { TIME_ZONE_KEY } from './site-settings.js'
import { TIME_ZONE_RECHECK_MS } from './index.js'

for (const dialect of testDialects()) {
  describe(`the site time zone setting (${dialect})`, () => {
    let t: TestApp
    let admin: Agent & { userId: number }
    let editor: Agent & { userId: number }
    let category: number
    before(async () => {
      t = await testApp(dialect)
      category = await contentFixtures(t).category('Zones', 'zones')
      admin = await t.signedIn('admin', 'Ada Admin')
      editor = await t.signedIn('editor')
    })
    after(() => t.close())

    const storedZone = async () => (await t.deps.db.selectFrom('settings').select('value').where('key', '=', TIME_ZONE_KEY).executeTakeFirst())?.value

    test('only an administrator sees and changes it, with a CSRF token', async () => {
      assert.equal((await editor.get('/admin/settings')).statusCode, 403)
      await editor.get('/admin')
      assert.equal((await editor.post('/admin/settings', { time_zone: 'Europe/Berlin' })).statusCode, 403)
      const page = await admin.get('/admin/settings')
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /<option value="Europe\/Berlin">Europe\/Berlin<\/option>/)
      assert.match(page.body, /<optgroup label="America">/)
      assert.equal((await admin.post('/admin/settings', { time_zone: 'Europe/Berlin', _csrf: 'forged' })).statusCode, 403)
      assert.equal(await storedZone(), undefined)
    })

    test('an unknown zone is refused with a message, nothing stored', async () => {
      await admin.get('/admin/settings')
      for (const bad of ['Mars/Olympus', 'europe/berlin', '']) {
        const res = await admin.post('/admin/settings', { time_zone: bad })
        assert.equal(res.statusCode, 422, bad)
        assert.match(res.body, /Choose a time zone from the list\./)
      }
      assert.equal((await admin.post('/admin/settings', {})).statusCode, 422)
      assert.equal(await storedZone(), undefined)
    })

    test('choosing Berlin stores it, audits it, and shows it back', async () => {
      await admin.get('/admin/settings')
      const res = await admin.post('/admin/settings', { time_zone: 'Europe/Berlin' })
      assert.equal(redirectTarget(res), '/admin/settings')
      assert.equal(await storedZone(), 'Europe/Berlin')
      const page = await admin.get('/admin/settings')
      assert.match(page.body, /Saved\. Dates now show in Europe\/Berlin time\./)
      assert.match(page.body, /<option value="Europe\/Berlin" selected>/)
      const audit = await admin.get('/admin/audit')
      assert.match(audit.body, /settings\.timezone/)
      assert.match(audit.body, /→ Europe\/Berlin/)
    })

    test('a publish time typed in Berlin, summer and winter, stores the right instant and shows back', async () => {
      await admin.post('/admin/settings', { time_zone: 'Europe/Berlin' })
      await editor.get('/admin/articles/new')
      const schedule = async (title: string, at: string) => {
        const res = await editor.post('/admin/articles', {
          kind: 'post', title, slug: '', excerpt: '', body: 'Text.', featured_media_id: '', reviewed_by: '', reviewed_at: '', comments_enabled: 'on',
          publish_at: at, new_tags: '', categories: [String(category)], action: 'schedule',
        })
        const edit = redirectTarget(res)
        const row = await t.deps.db.selectFrom('articles').select(['published_at', 'status', 'slug']).where('title', '=', title).executeTakeFirstOrThrow()
        return { edit, row }
      }
      const summer = await schedule('Summer piece', '2027-07-01T09:00')
      assert.equal(summer.row.status, 'scheduled')
      assert.equal(new Date(summer.row.published_at!).toISOString(), '2027-07-01T07:00:00.000Z', 'CEST is UTC+2')
      const form = await editor.get(summer.edit)
      assert.match(form.body, /Scheduled: the article goes live on July 1, 2027 at 9:00 AM GMT\+2\./)
      assert.match(form.body, /name="publish_at"[^>]*value="2027-07-01T09:00"/)
      assert.match(form.body, /Publish at \(Europe\/Berlin time\)/)

      const winter = await schedule('Winter piece', '2027-12-01T09:00')
      assert.equal(new Date(winter.row.published_at!).toISOString(), '2027-12-01T08:00:00.000Z', 'CET is UTC+1')
      const winterForm = await editor.get(winter.edit)
      assert.match(winterForm.body, /Scheduled: the article goes live on December 1, 2027 at 9:00 AM GMT\+1\./)
      assert.match(winterForm.body, /name="publish_at"[^>]*value="2027-12-01T09:00"/)
      const preview = await editor.get(`/${winter.row.slug}`)
      assert.match(preview.body, /Scheduled for December 1, 2027 at 9:00 AM GMT\+1/)

      // A time the clocks skip (02:30 on 28 March 2027) is read as 03:30 summer time.
      const gap = await schedule('Gap piece', '2027-03-28T02:30')
      assert.equal(new Date(gap.row.published_at!).toISOString(), '2027-03-28T01:30:00.000Z')
      assert.match((await editor.get(gap.edit)).body, /name="publish_at"[^>]*value="2027-03-28T03:30"/)
    })

    test('a zone stored by another process is what pages show a second later', async () => {
      const f = contentFixtures(t)
      const { slug } = await f.post({ title: 'Late night post', daysAgo: 2 })
      const row = await t.deps.db.selectFrom('articles').select('published_at').where('slug', '=', slug).executeTakeFirstOrThrow()
      const at = new Date(row.published_at!)
      const dayIn = (zone: string) => new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: zone }).format(at)
      for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
        // Written straight to the database, as another process's settings POST would (which also
        // replaces the site version); this process learns of it on its first request a second later.
        await setSetting(t.deps.db, TIME_ZONE_KEY, zone)
        await bumpSiteVersion(t.deps.db)
        t.clock.advance(TIME_ZONE_RECHECK_MS)
        const page = await t.agent().get(`/${slug}`)
        assert.match(page.body, new RegExp(`<time datetime="${row.published_at!.replace(/[.+]/g, '\\$&')}">${dayIn(zone)}</time>`), zone)
      }
      assert.notEqual(dayIn('Pacific/Kiritimati'), dayIn('Pacific/Pago_Pago'), 'UTC+14 and UTC−11 never share a date')
    })
  })
}
