import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { testApp, redirectTarget, type TestApp, type Agent } from '../test/harness.js'
import { putRedirects, redirectKey } from './index.js'

for (const dialect of testDialects()) {
  describe(`the staff redirects editor (${dialect})`, () => {
    let t: TestApp
    let admin: Agent & { userId: number }
    let editor: Agent & { userId: number }
    before(async () => {
      t = await testApp(dialect)
      admin = await t.signedIn('admin', 'Ada Admin')
      editor = await t.signedIn('editor', 'Eddie Editor')
    })
    after(() => t.close())

    const send = async (who: Agent, page: string, url: string, fields: Record<string, string>) => {
      await who.get(page)
      return who.post(url, fields)
    }
    const byKey = (from: string) => t.deps.db.selectFrom('redirects').selectAll().where('from_key', '=', redirectKey(from)!).executeTakeFirst()
    const audits = (action: string) => t.deps.db.selectFrom('audit_log').select(['actor_user_id', 'subject_id', 'detail']).where('action', '=', action).orderBy('id').execute()
    const count = async () => Number((await t.deps.db.selectFrom('redirects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

    test('an editor adds a redirect; it answers at once, is listed and audited', async () => {
      const res = await send(editor, '/admin/redirects', '/admin/redirects', { from: 'https://old.example/2019/05/first-post/?utm_source=x', to: '/first-post' })
      assert.equal(redirectTarget(res), '/admin/redirects')
      const row = await byKey('/2019/05/first-post/')
      assert.ok(row)
      assert.equal(row.from_shown, '/2019/05/first-post/?utm_source=x')
      assert.equal(row.to_path, '/first-post')
      assert.equal(row.source, 'staff')
      const list = await editor.get('/admin/redirects')
      assert.equal(list.statusCode, 200)
      assert.match(list.body, /Added: “\/2019\/05\/first-post\/\?utm_source=x” now leads to “\/first-post”/)
      assert.match(list.body, /href="\/admin\/redirects\/\d+">\/2019\/05\/first-post\/\?utm_source=x</)
      const followed = await t.agent().get('/2019/05/first-post/')
      assert.equal(followed.statusCode, 301)
      assert.equal(followed.headers.location, '/first-post')
      const [audit] = await audits('redirect.create')
      assert.equal(audit.actor_user_id, editor.userId)
      assert.equal(audit.subject_id, String(row.id))
      assert.equal(audit.detail, '/2019/05/first-post/?utm_source=x → /first-post')
    })

    test('bad input re-renders with 422, clear messages and what was typed', async () => {
      const cases: [Record<string, string>, string, RegExp][] = [
        [{ from: '', to: '' }, 'from', /Enter the old address/],
        [{ from: 'old-post', to: '/x' }, 'from', /as a path starting with \//],
        [{ from: '/', to: '/x' }, 'from', /home page/],
        [{ from: '/%E0%A4%A', to: '/x' }, 'from', /broken %-code/],
        [{ from: '/old\u0000post', to: '/x' }, 'from', /control characters/],
        [{ from: '/old-post', to: 'javascript:alert(1)' }, 'to', /path on this site starting with one \//],
        [{ from: '/old-post', to: '//evil.example/' }, 'to', /path on this site starting with one \//],
        [{ from: '/old-post', to: '' }, 'to', /Enter where the old address should lead/],
        [{ from: '/old-post', to: '/old-post' }, 'to', /would loop/],
        [{ from: '/old-post?p=3', to: 'http://localhost:3000/old-post?p=3#top' }, 'to', /would loop/],
        [{ from: '/2019/05/FIRST-post', to: '/y' }, 'from', /already a redirect from “\/2019\/05\/first-post\/\?utm_source=x” \(to “\/first-post”\): edit that one instead/],
      ]
      for (const [fields, field, message] of cases) {
        const res = await send(admin, '/admin/redirects', '/admin/redirects', fields)
        assert.equal(res.statusCode, 422, JSON.stringify(fields))
        assert.match(res.body, /The redirect was not added/)
        assert.match(res.body, new RegExp(`id="f-${field}-error">[^<]*${message.source}`), JSON.stringify(fields))
        assert.match(res.body, new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`))
      }
      const kept = await send(admin, '/admin/redirects', '/admin/redirects', { from: '/old-post/"<b>', to: 'javascript:alert(1)' })
      assert.match(kept.body, /value="\/old-post\/&quot;&lt;b>"|value="\/old-post\/&quot;&lt;b&gt;"/)
      assert.match(kept.body, /value="javascript:alert\(1\)"/)
      assert.equal(await byKey('/old-post'), undefined)
      assert.equal((await audits('redirect.create')).length, 1)
    })

    test('no chains: a target that is itself redirected is refused, naming where it leads', async () => {
      redirectTarget(await send(admin, '/admin/redirects', '/admin/redirects', { from: '/middle/', to: '/final' }))
      const res = await send(admin, '/admin/redirects', '/admin/redirects', { from: '/start', to: '/Middle/' })
      assert.equal(res.statusCode, 422)
      assert.match(res.body, /“\/middle\/” is itself redirected to “\/final”: point this redirect straight there/)
      assert.equal(await byKey('/start'), undefined)
      // A trailing-slash row (/page/ → /page) does not make /page a chain: it never fires there.
      await putRedirects(t.deps.db, [{ from: '/page/', to: '/page' }], 'import')
      redirectTarget(await send(admin, '/admin/redirects', '/admin/redirects', { from: '/older-page', to: '/page' }))
      // A target elsewhere is never a chain.
      redirectTarget(await send(admin, '/admin/redirects', '/admin/redirects', { from: '/away', to: 'https://example.org/middle/' }))
    })

    test('an edit makes an imported row staff’s; a later import leaves it alone', async () => {
      await putRedirects(t.deps.db, [{ from: '/?p=77', to: '/imported-target' }], 'import')
      const row = (await byKey('/?p=77'))!
      assert.equal(row.source, 'import')
      const page = await admin.get(`/admin/redirects/${row.id}`)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /value="\/\?p=77"/)
      assert.match(page.body, /Imported\. Once you save it, it is yours/)

      const bad = await admin.post(`/admin/redirects/${row.id}`, { from: '/?p=77', to: 'nowhere' })
      assert.equal(bad.statusCode, 422)
      assert.match(bad.body, /The redirect was not saved/)
      assert.match(bad.body, /value="nowhere"/)
      const taken = await send(admin, `/admin/redirects/${row.id}`, `/admin/redirects/${row.id}`, { from: '/middle', to: '/x' })
      assert.equal(taken.statusCode, 422)
      assert.match(taken.body, /already a redirect from “\/middle\/”/)

      redirectTarget(await send(admin, `/admin/redirects/${row.id}`, `/admin/redirects/${row.id}`, { from: '/?p=77', to: '/chosen' }))
      const saved = (await byKey('/?p=77'))!
      assert.equal(saved.source, 'staff')
      assert.equal(saved.to_path, '/chosen')
      assert.deepEqual(await putRedirects(t.deps.db, [{ from: '/?p=77', to: '/imported-again' }], 'import'), { added: 0, updated: 0, kept: 1, refused: [] })
      assert.equal((await byKey('/?p=77'))!.to_path, '/chosen')
      const [audit] = await audits('redirect.update')
      assert.equal(audit.detail, '/?p=77 → /imported-target is now /?p=77 → /chosen')
      // Saving a row with its own old address is no duplicate of itself.
      redirectTarget(await send(admin, `/admin/redirects/${row.id}`, `/admin/redirects/${row.id}`, { from: '/?p=77&utm_source=x', to: '/chosen' }))
    })

    test('delete asks first, then removes the row; the old address gets the 404 again', async () => {
      const row = (await byKey('/away'))!
      const ask = await admin.get(`/admin/redirects/${row.id}/delete`)
      assert.equal(ask.statusCode, 200)
      assert.match(ask.body, /Delete the redirect from “\/away”\?/)
      assert.match(ask.body, new RegExp(`<form method="post" action="/admin/redirects/${row.id}/delete"`))
      assert.ok(await byKey('/away'), 'showing the question deletes nothing')
      redirectTarget(await admin.post(`/admin/redirects/${row.id}/delete`))
      assert.equal(await byKey('/away'), undefined)
      assert.equal((await t.agent().get('/away')).statusCode, 404)
      const [audit] = await audits('redirect.delete')
      assert.equal(audit.detail, '/away → https://example.org/middle/')
      assert.equal((await admin.post(`/admin/redirects/${row.id}/delete`)).statusCode, 404)
      assert.equal((await admin.get(`/admin/redirects/${row.id}`)).statusCode, 404)
      assert.equal((await admin.get('/admin/redirects/abc')).statusCode, 404)
    })

    test('a state change without the CSRF token is refused and changes nothing', async () => {
      const row = (await byKey('/middle'))!
      const before = await count()
      await admin.get('/admin/redirects')
      for (const [url, fields] of [['/admin/redirects', { from: '/csrf', to: '/x' }], [`/admin/redirects/${row.id}`, { from: '/middle/', to: '/changed' }], [`/admin/redirects/${row.id}/delete`, {}]] as const) {
        const res = await admin.post(url, { ...fields, _csrf: 'forged' })
        assert.equal(res.statusCode, 403, url)
        assert.match(res.body, /This form has expired/)
      }
      assert.equal(await count(), before)
      assert.equal((await byKey('/middle'))!.to_path, '/final')
    })

    test('roles: admins and editors only; moderators and shop managers 403; visitors sent to sign in', async () => {
      const row = (await byKey('/middle'))!
      for (const role of ['moderator', 'shop_manager', 'member'] as const) {
        const who = await t.signedIn(role)
        for (const url of ['/admin/redirects', `/admin/redirects/${row.id}`, `/admin/redirects/${row.id}/delete`]) assert.equal((await who.get(url)).statusCode, 403, `${role} GET ${url}`)
        await who.get('/account')
        assert.equal((await who.post('/admin/redirects', { from: '/by-' + role, to: '/x' })).statusCode, 403, role)
        assert.equal((await who.post(`/admin/redirects/${row.id}/delete`)).statusCode, 403, role)
      }
      const visitor = t.agent()
      const res = await visitor.get('/admin/redirects')
      assert.equal(res.statusCode, 303)
      assert.match(String(res.headers.location), /^\/sign-in\?next=%2Fadmin%2Fredirects/)
      assert.equal((await visitor.post('/admin/redirects', { from: '/anon', to: '/x' })).statusCode, 403)
      assert.ok(await byKey('/middle'))
      assert.equal(await byKey('/by-moderator'), undefined)
      assert.equal(await byKey('/anon'), undefined)
    })

    test('the staff bar links the editor for admins and editors only', async () => {
      assert.match((await editor.get('/admin')).body, /<a href="\/admin\/redirects">Redirects<\/a>/)
      const mod = await t.signedIn('moderator')
      assert.doesNotMatch((await mod.get('/admin')).body, /\/admin\/redirects/)
    })

    test('the list: 50 a page, newest first, searchable over old and new addresses', async () => {
      const rows = Array.from({ length: 120 }, (_, i) => ({ from: `/2015/01/bulk-${String(i).padStart(3, '0')}/`, to: `/bulk-target-${i}` }))
      await putRedirects(t.deps.db, rows, 'import')
      const total = await count()
      const first = await admin.get('/admin/redirects')
      assert.equal((first.body.match(/<tr>/g) ?? []).length, 50 + 1)
      assert.match(first.body, new RegExp(`${total} redirects\\.`))
      assert.match(first.body, new RegExp(`Page 1 of ${Math.ceil(total / 50)}`))
      const last = await admin.get(`/admin/redirects?page=${Math.ceil(total / 50)}`)
      assert.equal((last.body.match(/<tr>/g) ?? []).length, (total % 50 || 50) + 1)

      const found = await admin.get('/admin/redirects?q=BULK-01')
      assert.match(found.body, /10 redirects match/)
      assert.match(found.body, /bulk-010\//)
      assert.doesNotMatch(found.body, /bulk-020\//)
      const byTarget = await admin.get('/admin/redirects?q=bulk-target-119')
      assert.match(byTarget.body, /1 redirect match/)
      const literal = await admin.get('/admin/redirects?q=bulk_0%25')
      assert.match(literal.body, /No redirect matches this search/)
      assert.match(literal.body, /value="bulk_0%"/)
      const junk = await admin.get('/admin/redirects?page=abc&q=' + 'x'.repeat(500))
      assert.equal(junk.statusCode, 200)

      // Hits and the last hit show in the list.
      await t.agent().get('/2015/01/bulk-119/')
      const hit = await admin.get('/admin/redirects?q=bulk-119')
      assert.match(hit.body, /<td class="num">1<\/td>/)
      assert.match(hit.body, /<time dateTime="[^"]+"/i)
    })

    test('element ids are unique and every input has a label', async () => {
      for (const url of ['/admin/redirects', `/admin/redirects/${(await byKey('/middle'))!.id}`]) {
        const body = (await admin.get(url)).body
        const ids = [...body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])
        assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], url)
        for (const m of body.matchAll(/<input[^>]*\sid="(f-[^"]+)"/g)) assert.match(body, new RegExp(`<label for="${m[1]}"`), `${url} ${m[1]}`)
        assert.doesNotMatch(body, /\sstyle=|<script(?![^>]*\ssrc=)/)
      }
    })
  })
}
