import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testApp, type TestApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { iso } from '../clock.js'
import { recordAudit } from '../db/audit.js'
import { contentFixtures } from '../content/fixtures.js'
import { auditPage, dashboardSummary, AUDIT_PAGE_SIZE } from './summary.js'

for (const dialect of testDialects()) {
  describe(`the dashboard and audit log, read through their owners (${dialect})`, () => {
    let t: TestApp
    before(async () => { t = await testApp(dialect) })
    after(() => t.close())

    test('the dashboard counts published posts (not pages), drafts and scheduled articles', async () => {
      const f = contentFixtures(t)
      await f.post({ title: 'One' })
      await f.post({ title: 'Two' })
      await f.post({ title: 'About us', kind: 'page' })
      await f.post({ title: 'Draft one', status: 'draft' })
      await f.post({ title: 'Later one', daysAgo: -2 })
      const s = await dashboardSummary(t.deps)
      assert.deepEqual({ published: s.published, drafts: s.drafts, scheduled: s.scheduled }, { published: 2, drafts: 1, scheduled: 1 })
      assert.equal(s.pendingComments, 0)
      assert.equal(s.approvedComments, 0)
      const admin = await t.signedIn('admin')
      const page = await admin.get('/admin')
      assert.match(page.body, /<span class="stat__n">2<\/span> published articles/)
      assert.match(page.body, /<span class="stat__n">1<\/span> scheduled/)
    })

    test('the audit log names who acted, newest first, in pages', async () => {
      const admin = await t.signedIn('admin', 'Ada Auditor')
      const at = (s: number) => iso(new Date(t.clock.now().getTime() - s * 1000))
      await recordAudit(t.deps.db, [
        { actorUserId: admin.userId, action: 'test.older', subjectType: 'article', subjectId: '1', at: at(20) },
        { actorUserId: null, action: 'test.system', subjectType: 'job', subjectId: null, at: at(10) },
        { actorUserId: admin.userId, action: 'test.newest', subjectType: 'article', subjectId: '2', detail: 'why', at: at(0) },
      ])
      const data = await auditPage(t.deps, 1)
      assert.deepEqual(data.rows.slice(0, 3).map((r) => [r.action, r.actorName]), [['test.newest', 'Ada Auditor'], ['test.system', null], ['test.older', 'Ada Auditor']])
      const html = (await admin.get('/admin/audit')).body
      assert.match(html, /<td>Ada Auditor<\/td><td><code>test\.newest<\/code>/)
      assert.match(html, /<td>System<\/td><td><code>test\.system<\/code>/)
      // A page number that makes no sense shows the first page.
      for (const q of ['abc', '-1', '0', '1e9']) assert.equal((await admin.get(`/admin/audit?page=${q}`)).statusCode, 200, q)

      await recordAudit(t.deps.db, Array.from({ length: AUDIT_PAGE_SIZE }, (_, i) => ({ actorUserId: null, action: `test.bulk${i}`, subjectType: 'x', subjectId: null, at: at(100 + i) })))
      const second = await auditPage(t.deps, 2)
      assert.equal(second.pages, 2)
      assert.ok(second.rows.length >= 3 && second.rows.every((r) => r.action.startsWith('test.bulk')))
    })
  })
}
