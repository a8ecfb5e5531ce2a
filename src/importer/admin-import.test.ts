import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { testDialects } from '../test/databases.js'
import { testApp, redirectTarget, type TestApp, type Agent } from '../test/harness.js'
import { multipart } from '../content/fixtures.js'
import { iso } from '../clock.js'
import { fixture } from './fixtures.js'
import { failInterruptedRuns, INTERRUPTED, IMPORT_JOB, runImportJob } from './admin-import.js'

const siteWxr = fs.readFileSync(fixture('site.wxr.xml'))
const truncatedWxr = fs.readFileSync(fixture('truncated.wxr.xml'))
const disqusXml = fs.readFileSync(fixture('disqus.xml'))

for (const dialect of testDialects()) {
  describe(`importing from the admin, as a job (${dialect})`, () => {
    let t: TestApp
    let admin: Agent & { userId: number }
    before(async () => {
      t = await testApp(dialect)
      admin = await t.signedIn('admin', 'Ada Admin')
    })
    after(() => t.close())

    const importsDir = () => path.join(t.deps.config.dataDir, 'imports')
    const storedFiles = () => (fs.existsSync(importsDir()) ? fs.readdirSync(importsDir()) : [])
    const runs = () => t.deps.db.selectFrom('import_runs').selectAll().orderBy('id').execute()
    const runById = (id: number) => t.deps.db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const importJobs = () => t.deps.db.selectFrom('jobs').selectAll().where('kind', '=', IMPORT_JOB).orderBy('id').execute()

    const upload = async (who: Agent, file: { name: string; data: Buffer } | null, fields: Record<string, string> = { source: 'wordpress' }, csrf?: string) => {
      await who.get('/admin/import')
      const form = multipart({ _csrf: csrf ?? who.csrfToken ?? '', ...fields }, file ? { file: { filename: file.name, type: 'text/xml', data: file.data } } : {})
      return who.request('POST', '/admin/import', form.body, { 'content-type': form.contentType })
    }
    const runIdOf = (location: string) => Number(/^\/admin\/import\/(\d+)$/.exec(location)?.[1])

    test('an admin uploads a WordPress export: a queued run and its job, then the job imports it and the page shows the report', async () => {
      admin.ip = '203.0.113.11'
      const res = await upload(admin, { name: 'rootwise.WordPress.2026-01-31.xml', data: siteWxr })
      const id = runIdOf(redirectTarget(res))
      assert.ok(id > 0)
      const queued = await runById(id)
      assert.equal(queued.status, 'queued')
      assert.equal(queued.source, 'wordpress')
      assert.equal(queued.file_name, 'rootwise.WordPress.2026-01-31.xml')
      assert.equal(Number(queued.size_bytes), siteWxr.length)
      assert.equal(queued.started_by, admin.userId)
      // The stored name is the server's, never the client's.
      assert.doesNotMatch(queued.stored_as, /rootwise|\//)
      assert.deepEqual(storedFiles(), [queued.stored_as])
      assert.deepEqual(fs.readFileSync(path.join(importsDir(), queued.stored_as)), siteWxr)
      const jobs = await importJobs()
      assert.equal(jobs.length, 1)
      assert.deepEqual(JSON.parse(jobs[0]!.payload), { runId: id })
      const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'import.start').executeTakeFirstOrThrow()
      assert.equal(audit.subject_id, String(id))
      assert.equal(audit.actor_user_id, admin.userId)

      const before = await admin.get(`/admin/import/${id}/status.json`)
      assert.equal(before.statusCode, 200)
      assert.deepEqual(before.json(), { status: 'queued', bytes_done: 0, size_bytes: siteWxr.length, records_done: 0 })
      const waiting = await admin.get(`/admin/import/${id}`)
      assert.match(waiting.body, /data-import-progress="\/admin\/import\/\d+\/status.json"/)
      assert.match(waiting.body, /updates when refreshed/)
      assert.match(waiting.body, new RegExp(`<a href="/admin/import/${id}">Refresh</a>`))

      assert.equal(await t.deps.jobs.drain(), 1)
      const done = await runById(id)
      assert.equal(done.status, 'done', done.error ?? '')
      assert.equal(done.error, null)
      assert.ok(done.finished_at)
      const report = JSON.parse(done.report_json!) as { counts: Record<string, { imported: number }> }
      assert.ok(report.counts.post!.imported >= 1, JSON.stringify(report.counts))
      assert.ok(Number(done.records_done) > 0)
      const status = await admin.get(`/admin/import/${id}/status.json`)
      assert.deepEqual(status.json(), { status: 'done', bytes_done: siteWxr.length, size_bytes: siteWxr.length, records_done: Number(done.records_done) })
      // The upload is gone once the job has read it.
      assert.deepEqual(storedFiles(), [])

      const page = await admin.get(`/admin/import/${id}`)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /The import finished\./)
      assert.match(page.body, new RegExp(`<th scope="row">Posts</th><td class="num">${report.counts.post!.imported}</td>`))
      assert.doesNotMatch(page.body, /data-import-progress/)
      assert.match(page.body, /<progress id="import-bar" max="\d+" value="\d+">100%<\/progress>/)

      const article = await t.agent().get('/scalp-massage-routine')
      assert.equal(article.statusCode, 200)
      assert.match(article.body, /Scalp massage/i)
      const old = await t.agent().get('/?p=101')
      assert.equal(old.statusCode, 301)
      assert.equal(new URL(String(old.headers.location), 'http://localhost:3000').pathname, '/scalp-massage-routine')

      const list = await admin.get('/admin/import')
      assert.match(list.body, new RegExp(`<a href="/admin/import/${id}">rootwise.WordPress.2026-01-31.xml</a>`))
      assert.match(list.body, /<td>Done<\/td>/)
      assert.match(list.body, /Ada Admin/)
    })

    test('a Disqus export after it, as a dry run: the report, nothing written', async () => {
      admin.ip = '203.0.113.12'
      const before = await t.deps.db.selectFrom('import_map').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      const res = await upload(admin, { name: 'disqus.xml', data: disqusXml }, { source: 'disqus', dry_run: '1' })
      const id = runIdOf(redirectTarget(res))
      assert.equal((await runById(id)).dry_run, 1)
      await t.deps.jobs.drain()
      const run = await runById(id)
      assert.equal(run.status, 'done', run.error ?? '')
      // Read against the articles imported above (on SQLite, in a copy of the database).
      const counts = (JSON.parse(run.report_json!) as { counts: Record<string, { imported: number }> }).counts
      assert.ok(Object.values(counts).some((c) => c.imported > 0), JSON.stringify(counts))
      const after = await t.deps.db.selectFrom('import_map').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      assert.equal(Number(after.n), Number(before.n))
      const page = await admin.get(`/admin/import/${id}`)
      assert.match(page.body, /Dry run: nothing was written/)
      assert.deepEqual(storedFiles(), [])
    })

    test('the uploaded file name is shown escaped, and never becomes a path', async () => {
      admin.ip = '203.0.113.30'
      const name = '<img src=x onerror=alert(1)> evil.xml'
      const id = runIdOf(redirectTarget(await upload(admin, { name, data: siteWxr }, { source: 'wordpress', dry_run: '1' })))
      const run = await runById(id)
      assert.equal(run.file_name, name)
      assert.match(run.stored_as, /^[0-9a-f]{32}\.upload$/)
      for (const url of [`/admin/import/${id}`, '/admin/import']) {
        const page = await admin.get(url)
        assert.doesNotMatch(page.body, /<img src=x/)
        assert.match(page.body, /&lt;img src=x onerror=alert\(1\)> evil\.xml/)
      }
      await t.deps.jobs.drain()
      assert.equal((await runById(id)).status, 'done')
      assert.deepEqual(storedFiles(), [])
    })

    test('a file the reader refuses: the run fails with its line and column, no stack, no retry, and the file is removed', async () => {
      admin.ip = '203.0.113.13'
      const res = await upload(admin, { name: 'cut-short.xml', data: truncatedWxr })
      const id = runIdOf(redirectTarget(res))
      await t.deps.jobs.drain()
      const run = await runById(id)
      assert.equal(run.status, 'failed')
      assert.match(run.error!, /^line \d+, column \d+: /)
      const job = (await importJobs()).find((j) => JSON.parse(j.payload).runId === id)!
      assert.ok(job.done_at, 'the job ends; a retry would read the same file')
      assert.equal(job.attempts, 0)
      assert.equal(await t.deps.jobs.drain(), 0)
      const page = await admin.get(`/admin/import/${id}`)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /The import stopped\./)
      assert.match(page.body, /line \d+, column \d+: /)
      assert.doesNotMatch(page.body, /at [\w.]+ \(|\.ts:\d+/)
      assert.deepEqual(storedFiles(), [])
      const status = await admin.get(`/admin/import/${id}/status.json`)
      assert.equal(status.json().status, 'failed')
    })

    test('an empty, compressed or non-XML file is refused at once with 422, the form kept, nothing stored', async () => {
      admin.ip = '203.0.113.14'
      const before = (await runs()).length
      const cases: [Buffer, RegExp][] = [
        [Buffer.alloc(0), /The file is empty/],
        [Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]), /compressed \(gzip\)/],
        [Buffer.from('id,title\n1,Hello\n'), /The file is not XML/],
      ]
      for (const [data, message] of cases) {
        const res = await upload(admin, { name: 'export<b>.xml', data }, { source: 'disqus', dry_run: '1' })
        assert.equal(res.statusCode, 422, data.toString())
        assert.match(res.body, message)
        assert.match(res.body, /<input type="radio" id="f-source-disqus" name="source" value="disqus" checked/)
        assert.match(res.body, /<input type="checkbox" id="f-dry_run" name="dry_run" value="1" checked/)
        assert.match(res.body, /aria-invalid="true"/)
      }
      const none = await upload(admin, null)
      assert.equal(none.statusCode, 422)
      assert.match(none.body, /Choose the export file/)
      const badSource = await upload(admin, { name: 'x.xml', data: siteWxr }, { source: 'blogger' })
      assert.equal(badSource.statusCode, 422)
      assert.match(badSource.body, /Choose what the export is/)
      assert.equal((await runs()).length, before)
      assert.deepEqual(storedFiles(), [])
    })

    test('only admins import: editors and moderators get 403, anonymous visitors sign in, and no refused upload is stored', async () => {
      admin.ip = '203.0.113.15'
      const before = (await runs()).length
      const [id] = (await runs()).map((r) => r.id)
      for (const role of ['editor', 'moderator', 'shop_manager', 'member'] as const) {
        const who = await t.signedIn(role)
        who.ip = `203.0.113.${100 + ['editor', 'moderator', 'shop_manager', 'member'].indexOf(role)}`
        assert.equal((await who.get('/admin/import')).statusCode, 403, role)
        assert.equal((await who.get(`/admin/import/${id}`)).statusCode, 403, role)
        assert.equal((await who.get(`/admin/import/${id}/status.json`)).statusCode, 403, role)
        const form = multipart({ _csrf: who.csrfToken ?? '', source: 'wordpress' }, { file: { filename: 'site.xml', type: 'text/xml', data: siteWxr } })
        const res = await who.request('POST', '/admin/import', form.body, { 'content-type': form.contentType })
        assert.equal(res.statusCode, 403, role)
      }
      const anon = t.agent()
      anon.ip = '203.0.113.110'
      const get = await anon.get('/admin/import')
      assert.equal(get.statusCode, 303)
      assert.match(String(get.headers.location), /^\/sign-in\?next=/)
      assert.equal((await anon.get(`/admin/import/${id}/status.json`)).statusCode, 303)
      const form = multipart({ _csrf: anon.csrfToken ?? '', source: 'wordpress' }, { file: { filename: 'site.xml', type: 'text/xml', data: siteWxr } })
      assert.equal((await anon.request('POST', '/admin/import', form.body, { 'content-type': form.contentType })).statusCode, 403)
      assert.equal((await runs()).length, before)
      assert.deepEqual(storedFiles(), [])
      // The staff bar offers the page to admins only.
      assert.match((await admin.get('/admin')).body, /<a href="\/admin\/import">Import<\/a>/)
      assert.doesNotMatch((await (await t.signedIn('editor')).get('/admin')).body, /href="\/admin\/import"/)
    })

    test('an upload without a valid CSRF token is refused with 403 before the file is read', async () => {
      admin.ip = '203.0.113.16'
      const before = (await runs()).length
      const res = await upload(admin, { name: 'site.xml', data: siteWxr }, { source: 'wordpress' }, 'forged-token')
      assert.equal(res.statusCode, 403)
      assert.equal((await runs()).length, before)
      assert.deepEqual(storedFiles(), [])
    })

    test('uploads are limited per account and per IP (10 an hour): then 429 with Retry-After', async () => {
      admin.ip = '203.0.113.17'
      const ada = await t.signedIn('admin', 'Rate Ada')
      for (let i = 0; i < 10; i++) {
        ada.ip = `198.51.100.${i + 1}`
        assert.equal((await upload(ada, { name: 'x.csv', data: Buffer.from('not xml') })).statusCode, 422)
      }
      ada.ip = '198.51.100.99'
      const limited = await upload(ada, { name: 'x.csv', data: Buffer.from('not xml') })
      assert.equal(limited.statusCode, 429)
      assert.ok(Number(limited.headers['retry-after']) > 0)
      assert.match(limited.body, /Slow down/)

      for (let i = 0; i < 10; i++) {
        const someone = await t.signedIn('admin')
        someone.ip = '192.0.2.50'
        assert.equal((await upload(someone, { name: 'x.csv', data: Buffer.from('not xml') })).statusCode, 422)
      }
      const other = await t.signedIn('admin')
      other.ip = '192.0.2.50'
      const byIp = await upload(other, { name: 'x.csv', data: Buffer.from('not xml') })
      assert.equal(byIp.statusCode, 429)
      assert.ok(Number(byIp.headers['retry-after']) > 0)
      assert.deepEqual(storedFiles(), [])
    })

    test('a run left running by a stopped process is failed at the next start, or when its job comes round again; a live one is left alone', async () => {
      admin.ip = '203.0.113.18'
      fs.mkdirSync(importsDir(), { recursive: true })
      const now = t.clock.now()
      const make = async (stored: string, updatedAgoMs: number) => {
        fs.writeFileSync(path.join(importsDir(), stored), siteWxr)
        const at = iso(new Date(now.getTime() - updatedAgoMs))
        const row = await t.deps.db.insertInto('import_runs').values({
          source: 'wordpress', file_name: 'old.xml', stored_as: stored, size_bytes: siteWxr.length, dry_run: 0, status: 'running', bytes_done: 10, records_done: 1,
          report_json: null, error: null, started_by: admin.userId, created_at: at, started_at: at, finished_at: null, updated_at: at,
        }).returning('id').executeTakeFirstOrThrow()
        return Number(row.id)
      }
      const stale = await make('stale.upload', 10 * 60_000)
      const live = await make('live.upload', 2_000)
      assert.equal(await failInterruptedRuns(t.deps), 1)
      assert.equal((await runById(stale)).status, 'failed')
      assert.equal((await runById(stale)).error, INTERRUPTED)
      assert.equal((await runById(live)).status, 'running')
      assert.deepEqual(storedFiles(), ['live.upload'])

      // The job handed out again while its run is fresh does nothing; once stale, it fails the run.
      await runImportJob(t.deps, { runId: live })
      assert.equal((await runById(live)).status, 'running')
      t.clock.advance(5 * 60_000)
      await runImportJob(t.deps, { runId: live })
      assert.equal((await runById(live)).status, 'failed')
      assert.equal((await runById(live)).error, INTERRUPTED)
      assert.deepEqual(storedFiles(), [])
      const page = await admin.get(`/admin/import/${live}`)
      assert.match(page.body, /interrupted/)
    })
  })
}
