import { test, describe, after } from 'node:test'
import assert from 'node:assert/strict'
import { quote, rateAmount, type CartItem, type PricingContext } from './pricing.js'
import { formatMoney, parseMoney, taxOf, decimalString } from './money.js'
import { lineProblems, verdictFor, type CountryRule } from './rules.js'
import { testDialects, freshDatabase } from '../test/databases.js'
import { loadPricingContext } from './queries/pricing.js'
import { makeProduct, makeStandardShop } from './fixtures.js'

const item = (o: Partial<CartItem> = {}): CartItem => ({
  variantId: 1, productId: 1, productSlug: 'roller', productName: 'Derma roller', variantName: '1.0 mm', sku: 'R10', productClass: 'device',
  unitPriceCents: 1990, quantity: 1, weightGrams: 120, supplyMonths: null, stock: 5, available: true, ...o,
})

const ctx = (o: Partial<PricingContext> = {}): PricingContext => ({
  terms: { currency: 'EUR', pricesIncludeTax: true },
  country: 'DE',
  zone: { id: 1, name: 'EU', codAllowed: true, rates: [
    { id: 1, name: 'Standard', kind: 'flat', priceCents: 490, bands: [], freeOverCents: 5000, minDays: 2, maxDays: 4 },
    { id: 2, name: 'Express', kind: 'weight', priceCents: 0, bands: [{ upToGrams: 500, priceCents: 990 }, { upToGrams: 2000, priceCents: 1490 }], freeOverCents: null, minDays: 1, maxDays: 2 },
  ] },
  tax: { country: 'DE', name: 'VAT', rateBp: 1900, appliesToShipping: true },
  rules: [],
  ...o,
})

describe('money', () => {
  test('tax is taken out of an inclusive amount and added to an exclusive one, rounded half up once', () => {
    assert.equal(taxOf(1190, 1900, true), 190)
    assert.equal(taxOf(1000, 1900, false), 190)
    assert.equal(taxOf(1990, 1900, true), 318) // 317.73
    assert.equal(taxOf(5, 1000, false), 1) // 0.5 rounds up
    assert.equal(taxOf(1234, 0, true), 0)
  })
  test('amounts are shown and parsed in the currency’s own minor units', () => {
    assert.equal(formatMoney(1250, 'EUR'), '€12.50')
    assert.equal(formatMoney(1250, 'JPY'), 'JP¥1,250')
    assert.equal(decimalString(1205, 'EUR'), '12.05')
    assert.equal(parseMoney('12.5', 'EUR'), 1250)
    assert.equal(parseMoney('1,234.00', 'EUR'), 123400)
    assert.equal(parseMoney('12.345', 'EUR'), null)
    assert.equal(parseMoney('-1', 'EUR'), null)
    assert.equal(parseMoney('1250', 'JPY'), 1250)
    assert.equal(parseMoney('12.5', 'JPY'), null)
  })
})

describe('quote', () => {
  test('inclusive prices: the total is the sum of entered prices plus shipping, tax shown within', () => {
    const q = quote(ctx(), [item({ quantity: 2 })])
    assert.equal(q.subtotalCents, 3980)
    assert.equal(q.shipping?.name, 'Standard')
    assert.equal(q.shipping?.totalCents, 490)
    assert.equal(q.totalCents, 4470)
    assert.equal(q.taxCents, taxOf(3980, 1900, true) + taxOf(490, 1900, true))
    assert.deepEqual(q.problems, [])
  })
  test('exclusive prices: tax is added per line and on shipping', () => {
    const q = quote(ctx({ terms: { currency: 'EUR', pricesIncludeTax: false } }), [item({ unitPriceCents: 1000, quantity: 3 })], { rateId: 2 })
    assert.equal(q.lines[0].taxCents, 570)
    assert.equal(q.shipping?.name, 'Express')
    assert.equal(q.shipping?.taxCents, 188) // 990 × 19 % = 188.1
    assert.equal(q.totalCents, 3000 + 570 + 990 + 188)
  })
  test('free shipping above the threshold; weight bands pick the first that carries the parcel', () => {
    const q = quote(ctx(), [item({ unitPriceCents: 2500, quantity: 2, weightGrams: 600 })])
    assert.equal(q.options.find((o) => o.rateId === 1)?.free, true)
    assert.equal(q.options.find((o) => o.rateId === 2)?.amountCents, 1490)
    assert.equal(rateAmount(ctx().zone!.rates[1], 0, 2001), null)
  })
  test('stock, availability and the destination are problems the shopper is told of', () => {
    const q = quote(ctx({ zone: null }), [item({ stock: 0 }), item({ variantId: 2, stock: 1, quantity: 2 }), item({ variantId: 3, available: false })])
    assert.deepEqual(q.problems.map((p) => p.kind), ['short', 'short', 'unavailable', 'no-shipping'])
    assert.match(q.problems[0].message, /sold out/)
    assert.match(q.problems[1].message, /Only 1/)
  })
})

describe('country rules', () => {
  const rule = (o: Partial<CountryRule>): CountryRule => ({ id: 1, productClass: 'medicine', productId: null, country: 'AU', rule: 'capped', maxMonths: 3, maxQuantity: null, reason: '', ...o })
  const minox = { productId: 7, productClass: 'medicine' as const }
  test('a medicine with no rule for the country is blocked; a device ships', () => {
    assert.equal(verdictFor([], minox, 'BR').kind, 'blocked')
    assert.equal(verdictFor([], { productId: 8, productClass: 'device' }, 'BR').kind, 'allowed')
  })
  test('a product’s own rule overrides its class', () => {
    const rules = [rule({ id: 1, country: 'FI', rule: 'allowed' }), rule({ id: 2, productClass: null, productId: 7, country: 'FI', rule: 'blocked', reason: 'Not from outside the EEA.' })]
    assert.deepEqual(verdictFor(rules, minox, 'FI'), { kind: 'blocked', reason: 'Not from outside the EEA.' })
    assert.equal(verdictFor(rules, { productId: 9, productClass: 'medicine' }, 'FI').kind, 'allowed')
  })
  test('a months cap counts every line its rule governs together', () => {
    const lines = [
      { ...minox, variantId: 1, productName: 'Foam', quantity: 1, supplyMonths: 3 },
      { productId: 8, productClass: 'medicine' as const, variantId: 2, productName: 'Solution', quantity: 1, supplyMonths: 1 },
    ]
    const problems = lineProblems([rule({})], lines, 'AU')
    assert.equal(problems.length, 2)
    assert.match(problems[0].message, /At most 3 months' supply .* this cart has 4/)
    assert.deepEqual(lineProblems([rule({})], lines.slice(0, 1), 'AU'), [])
  })
})

for (const dialect of testDialects()) {
  describe(`pricing rows on ${dialect}`, () => {
    test('the context for a country: its zone, else rest of world; its tax; its rules', async () => {
      const { database } = await freshDatabase(dialect)
      after(() => database.close())
      const { eu, world } = await makeStandardShop(database.db)
      await makeProduct(database.db, { variants: [{ name: 'x', priceCents: 100 }] })
      const de = await loadPricingContext(database.db, 'DE')
      assert.equal(de.zone?.id, eu.zoneId)
      assert.equal(de.zone?.rates.length, 2)
      assert.equal(de.tax?.rateBp, 1900)
      assert.equal(de.rules.length, 1)
      const jp = await loadPricingContext(database.db, 'JP')
      assert.equal(jp.zone?.id, world.zoneId)
      assert.equal(jp.tax, null)
      assert.equal(jp.terms.pricesIncludeTax, true)
    })
  })
}
