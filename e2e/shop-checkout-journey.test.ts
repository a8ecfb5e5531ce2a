import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { openDatabase } from '../src/db/database.js'
import { makeProduct, makeStandardShop } from '../src/shop/fixtures.js'
import { startTestSmtp, type TestSmtp } from '../src/test/smtp.js'
import { axeViolations, closeJourney, describeViolations, launchBrowser, newContext, startSite, type RunningSite } from './support.js'

// A guest from Germany buys a 1.0 mm roller and minoxidil by bank transfer in
// Chromium with JavaScript off, at phone and desktop widths: the cart, a
// refused checkout (422, every input kept), the placed order, the invoice, and
// the confirmation mail over SMTP. axe-core checks every page on the way.

let site: RunningSite
let smtp: TestSmtp
let browser: Browser
const contexts: BrowserContext[] = []
const skus = { roller: 'E2E-ROLLER-10', minox: 'E2E-MINOX-1M' }

before(async () => {
  smtp = await startTestSmtp()
  site = await startSite({ env: { SMTP_URL: smtp.url, SEED_DEMO: 'never' } })
  const database = openDatabase(path.join(site.dataDir, 'crown.sqlite'))
  try {
    await makeStandardShop(database.db)
    await makeProduct(database.db, { name: 'Derma roller', slug: 'derma-roller', productClass: 'device', variants: [{ sku: skus.roller, name: '1.0 mm', priceCents: 2190, stock: 20 }] })
    await makeProduct(database.db, { name: 'Minoxidil 5% foam', slug: 'minoxidil-foam', productClass: 'medicine', variants: [{ sku: skus.minox, name: '1 month', priceCents: 1790, stock: 20, supplyMonths: 1 }] })
  } finally {
    await database.close()
  }
  browser = await launchBrowser()
})
after(() => closeJourney({ contexts, browser, site, smtp }))

let audit: Page | undefined

/**
 * axe is a script, and a page without JavaScript runs none: the HTML the
 * buyer's tab shows is replayed into a tab where only axe runs (the site's
 * own script blocked), as e2e/accessibility.test.ts does.
 */
async function assertNoViolations(page: Page, what: string) {
  if (!audit) {
    const ctx = await newContext(browser)
    contexts.push(ctx)
    audit = await ctx.newPage()
    await audit.route('**/assets/build/**', (r) => r.abort())
  }
  const body = await page.content()
  await audit.route(`${site.url}/__replayed`, (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }))
  await audit.goto(`${site.url}/__replayed`)
  const v = await axeViolations(audit)
  await audit.unroute(`${site.url}/__replayed`)
  assert.equal(v.length, 0, `${what}: ${v.length} axe violation(s)\n${describeViolations(v)}`)
}

/** What the product page's form sends (that page is the catalog's): a plain POST with the page's CSRF token. */
async function addToCart(page: Page, sku: string) {
  await page.goto(`${site.url}/shop/cart`)
  const csrf = await page.locator('input[name="_csrf"]').first().getAttribute('value')
  const res = await page.request.post(`${site.url}/shop/cart/add`, { form: { _csrf: csrf!, sku, quantity: '1', back: '/shop' }, maxRedirects: 0 })
  assert.equal(res.status(), 303)
}

for (const phone of [false, true]) {
  test(`a guest from Germany buys by bank transfer without JavaScript (${phone ? 'phone' : 'desktop'})`, { timeout: 120_000 }, async () => {
    const ctx = await newContext(browser, { phone, javaScript: false })
    contexts.push(ctx)
    const page = await ctx.newPage()
    const email = `greta.${phone ? 'phone' : 'desktop'}@example.com`

    await addToCart(page, skus.roller)
    await addToCart(page, skus.minox)
    await page.goto(`${site.url}/shop/cart`)
    await assertNoViolations(page, 'cart without a country')
    await page.selectOption('#f-ship-country', 'DE')
    await page.getByRole('button', { name: 'Update shipping' }).click()
    await page.waitForURL(/\/shop\/cart$/)
    assert.match(await page.content(), /Shipping to Germany/)
    await assertNoViolations(page, 'cart with a country')

    await page.getByRole('link', { name: 'Go to checkout' }).click()
    await page.waitForURL(/\/shop\/checkout$/)
    await assertNoViolations(page, 'checkout')

    // A refused submit: a bad postcode and no terms. Everything typed stays.
    await page.fill('#f-email', email)
    await page.fill('#f-name', 'Greta Gast')
    await page.fill('#f-line1', 'Hauptstraße 5')
    await page.fill('#f-city', 'Berlin')
    await page.fill('#f-postcode', '1011')
    await page.getByRole('button', { name: 'Place order' }).click()
    assert.match(await page.content(), /That is not a valid postcode for Germany/)
    assert.equal(await page.inputValue('#f-line1'), 'Hauptstraße 5')
    await assertNoViolations(page, 'checkout after a refused submit')

    await page.fill('#f-postcode', '10115')
    await page.check('#f-terms')
    await page.getByRole('button', { name: 'Place order' }).click()
    await page.waitForURL(/\/shop\/order\/[\w-]{40,}$/)
    const html = await page.content()
    assert.match(html, /Thank you: your order is placed/)
    assert.match(html, /IBAN DE00/)
    const number = /Order (CR-\d+)/.exec(html)?.[1]
    assert.ok(number)
    await assertNoViolations(page, 'order confirmation')

    await page.getByRole('link', { name: 'Invoice (printable)' }).click()
    await page.waitForURL(/\/invoice$/)
    assert.match(await page.content(), new RegExp(`Invoice ${number}`))
    await assertNoViolations(page, 'invoice')
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.locator('.site-header').isVisible(), false, 'the printed invoice has no site header')

    const mail = await smtp.waitFor((m) => (m.subject ?? '').includes(number!), 20_000)
    assert.match(mail.to && !Array.isArray(mail.to) ? mail.to.text : '', new RegExp(email.replace(/\./g, '\\.')))
    assert.match(mail.text ?? '', /Reference: CR-\d+/)
    assert.match(mail.text ?? '', /1 × Minoxidil 5% foam \(1 month\)/)
  })
}
