import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, redirectTarget, type TestApp, type Agent } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { contentFixtures } from './fixtures.js'
import { toLocalInputValue } from '../views/format.js'

const HOUR = 3_600_000
// Typed as the site's clock reads it (its time zone setting; the server's zone until one is chosen).
const localInput = (d: Date) => toLocalInputValue(d.toISOString())

for (const dialect of testDialects()) {
  describe(`the staff editor on ${dialect}`, () => {
    let t: TestApp
    let editor: Agent & { userId: number }
    let category: number
    before(async () => {
      t = await testApp(dialect)
      const f = contentFixtures(t)
      category = await f.category('Microneedling', 'microneedling')
      await f.tag('Safety')
      await f.study('pmid:23862125', { title: 'Microneedling trial', design: 'RCT' })
      editor = await t.signedIn('editor', 'Eddie Editor')
    })
    after(() => t.close())

    const fields = (over: Record<string, string | string[]> = {}) => ({
      kind: 'post', title: 'Needle length and interval', slug: '', excerpt: 'What the trials used.', body: 'Weekly sessions [@pmid:23862125].',
      featured_media_id: '', reviewed_by: '', reviewed_at: '', comments_enabled: 'on', publish_at: '', new_tags: '', categories: [String(category)],
      ...over,
    })

    test('an editor route sends anonymous visitors to sign in and refuses a moderator', async () => {
      const anon = await t.agent().get('/admin/articles/new')
      assert.equal(redirectTarget(anon), '/sign-in?next=%2Fadmin%2Farticles%2Fnew')
      const mod = await t.signedIn('moderator')
      assert.equal((await mod.get('/admin/articles')).statusCode, 403)
      assert.equal((await mod.get('/admin/studies')).statusCode, 403)
      await mod.get('/')
      assert.equal((await mod.post('/admin/articles', fields())).statusCode, 403)
      assert.equal((await t.agent().post('/admin/articles/preview', { body: 'x' })).statusCode, 403)
    })

    test('a post kept at the top of the home page comes first there until staff untick it', async () => {
      const site = await testApp(dialect)
      try {
        const ed = await site.signedIn('editor', 'Pia Pinner')
        await ed.get('/admin/articles/new')
        const post = (over: Record<string, string>) => ed.post(over.id ? `/admin/articles/${over.id}` : '/admin/articles', fields({ categories: [], body: 'A plain body.', action: 'publish', ...over }))
        const older = redirectTarget(await post({ title: 'An older post to pin' }))
        await post({ title: 'A newer post' })
        const firstOnHome = async () => /<h2[^>]*>\s*<a[^>]*>([^<]+)<\/a>/.exec((await site.agent().get('/')).body)?.[1]
        assert.equal(await firstOnHome(), 'A newer post')
        const id = /\/admin\/articles\/(\d+)\/edit/.exec(older)![1]!
        assert.equal((await post({ id, title: 'An older post to pin', slug: 'an-older-post-to-pin', sticky: 'on' })).statusCode, 303)
        assert.match((await ed.get(older)).body, /name="sticky"[^>]*checked/, 'the box shows it ticked')
        assert.equal(await firstOnHome(), 'An older post to pin')
        await post({ id, title: 'An older post to pin', slug: 'an-older-post-to-pin' })
        assert.equal(await firstOnHome(), 'A newer post')
      } finally {
        await site.close()
      }
    })

    test('create a draft, preview it, publish it, unpublish it', async () => {
      assert.equal((await editor.get('/admin/articles/new')).statusCode, 200)
      const created = await editor.post('/admin/articles', fields({ action: 'draft', new_tags: 'Needle length, Home use' }))
      const edit = redirectTarget(created)
      assert.match(edit, /^\/admin\/articles\/\d+\/edit$/)
      const page = await editor.get(edit)
      assert.match(page.body, /Draft saved\. Readers cannot see it yet\./)
      assert.match(page.body, /value="needle-length-and-interval"/, 'the slug was made from the title')
      assert.match(page.body, /status--draft/)
      assert.match(page.body, /<input type="checkbox" id="f-cat-\d+" name="categories" value="\d+" checked/)
      assert.match(page.body, /Needle length<\/label>/)
      assert.equal((await t.agent().get('/needle-length-and-interval')).statusCode, 404)
      const draftRow = await t.deps.db.selectFrom('articles').selectAll().where('slug', '=', 'needle-length-and-interval').executeTakeFirstOrThrow()
      assert.equal(draftRow.published_at, null)
      assert.match(draftRow.body_html, /<sup class="cite">/)

      // No-JS preview: the same form comes back with the rendered body below, nothing saved.
      const id = edit.split('/')[3]
      const preview = await editor.post(`/admin/articles/${id}`, fields({ action: 'preview', body: 'Changed [@pmid:23862125].\n\n## A heading' }))
      assert.equal(preview.statusCode, 200)
      assert.match(preview.body, /<section class="editor__preview"[^>]*>/)
      assert.doesNotMatch(preview.body, /data-preview-pane hidden/)
      assert.match(preview.body, /<h2>A heading<\/h2>/)
      assert.match(preview.body, /References/)
      const unchanged = await t.deps.db.selectFrom('articles').select('body_md').where('id', '=', Number(id)).executeTakeFirstOrThrow()
      assert.equal(unchanged.body_md, 'Weekly sessions [@pmid:23862125].')

      // The live preview endpoint answers the client script with the same renderer.
      const live = await editor.post('/admin/articles/preview', { body: 'Live [@pmid:23862125] and [@pmid:1]' })
      assert.equal(live.statusCode, 200)
      const json = JSON.parse(live.body) as { html: string; messages: string[] }
      assert.match(json.html, /<sup class="cite"><a class="cite__link" href="#ref-1"/)
      assert.match(json.html, /id="ref-1"/)
      assert.deepEqual(json.messages, ['The citation [@pmid:1] matches no study. Add it under Studies, or fix the key.'])

      t.clock.advance(HOUR)
      const published = await editor.post(`/admin/articles/${id}`, fields({ action: 'publish' }))
      assert.equal(redirectTarget(published), edit)
      assert.match((await editor.get(edit)).body, /Published: the article is live at \/needle-length-and-interval\./)
      const live1 = await t.agent().get('/needle-length-and-interval')
      assert.equal(live1.statusCode, 200)
      const row = await t.deps.db.selectFrom('articles').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow()
      assert.equal(row.status, 'published')
      assert.equal(new Date(row.published_at!).getTime(), t.clock.now().getTime(), 'the first publish sets published_at')
      assert.equal(new Date(row.updated_at).getTime(), t.clock.now().getTime())

      // Updating later keeps the publish date and moves updated_at.
      t.clock.advance(HOUR)
      redirectTarget(await editor.post(`/admin/articles/${id}`, fields({ action: 'publish', excerpt: 'Updated excerpt.' })))
      const again = await t.deps.db.selectFrom('articles').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow()
      assert.equal(again.published_at, row.published_at)
      assert.equal(new Date(again.updated_at).getTime(), t.clock.now().getTime())

      const unpublished = await editor.post(`/admin/articles/${id}`, fields({ action: 'unpublish' }))
      assert.equal(redirectTarget(unpublished), edit)
      assert.match((await editor.get(edit)).body, /Unpublished: the article is a draft again/)
      assert.equal((await t.agent().get('/needle-length-and-interval')).statusCode, 404)
    })

    test('schedule: a past time is refused with the input kept; a future time goes live when due', async () => {
      await editor.get('/admin/articles/new')
      const past = await editor.post('/admin/articles', fields({ title: 'Scheduled piece', action: 'schedule', publish_at: localInput(new Date(t.clock.now().getTime() - HOUR)) }))
      assert.equal(past.statusCode, 422)
      assert.match(past.body, /That time has passed/)
      assert.match(past.body, /value="Scheduled piece"/)
      const missing = await editor.post('/admin/articles', fields({ title: 'Scheduled piece', action: 'schedule' }))
      assert.equal(missing.statusCode, 422)
      assert.match(missing.body, /Enter the date and time to publish at/)

      const when = new Date(t.clock.now().getTime() + 2 * HOUR)
      const ok = await editor.post('/admin/articles', fields({ title: 'Scheduled piece', action: 'schedule', publish_at: localInput(when) }))
      const edit = redirectTarget(ok)
      assert.match((await editor.get(edit)).body, /Scheduled: the article goes live on/)
      assert.equal((await t.agent().get('/scheduled-piece')).statusCode, 404)
      t.clock.advance(3 * HOUR)
      assert.equal((await t.agent().get('/scheduled-piece')).statusCode, 200)
    })

    test('validation errors re-render at 422 with everything typed kept and a message per field', async () => {
      await editor.get('/admin/articles/new')
      const res = await editor.post('/admin/articles', fields({
        title: '', slug: 'Bad Slug!', excerpt: 'My excerpt stays.', body: 'Cites [@pmid:404404] and\n\nhttps://www.youtube.com/watch?v=nope', action: 'publish',
        reviewed_by: 'Dr Who', new_tags: 'kept, tags', tags: [],
      }))
      assert.equal(res.statusCode, 422)
      assert.match(res.body, /Give it a title\./)
      assert.match(res.body, /class="form-errors"/)
      assert.match(res.body, /value="Bad Slug!"/)
      assert.match(res.body, /My excerpt stays\./)
      assert.match(res.body, /Cites \[@pmid:404404\]/)
      assert.match(res.body, /value="Dr Who"/)
      assert.match(res.body, /value="kept, tags"/)

      const semantic = await editor.post('/admin/articles', fields({ slug: 'admin', body: 'Cites [@pmid:404404].\n\nhttps://www.youtube.com/channel/abc', reviewed_by: 'Dr Who' }))
      assert.equal(semantic.statusCode, 422)
      assert.match(semantic.body, /That address is used by the site itself/)
      assert.match(semantic.body, /The citation \[@pmid:404404\] matches no study/)
      assert.match(semantic.body, /This YouTube link names no video we can play/)
      assert.match(semantic.body, /Enter the date of the review/)
      assert.equal(await t.deps.db.selectFrom('articles').select('id').where('title', '=', 'Needle length and interval').where('slug', '=', 'admin').executeTakeFirst(), undefined)

      const taken = await editor.post('/admin/articles', fields({ slug: 'needle-length-and-interval' }))
      assert.equal(taken.statusCode, 422)
      assert.match(taken.body, /Another article or page already uses this slug/)
    })

    test('a static page is edited the same way and has no categories or comments', async () => {
      const form = await editor.get('/admin/articles/new?kind=page')
      assert.match(form.body, /New page/)
      assert.doesNotMatch(form.body, /<legend>Categories<\/legend>/)
      const res = await editor.post('/admin/articles', fields({ kind: 'page', title: 'Contact', action: 'publish', categories: [] }))
      redirectTarget(res)
      const page = await t.agent().get('/contact')
      assert.equal(page.statusCode, 200)
      assert.doesNotMatch(page.body, /Posted on|id="comments"/)
    })

    test('the article list filters by status, kind, category, author and title', async () => {
      const list = async (q: string) => {
        const res = await editor.get(`/admin/articles${q}`)
        assert.equal(res.statusCode, 200)
        return [...res.body.matchAll(/<td><a href="\/admin\/articles\/\d+\/edit">([^<]+)<\/a>/g)].map((m) => m[1])
      }
      assert.deepEqual((await list('')).sort(), ['Contact', 'Needle length and interval', 'Scheduled piece'])
      assert.deepEqual(await list('?kind=page'), ['Contact'])
      assert.deepEqual(await list('?status=draft'), ['Needle length and interval'])
      assert.deepEqual(await list('?q=SCHEDULED'), ['Scheduled piece'])
      assert.deepEqual((await list(`?category=${category}`)).sort(), ['Needle length and interval', 'Scheduled piece'])
      assert.deepEqual((await list(`?author=${editor.userId}&kind=post`)).sort(), ['Needle length and interval', 'Scheduled piece'])
      assert.deepEqual(await list('?author=999999'), [])
    })

    test('studies: editors add one, then cite it; a bad form keeps its input', async () => {
      await editor.get('/admin/studies/new')
      const bad = await editor.post('/admin/studies', { key: 'pmid 123', authors: 'Kumar A', title: '', year: '20x', journal: 'J', design: 'RCT', url: 'ftp://x', n: '', pmid: '', doi: '', note: '' })
      assert.equal(bad.statusCode, 422)
      assert.match(bad.body, /Use a scheme and an id with no spaces/)
      assert.match(bad.body, /value="Kumar A"/)
      const ok = await editor.post('/admin/studies', { key: 'doi:10.4103/JCAS.JCAS_130_17', authors: 'Kumar MK, Inamadar AC, Palit A', title: 'A randomized controlled single-observer blinded study', year: '2018', journal: 'J Cutan Aesthet Surg', design: 'RCT', n: '68', url: 'https://doi.org/10.4103/JCAS.JCAS_130_17', pmid: '', doi: '10.4103/JCAS.JCAS_130_17', note: '' })
      assert.equal(redirectTarget(ok), '/admin/studies')
      assert.match((await editor.get('/admin/studies')).body, /doi:10.4103\/JCAS.JCAS_130_17/)
      const dup = await editor.post('/admin/studies', { key: 'pmid:23862125', authors: 'A', title: 'T', year: '2013', journal: 'J', design: 'RCT', url: 'https://x.org', n: '', pmid: '', doi: '', note: '' })
      assert.equal(dup.statusCode, 422)
      assert.match(dup.body, /Another study already uses this key/)
      await editor.get('/admin/articles/new')
      const cited = await editor.post('/admin/articles', fields({ title: 'Kumar cited', body: 'See [@doi:10.4103/JCAS.JCAS_130_17].', action: 'publish' }))
      redirectTarget(cited)
      assert.match((await t.agent().get('/kumar-cited')).body, /J Cutan Aesthet Surg/)
    })
  })
}
