import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { testApp, redirectTarget, type TestApp, type Agent } from '../test/harness.js'
import { makeProduct, makeRule, makeStandardShop, setShopSettings } from './fixtures.js'
import { makeOrder } from './order-fixtures.js'
import { parseBands, parsePercent } from './shipping-admin.js'
import { loadPricingContext, readShopSettings } from './queries/pricing.js'

test('percentages become basis points; anything else is refused', () => {
  assert.equal(parsePercent('19'), 1900)
  assert.equal(parsePercent('7.5'), 750)
  assert.equal(parsePercent('5,55'), 555)
  assert.equal(parsePercent('0'), 0)
  assert.equal(parsePercent('100'), 10_000)
  assert.equal(parsePercent('19 %'), 1900)
  for (const bad of ['', '100.01', '7.555', '-1', 'abc', '1e2', '19.']) assert.equal(parsePercent(bad), null, bad)
})

test('weight bands are typed as “up to grams: price” lines, lightest first', () => {
  assert.deepEqual(parseBands('500: 4.90\n2000 g: 9.90\n', 'EUR'), { ok: true, bands: [{ upToGrams: 500, priceCents: 490 }, { upToGrams: 2000, priceCents: 990 }] })
  assert.deepEqual(parseBands('500: 490', 'JPY'), { ok: true, bands: [{ upToGrams: 500, priceCents: 490 }] })
  const unordered = parseBands('2000: 9.90\n500: 4.90', 'EUR')
  assert.ok(!unordered.ok && /light to heavy/.test(unordered.message))
  const garbled = parseBands('500 4.90', 'EUR')
  assert.ok(!garbled.ok && /Line 1/.test(garbled.message))
  assert.equal(parseBands('', 'EUR').ok, false)
})

for (const dialect of testDialects()) {
  describe(`shipping, taxes, country rules and settings editors (${dialect})`, () => {
    let t: TestApp
    let admin: Agent & { userId: number }
    before(async () => {
      t = await testApp(dialect)
      await makeStandardShop(t.deps.db) // EU zone: DE FR AT; a rest-of-world zone
      admin = await t.signedIn('admin', 'Ada Admin')
    })
    after(() => t.close())

    const send = async (who: Agent, page: string, url: string, fields: Record<string, string | string[]>) => {
      await who.get(page)
      return who.post(url, fields)
    }
    const audits = async (action: string) => t.deps.db.selectFrom('audit_log').select('detail').where('action', '=', action).execute()
    const zoneByName = (name: string) => t.deps.db.selectFrom('shop_shipping_zones').selectAll().where('name', '=', name).executeTakeFirst()

    test('a zone is added with countries from the list; a country already in another zone is refused naming that zone', async () => {
      const taken = await send(admin, '/admin/shop/shipping', '/admin/shop/shipping/zones', { name: 'DACH <i>', countries: ['CH', 'DE'], cod_allowed: '1' })
      assert.equal(taken.statusCode, 422)
      assert.match(taken.body, /Germany is already in the zone “EU”/)
      assert.match(taken.body, /value="DACH &lt;i>"|value="DACH &lt;i&gt;"/)
      assert.match(taken.body, /<option value="CH" selected/)
      assert.equal(await zoneByName('DACH <i>'), undefined)

      const bad = await send(admin, '/admin/shop/shipping', '/admin/shop/shipping/zones', { name: 'X', countries: ['ZZ'] })
      assert.equal(bad.statusCode, 422)
      const none = await send(admin, '/admin/shop/shipping', '/admin/shop/shipping/zones', { name: 'Empty' })
      assert.match(none.body, /Choose at least one country/)
      const world = await send(admin, '/admin/shop/shipping', '/admin/shop/shipping/zones', { name: 'World 2', rest_of_world: '1' })
      assert.equal(world.statusCode, 422)
      assert.match(world.body, /“Rest of world” is already the rest-of-world zone/)

      const ok = await send(admin, '/admin/shop/shipping', '/admin/shop/shipping/zones', { name: 'Switzerland', countries: ['CH', 'LI'], cod_allowed: '1' })
      const zonePath = redirectTarget(ok)
      const zone = await zoneByName('Switzerland')
      assert.ok(zone && zone.cod_allowed === 1)
      assert.equal(zonePath, `/admin/shop/shipping/zones/${zone.id}`)
      assert.equal((await loadPricingContext(t.deps.db, 'CH')).zone?.name, 'Switzerland')
      assert.ok((await audits('shop.zone.create')).some((a) => a.detail.startsWith('Switzerland: CH LI')))

      // Editing keeps its own countries without calling them taken.
      redirectTarget(await send(admin, zonePath, zonePath, { name: 'Switzerland', countries: ['CH'] }))
      assert.equal((await loadPricingContext(t.deps.db, 'LI')).zone?.name, 'Rest of world')
    })

    test('rates: flat with a free-over amount, and by weight bands; bad input re-renders with what was typed', async () => {
      const zone = (await zoneByName('EU'))!
      const page = `/admin/shop/shipping/zones/${zone.id}`
      const bad = await send(admin, `${page}/rates/new`, `${page}/rates`, { name: 'Heavy', kind: 'weight', bands: '2000: 9.90\n500: 4.90', min_days: '3', max_days: '1', price: '' })
      assert.equal(bad.statusCode, 422)
      assert.match(bad.body, /light to heavy/)
      assert.match(bad.body, /2000: 9\.90\n500: 4\.90|2000: 9\.90&#10;500: 4\.90/)
      const badMoney = await send(admin, `${page}/rates/new`, `${page}/rates`, { name: 'Cheap', kind: 'flat', price: '3.999', min_days: '1', max_days: '2' })
      assert.equal(badMoney.statusCode, 422)
      assert.match(badMoney.body, /Enter the price as an amount/)

      redirectTarget(await send(admin, `${page}/rates/new`, `${page}/rates`, { name: 'Economy', kind: 'flat', price: '3.5', free_over: '1,000.00', min_days: '4', max_days: '8', active: '1' }))
      redirectTarget(await send(admin, `${page}/rates/new`, `${page}/rates`, { name: 'Freight', kind: 'weight', bands: '1000: 12\n5000 g: 25.50', min_days: '5', max_days: '10', active: '1' }))
      const rates = (await loadPricingContext(t.deps.db, 'DE')).zone!.rates
      const economy = rates.find((r) => r.name === 'Economy')!
      assert.deepEqual([economy.kind, economy.priceCents, economy.freeOverCents, economy.minDays, economy.maxDays], ['flat', 350, 100_000, 4, 8])
      assert.deepEqual(rates.find((r) => r.name === 'Freight')!.bands, [{ upToGrams: 1000, priceCents: 1200 }, { upToGrams: 5000, priceCents: 2550 }])

      // Deactivating hides it from checkout.
      const row = (await t.deps.db.selectFrom('shop_shipping_rates').select('id').where('name', '=', 'Economy').executeTakeFirstOrThrow())
      const ratePage = `/admin/shop/shipping/rates/${row.id}`
      assert.match((await admin.get(ratePage)).body, /value="1000\.00"/)
      redirectTarget(await send(admin, ratePage, ratePage, { name: 'Economy', kind: 'flat', price: '3.50', min_days: '4', max_days: '8' }))
      assert.equal((await loadPricingContext(t.deps.db, 'DE')).zone!.rates.some((r) => r.name === 'Economy'), false)
      assert.ok((await audits('shop.rate.update')).some((a) => a.detail.includes('inactive')))
    })

    test('tax rates: percent with up to 2 decimals becomes basis points; a bad rate is refused keeping input', async () => {
      const bad = await send(admin, '/admin/shop/taxes', '/admin/shop/taxes', { country: 'IT', name: 'IVA', rate: '22.555' })
      assert.equal(bad.statusCode, 422)
      assert.match(bad.body, /at most 2 decimals/)
      assert.match(bad.body, /value="22\.555"/)
      assert.match(bad.body, /<option value="IT" selected/)
      redirectTarget(await send(admin, '/admin/shop/taxes', '/admin/shop/taxes', { country: 'IT', name: 'IVA', rate: '22' }))
      redirectTarget(await send(admin, '/admin/shop/taxes', '/admin/shop/taxes', { country: 'DE', name: 'MwSt.', rate: '7,5' }))
      assert.deepEqual(await loadPricingContext(t.deps.db, 'IT').then((c) => c.tax), { country: 'IT', name: 'IVA', rateBp: 2200, appliesToShipping: false })
      assert.equal((await loadPricingContext(t.deps.db, 'DE')).tax?.rateBp, 750)
      assert.ok((await audits('shop.tax.set')).some((a) => a.detail === 'Germany: MwSt. 19 % → 7.5 %, not on shipping'))
      redirectTarget(await send(admin, '/admin/shop/taxes', '/admin/shop/taxes/IT/delete', {}))
      assert.equal((await loadPricingContext(t.deps.db, 'IT')).tax, null)
      assert.equal((await send(admin, '/admin/shop/taxes', '/admin/shop/taxes/XX/delete', {})).statusCode, 404)
    })

    test('country rules: a block needs a reason; caps need a limit; the table shows unreviewed medicine countries as blocked', async () => {
      const table = (await admin.get('/admin/shop/rules?all=1')).body
      assert.match(table, /Japan \(JP\)<\/th><td><span class="rule-status rule-status--unreviewed">blocked \(not reviewed\)<\/span><\/td><td><span class="rule-status rule-status--allowed">allowed/)
      assert.match(table, /Germany \(DE\)<\/th><td><span class="rule-status rule-status--allowed">allowed/)
      assert.match(table, /Australia \(AU\)<\/th><td><span class="rule-status rule-status--capped">capped: 3 months/)
      assert.doesNotMatch((await admin.get('/admin/shop/rules')).body, /Japan \(JP\)<\/th>/)

      const noReason = await send(admin, '/admin/shop/rules', '/admin/shop/rules', { target: 'class:medicine', country: 'JP', rule: 'blocked', reason: '' })
      assert.equal(noReason.statusCode, 422)
      assert.match(noReason.body, /Say why it is blocked/)
      const noCap = await send(admin, '/admin/shop/rules', '/admin/shop/rules', { target: 'class:medicine', country: 'JP', rule: 'capped' })
      assert.match(noCap.body, /A cap needs/)
      const badTarget = await send(admin, '/admin/shop/rules', '/admin/shop/rules', { target: "class:x' OR 1=1", country: 'JP', rule: 'allowed' })
      assert.equal(badTarget.statusCode, 422)
      const ghost = await send(admin, '/admin/shop/rules', '/admin/shop/rules', { target: 'product:999999', country: 'JP', rule: 'allowed' })
      assert.equal(ghost.statusCode, 422)
      assert.match(ghost.body, /no longer exists/)

      redirectTarget(await send(admin, '/admin/shop/rules', '/admin/shop/rules', { target: 'class:medicine', country: 'JP', rule: 'capped', max_months: '2', reason: 'Japan allows two months for personal use.', source: 'MHLW', reviewed_on: '2026-11-01' }))
      const jp = (await loadPricingContext(t.deps.db, 'JP')).rules
      assert.deepEqual(jp.map((r) => [r.productClass, r.rule, r.maxMonths]), [['medicine', 'capped', 2]])

      // Setting the same class and country again updates the one row.
      redirectTarget(await send(admin, '/admin/shop/rules', '/admin/shop/rules', { target: 'class:medicine', country: 'JP', rule: 'blocked', reason: 'Not yet.', max_months: '2' }))
      const again = (await loadPricingContext(t.deps.db, 'JP')).rules
      assert.deepEqual(again.map((r) => [r.rule, r.maxMonths, r.reason]), [['blocked', null, 'Not yet.']])

      // A product override, edited through its own page.
      const { productId } = await makeProduct(t.deps.db, { name: 'Minoxidil foam', productClass: 'medicine', variants: [{ name: '1 month', priceCents: 2990 }] })
      const id = await makeRule(t.deps.db, { country: 'US', productId, rule: 'allowed' })
      const page = `/admin/shop/rules/${id}`
      assert.match((await admin.get(page)).body, /Minoxidil foam → United States/)
      redirectTarget(await send(admin, page, page, { target: `product:${productId}`, country: 'US', rule: 'blocked', reason: 'FDA import rules.' }))
      assert.equal((await t.deps.db.selectFrom('shop_country_rules').select('rule').where('id', '=', id).executeTakeFirstOrThrow()).rule, 'blocked')
      redirectTarget(await send(admin, page, `${page}/delete`, {}))
      assert.equal(await t.deps.db.selectFrom('shop_country_rules').select('id').where('id', '=', id).executeTakeFirst(), undefined)
      assert.ok((await audits('shop.rule.set')).length >= 3)
      assert.ok((await audits('shop.rule.delete')).length === 1)
    })

    test('settings (admin only): hold at least 5 minutes, an ISO currency, fixed once orders exist', async () => {
      const manager = await t.signedIn('shop_manager')
      assert.equal((await manager.get('/admin/shop/settings')).statusCode, 403)
      assert.equal((await manager.get('/admin/shop/shipping')).statusCode, 200)
      const fields = { currency: 'gbp', prices_include_tax: '1', hold_minutes: '30', bank_details: 'Sort code 00-00-00', low_stock_email: 'stock@example.com' }
      const short = await send(admin, '/admin/shop/settings', '/admin/shop/settings', { ...fields, hold_minutes: '4' })
      assert.equal(short.statusCode, 422)
      assert.match(short.body, /from 5 to 10080/)
      assert.match(short.body, /Sort code 00-00-00/)
      assert.equal((await send(admin, '/admin/shop/settings', '/admin/shop/settings', { ...fields, currency: 'XYZ' })).statusCode, 422)
      assert.equal((await send(admin, '/admin/shop/settings', '/admin/shop/settings', { ...fields, low_stock_email: 'not mail' })).statusCode, 422)

      redirectTarget(await send(admin, '/admin/shop/settings', '/admin/shop/settings', fields))
      assert.deepEqual(await readShopSettings(t.deps.db), { currency: 'GBP', pricesIncludeTax: true, holdMinutes: 30, bankDetails: 'Sort code 00-00-00', lowStockEmail: 'stock@example.com' })
      assert.ok((await audits('shop.settings.update')).some((a) => a.detail.includes('currency EUR → GBP')))

      await makeOrder(t.deps.db, { currency: 'GBP', lines: [{ unitPriceCents: 100, quantity: 1 }] })
      const locked = await send(admin, '/admin/shop/settings', '/admin/shop/settings', { ...fields, currency: 'EUR' })
      assert.equal(locked.statusCode, 422)
      assert.match(locked.body, /Orders exist in GBP/)
      redirectTarget(await send(admin, '/admin/shop/settings', '/admin/shop/settings', { ...fields, hold_minutes: '90' }))
      assert.equal((await readShopSettings(t.deps.db)).holdMinutes, 90)
      await setShopSettings(t.deps.db) // back to EUR for any later test
    })

    test('every editor page refuses editors, moderators and members, and sends anonymous visitors to sign in', async () => {
      const pages = ['/admin/shop/shipping', '/admin/shop/taxes', '/admin/shop/rules', '/admin/shop/settings']
      for (const role of ['editor', 'moderator', 'member'] as const) {
        const who = await t.signedIn(role)
        for (const p of pages) assert.equal((await who.get(p)).statusCode, 403, `${role} ${p}`)
        assert.equal((await who.post('/admin/shop/taxes', { _csrf: 'x', country: 'DE', name: 'VAT', rate: '0' })).statusCode, 403)
      }
      for (const p of pages) {
        const res = await t.agent().get(p)
        assert.equal(res.statusCode, 303)
        assert.match(String(res.headers.location), /^\/sign-in\?next=/)
      }
      for (const p of pages) assert.equal((await admin.get(p)).statusCode, 200, p)
    })

    test('each editor page has unique element ids (labels and error links point at one field)', async () => {
      const zone = (await zoneByName('EU'))!
      const rate = await t.deps.db.selectFrom('shop_shipping_rates').select('id').where('zone_id', '=', zone.id).executeTakeFirstOrThrow()
      const rule = await t.deps.db.selectFrom('shop_country_rules').select('id').executeTakeFirstOrThrow()
      const { number } = await makeOrder(t.deps.db, { status: 'paid', lines: [{ unitPriceCents: 100, quantity: 1 }] })
      for (const p of ['/admin/shop/shipping', `/admin/shop/shipping/zones/${zone.id}`, `/admin/shop/shipping/zones/${zone.id}/rates/new`, `/admin/shop/shipping/rates/${rate.id}`,
        '/admin/shop/taxes', '/admin/shop/rules?all=1', `/admin/shop/rules/${rule.id}`, '/admin/shop/settings', '/admin/shop/orders', `/admin/shop/orders/${number}`]) {
        const res = await admin.get(p)
        assert.equal(res.statusCode, 200, p)
        const ids = [...res.body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])
        assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], p)
        for (const m of res.body.matchAll(/<label for="([^"]+)"/g)) assert.ok(ids.includes(m[1]), `${p}: label for ${m[1]} has no field`)
      }
    })
  })
}
