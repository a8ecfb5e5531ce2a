import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testDialects } from '../test/databases.js'
import { testApp, type TestApp, type Agent } from '../test/harness.js'
import { makeProduct, makeRule, makeStandardShop } from './fixtures.js'
import { makeOrder } from './order-fixtures.js'

// Every back-office form, fed hostile and malformed input: a clear 4xx (or
// a saved, escaped value), never a 500, and never markup coming back raw.

const XSS = '<script>alert(1)</script>"\'><img src=x onerror=alert(1)>'
const PAYLOADS: (string | string[])[] = [
  XSS, "1' OR '1'='1' --", 'x\u0000y', '-1', '1e309', '9'.repeat(40), 'a'.repeat(5000), ['a', 'b'], 'DE,FR,ZZ',
]
// The fields each form reads (the battery sends only those, one at a time).
const FORM_FIELDS: [RegExp, string[]][] = [
  [/\/ship$/, ['carrier', 'tracking_number']],
  [/\/note$/, ['note']],
  [/\/refund$/, ['confirmed']],
  [/\/zones(\/:id)?$/, ['name', 'countries', 'rest_of_world', 'cod_allowed', 'position']],
  [/\/(rates|rates\/:id)$/, ['name', 'kind', 'price', 'bands', 'free_over', 'min_days', 'max_days', 'active', 'position']],
  [/\/taxes$/, ['country', 'name', 'rate', 'applies_to_shipping']],
  [/\/rules(\/:id)?$/, ['target', 'country', 'rule', 'max_months', 'max_quantity', 'reason', 'source', 'reviewed_on']],
  [/\/settings$/, ['currency', 'prices_include_tax', 'hold_minutes', 'bank_details', 'low_stock_email']],
  [/\/categories(\/:id)?$/, ['name', 'slug', 'description', 'position']],
]
const FIELDS = [
  'carrier', 'tracking_number', 'note', 'confirmed', 'name', 'countries', 'rest_of_world', 'cod_allowed', 'position', 'kind', 'price', 'bands',
  'free_over', 'min_days', 'max_days', 'active', 'country', 'rate', 'applies_to_shipping', 'target', 'rule', 'max_months', 'max_quantity', 'reason',
  'source', 'reviewed_on', 'currency', 'prices_include_tax', 'hold_minutes', 'bank_details', 'low_stock_email', 'slug', 'description',
]

for (const dialect of testDialects()) {
  describe(`back-office forms under bad input (${dialect})`, () => {
    let t: TestApp
    let admin: Agent
    let params: Record<string, string>
    before(async () => {
      t = await testApp(dialect)
      const { eu } = await makeStandardShop(t.deps.db)
      const { productId } = await makeProduct(t.deps.db, { productClass: 'medicine', variants: [{ name: 'x', priceCents: 100 }] })
      const ruleId = await makeRule(t.deps.db, { country: 'JP', productId, rule: 'allowed' })
      const { number } = await makeOrder(t.deps.db, { lines: [{ unitPriceCents: 100, quantity: 1 }] })
      params = { number, id: String(eu.zoneId), country: 'DE' }
      // Rate and rule routes take their own ids.
      Object.assign(params, { rateId: String(eu.rateIds[0]), ruleId: String(ruleId) })
      admin = await t.signedIn('admin')
    })
    after(() => t.close())

    const postRoutes = () => t.app.routeTable.filter((r) => r.method === 'POST' && r.url.startsWith('/admin/shop/') && !r.url.startsWith('/admin/shop/products'))
    const concrete = (url: string) => url
      .replace(':number', params.number)
      .replace(/rates\/:id/, `rates/${params.rateId}`)
      .replace(/rules\/:id/, `rules/${params.ruleId}`)
      .replace(':id', params.id)
      .replace(':country', params.country)

    test('every field of every form, one payload at a time: no 500, no raw markup', async () => {
      const routes = postRoutes().filter((r) => !r.url.endsWith('/delete') && !/\/(pay|complete|cancel)$/.test(r.url))
      assert.ok(routes.length >= 10, routes.map((r) => r.url).join(' '))
      await admin.get('/admin/shop/orders')
      for (const r of routes) {
        const fields = FORM_FIELDS.find(([re]) => re.test(r.url))?.[1]
        assert.ok(fields, `no field list for ${r.url}`)
        for (const field of fields) {
          for (const value of PAYLOADS) {
            const res = await admin.post(concrete(r.url), { [field]: value })
            assert.ok(res.statusCode < 500, `${r.url} ${field}=${String(value).slice(0, 30)}: ${res.statusCode} ${res.body.slice(0, 200)}`)
            assert.ok(!res.body.includes('<script>alert(1)</script>'), `${r.url} ${field} echoed raw markup`)
          }
        }
      }
    })

    test('whole forms of hostile text save escaped or are refused; the pages that show them stay safe', async () => {
      await admin.get('/admin/shop/orders')
      const all = Object.fromEntries(FIELDS.map((f) => [f, XSS]))
      for (const r of postRoutes()) {
        const res = await admin.post(concrete(r.url), all)
        assert.ok(res.statusCode < 500, `${r.url}: ${res.statusCode}`)
      }
      // Text that is valid anywhere, in fields that accept it.
      await admin.post(`/admin/shop/orders/${params.number}/note`, { note: XSS })
      await admin.post('/admin/shop/shipping/zones', { name: XSS, countries: 'NZ' })
      await admin.post('/admin/shop/taxes', { country: 'NZ', name: XSS.slice(0, 40), rate: '15' })
      await admin.post('/admin/shop/rules', { target: 'class:device', country: 'NZ', rule: 'blocked', reason: XSS, source: XSS })
      for (const page of ['/admin/shop/orders', `/admin/shop/orders/${params.number}`, '/admin/shop/shipping', '/admin/shop/taxes', '/admin/shop/rules', '/admin/shop/settings']) {
        const res = await admin.get(page)
        assert.equal(res.statusCode, 200, page)
        assert.ok(!res.body.includes('<script>alert(1)</script>') && !res.body.includes('<img src=x'), `${page} shows raw markup`)
      }
      assert.match((await admin.get(`/admin/shop/orders/${params.number}`)).body, /&lt;script>alert\(1\)&lt;\/script>|&lt;script&gt;/)
    })

    test('bad ids and order numbers are 404s, not 500s', async () => {
      await admin.get('/admin/shop/orders')
      for (const url of ['/admin/shop/orders/%00', "/admin/shop/orders/1'%20OR%201=1", `/admin/shop/orders/${'9'.repeat(100)}`, '/admin/shop/shipping/zones/abc', '/admin/shop/shipping/zones/99999999999', '/admin/shop/shipping/rates/-1', '/admin/shop/rules/1e3']) {
        assert.equal((await admin.get(url)).statusCode, 404, url)
      }
      for (const url of ['/admin/shop/orders/NOPE/cancel', '/admin/shop/shipping/zones/0/delete', '/admin/shop/taxes/zz/delete', '/admin/shop/rules/abc/delete']) {
        assert.equal((await admin.post(url)).statusCode, 404, url)
      }
    })
  })
}
