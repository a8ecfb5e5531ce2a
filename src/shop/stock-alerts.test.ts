import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { testApp, type TestApp } from '../test/harness.js'
import { startTestSmtp, type TestSmtp } from '../test/smtp.js'
import { makeProduct, setShopSettings } from './fixtures.js'
import { checkLowStock, noteStockRestored, noteStockTaken } from './stock-alerts.js'

for (const dialect of testDialects()) {
  describe(`the low-stock mail (${dialect})`, () => {
    let t: TestApp
    let smtp: TestSmtp
    before(async () => {
      smtp = await startTestSmtp()
      t = await testApp(dialect, { env: { SMTP_URL: smtp.url } })
    })
    after(async () => { await t.close(); await smtp.close() })

    const setStock = (id: number, stock: number | null) => t.deps.db.updateTable('shop_variants').set({ stock }).where('id', '=', id).execute()
    const take = async (ids: number[]) => {
      await t.deps.db.transaction().execute((trx) => noteStockTaken(t.deps, trx, ids))
      await t.deps.jobs.drain()
    }
    const mailsAbout = (sku: string) => smtp.messages.filter((m) => (m.text ?? '').includes(`SKU ${sku}`))

    test('one mail when a tracked variant falls to its threshold, not again until restocked', async () => {
      await setShopSettings(t.deps.db, { lowStockEmail: 'stock@example.com' })
      const { variantIds: [low, fine, untracked] } = await makeProduct(t.deps.db, {
        name: 'Derma roller',
        variants: [{ sku: 'LOW-1', name: '1.0 mm', priceCents: 1990, stock: 3 }, { sku: 'FINE-1', name: '0.5 mm', priceCents: 1990, stock: 10 }, { sku: 'UNT-1', name: '1.5 mm', priceCents: 1990, stock: null }],
      })
      await take([low, fine, untracked]) // stock 3, threshold 3: at the threshold
      const first = await smtp.waitFor((m) => (m.text ?? '').includes('SKU LOW-1'))
      assert.equal(first.subject, 'Low stock: Derma roller, 1.0 mm')
      assert.equal(first.to && !Array.isArray(first.to) ? first.to.text : '', 'stock@example.com')
      assert.match(first.text ?? '', /3 left \(alert at 3\)/)
      assert.equal(mailsAbout('FINE-1').length, 0)
      assert.equal(mailsAbout('UNT-1').length, 0)

      await setStock(low, 1)
      await take([low])
      await setStock(low, 0)
      await take([low])
      assert.equal(mailsAbout('LOW-1').length, 1, 'named once while it stays low')

      // A restock above the threshold lets the next fall mail again.
      await setStock(low, 20)
      await t.deps.db.transaction().execute((trx) => noteStockRestored(trx, low))
      assert.equal((await t.deps.db.selectFrom('shop_variants').select('low_stock_mailed_at').where('id', '=', low).executeTakeFirstOrThrow()).low_stock_mailed_at, null)
      await setStock(low, 2)
      await take([low])
      await smtp.waitFor((m) => mailsAbout('LOW-1').length === 2 && (m.text ?? '').includes('SKU LOW-1'))
      assert.match(mailsAbout('LOW-1')[1].text ?? '', /2 left/)
    })

    test('two checks at once name a variant once; with no address set, every admin and shop manager is mailed', async () => {
      await setShopSettings(t.deps.db, { lowStockEmail: '' })
      await t.signedIn('admin', 'Ada Admin')
      await t.signedIn('shop_manager', 'Sam Shop')
      await t.signedIn('editor', 'Eve Editor')
      const { variantIds: [v] } = await makeProduct(t.deps.db, { name: 'Foam', variants: [{ sku: 'RACE-1', name: '1 month', priceCents: 2990, stock: 1 }] })
      const [a, b] = await Promise.all([checkLowStock(t.deps, [v]), checkLowStock(t.deps, [v])])
      assert.equal(a.length + b.length, 1)
      await t.deps.jobs.drain()
      const staff = await t.deps.db.selectFrom('users').select(['email', 'role']).where('role', 'in', ['admin', 'shop_manager', 'editor']).execute()
      const want = staff.filter((s) => s.role !== 'editor').map((s) => s.email).sort()
      await smtp.waitFor(() => mailsAbout('RACE-1').length >= want.length)
      assert.deepEqual(mailsAbout('RACE-1').map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '')).sort(), want)
    })
  })
}
