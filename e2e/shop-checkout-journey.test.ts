import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startTestSmtp, type TestSmtp } from '../src/test/smtp.js'
import { axeViolations, closeJourney, describeViolations, launchBrowser, newContext, startSite, type RunningSite } from './support.js'
import { createAdminWithCli, signInInBrowser } from './staff.js'

// The shop's buyer journeys in Chromium on the demo site as `npm start`
// seeds it, at phone and desktop widths:
// - a guest from Germany picks a 1.0 mm roller and a month of minoxidil on
//   their product pages and buys them by bank transfer, all without
//   JavaScript: the cart, a refused checkout (422, every input kept), the
//   placed order, the invoice and the confirmation mail over SMTP;
// - staff mark that order paid and ship it, and the buyer gets the tracking
//   mail and sees it on their order page;
// - a guest shipping to the United States, where the demo shop sends no
//   medicines, is told why on the product page and in the cart before paying,
//   and still buys the roller.
// axe-core checks every page on the way.

let site: RunningSite
let smtp: TestSmtp
let browser: Browser
const contexts: BrowserContext[] = []

before(async () => {
  smtp = await startTestSmtp()
  site = await startSite({ env: { SMTP_URL: smtp.url } })
  await createAdminWithCli(site)
  browser = await launchBrowser()
})
after(() => closeJourney({ contexts, browser, site, smtp }))

async function context(opts: { phone?: boolean; javaScript?: boolean }) {
  const ctx = await newContext(browser, opts)
  contexts.push(ctx)
  return ctx
}

let audit: Page | undefined

/**
 * axe is a script, and a page without JavaScript runs none: the HTML the
 * buyer's tab shows is replayed into a tab where only axe runs (the site's
 * own script blocked), as e2e/accessibility.test.ts does.
 */
async function assertNoViolations(page: Page, what: string) {
  if (!audit) {
    audit = await (await context({})).newPage()
    await audit.route('**/assets/build/**', (r) => r.abort())
  }
  const body = await page.content()
  await audit.route(`${site.url}/__replayed`, (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }))
  await audit.goto(`${site.url}/__replayed`)
  const v = await axeViolations(audit)
  await audit.unroute(`${site.url}/__replayed`)
  assert.equal(v.length, 0, `${what}: ${v.length} axe violation(s)\n${describeViolations(v)}`)
}

/** Opens a product page, picks the option by its label and adds it with the page's own form. */
async function addFromProductPage(page: Page, slug: string, option: RegExp) {
  await page.goto(`${site.url}/shop/p/${slug}`)
  await page.getByLabel(option).check()
  await page.getByRole('button', { name: 'Add to cart' }).click()
  await page.waitForURL((u) => !u.pathname.endsWith('/cart/add'))
}

async function shipTo(page: Page, code: string) {
  await page.selectOption('#f-ship-country', code)
  await page.getByRole('button', { name: 'Update shipping' }).click()
  await page.waitForURL(/\/shop\/cart$/)
}

/** Types into the checkout's fields (#f-<name>), as a buyer would. */
async function fillCheckout(page: Page, fields: Record<string, string>) {
  for (const [name, value] of Object.entries(fields)) await page.fill(`#f-${name}`, value)
}

/** The page's main text: what a failed match prints stays readable. */
const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? ''

const mailTo = (m: { to?: unknown }) => JSON.stringify(m.to ?? '')

/** The German desktop guest's order, shipped by staff in the test after the purchase. */
const german: { number?: string; email?: string; page?: Page } = {}

for (const phone of [false, true]) {
  test(`a guest from Germany buys a roller and minoxidil by bank transfer without JavaScript (${phone ? 'phone' : 'desktop'})`, { timeout: 120_000 }, async () => {
    const page = await (await context({ phone, javaScript: false })).newPage()
    const email = `greta.${phone ? 'phone' : 'desktop'}@example.com`

    await addFromProductPage(page, 'derma-roller', /1\.0 mm/)
    await assertNoViolations(page, 'the page after adding to the cart')
    await addFromProductPage(page, 'minoxidil-5-foam', /^1 month/)
    await page.goto(`${site.url}/shop/cart`)
    assert.equal(await page.locator('.shop-cart__line').count(), 2)
    await assertNoViolations(page, 'cart without a country')
    await shipTo(page, 'DE')
    assert.equal(await page.locator('#cart-summary').textContent(), 'Shipping to Germany')
    assert.equal(await page.locator('.shop-shipping-preview').textContent(), 'DHL parcel: €3.90, 1–3 working days')
    await assertNoViolations(page, 'cart with a country')

    await page.getByRole('link', { name: 'Go to checkout' }).click()
    await page.waitForURL(/\/shop\/checkout$/)
    assert.equal(await page.locator('#f-country').inputValue(), 'DE', 'the cart\'s country carries over')
    await assertNoViolations(page, 'checkout')

    // A refused submit: a bad postcode and no terms. Everything typed stays.
    await fillCheckout(page, { email, name: 'Greta Gast', line1: 'Hauptstraße 5', city: 'Berlin', postcode: '1011', note: 'Bitte beim Nachbarn abgeben.' })
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/shop/checkout') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Place order' }).click(),
    ])
    assert.equal(refused.status(), 422)
    await page.waitForLoadState()
    assert.match(await mainText(page), /That is not a valid postcode for Germany/)
    assert.equal(await page.inputValue('#f-line1'), 'Hauptstraße 5')
    assert.equal(await page.inputValue('#f-email'), email)
    assert.equal(await page.inputValue('#f-note'), 'Bitte beim Nachbarn abgeben.')
    await assertNoViolations(page, 'checkout after a refused submit')

    await page.fill('#f-postcode', '10115')
    await page.check('#f-terms')
    await page.getByRole('button', { name: 'Place order' }).click()
    await page.waitForURL(/\/shop\/order\/[\w-]{40,}$/)
    const html = await mainText(page)
    assert.match(html, /Thank you: your order is placed/)
    assert.match(html, /IBAN: DE02 1203/)
    // 16.90 + 24.90, free shipping below €50 does not apply: + 3.90; German VAT included.
    assert.match(html, /€45\.70/)
    assert.match(html, /VAT/)
    const number = /Order (CR-\d+)/.exec(html)?.[1]
    assert.ok(number)
    await assertNoViolations(page, 'order confirmation')

    await page.getByRole('link', { name: 'Invoice (printable)' }).click()
    await page.waitForURL(/\/invoice$/)
    assert.match(await mainText(page), new RegExp(`Invoice ${number}`))
    await assertNoViolations(page, 'invoice')
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.locator('.site-header').isVisible(), false, 'the printed invoice has no site header')
    await page.emulateMedia({ media: 'screen' })

    const mail = await smtp.waitFor((m) => (m.subject ?? '').includes(number!) && mailTo(m).includes(email), 20_000)
    assert.match(mail.text ?? '', new RegExp(`Reference: ${number}`))
    assert.match(mail.text ?? '', /1 × Minoxidil 5% foam \(1 month/)
    assert.match(mail.text ?? '', /1 × Derma roller, 540 titanium needles \(1\.0 mm\)/)
    // The mail's link opens the order page (a long random token) — the buyer's way back.
    const link = /https?:\/\/\S+\/shop\/order\/[\w-]{40,}/.exec(mail.text ?? '')?.[0]
    assert.ok(link, `the confirmation mail links the order page:\n${mail.text}`)

    if (!phone) Object.assign(german, { number, email, page })
  })
}

test('staff mark the German order paid and ship it; the buyer is mailed the tracking number and sees it', { timeout: 120_000 }, async () => {
  assert.ok(german.number && german.page, 'the desktop purchase placed an order')
  const staff = await (await context({})).newPage()
  await signInInBrowser(staff, site)

  // Staff find the order from the list, filtered to what awaits payment.
  await staff.goto(`${site.url}/admin/shop/orders`)
  await staff.getByRole('link', { name: german.number }).click()
  await staff.waitForURL(`${site.url}/admin/shop/orders/${german.number}`)
  assert.match(await mainText(staff), /Bitte beim Nachbarn abgeben\./, 'staff see the buyer\'s note')
  await staff.getByRole('button', { name: 'Mark paid' }).click()
  await staff.waitForURL(`${site.url}/admin/shop/orders/${german.number}`)
  assert.match(await staff.locator('.flash').textContent() ?? '', /marked paid/)
  const paid = await smtp.waitFor((m) => (m.subject ?? '') === `Payment received for order ${german.number}`, 20_000)
  assert.match(mailTo(paid), new RegExp(german.email!.replace(/\./g, '\\.')))

  await staff.getByLabel('Carrier').fill('DHL')
  await staff.getByLabel('Tracking number').fill('00340434161234567890')
  await staff.getByRole('button', { name: 'Ship and mail the buyer' }).click()
  await staff.waitForURL(`${site.url}/admin/shop/orders/${german.number}`)
  const history = await staff.locator('.order-history').textContent() ?? ''
  assert.match(history, /Paid → Shipped/)

  const shipped = await smtp.waitFor((m) => (m.subject ?? '') === `Order ${german.number} has shipped`, 20_000)
  assert.match(mailTo(shipped), new RegExp(german.email!.replace(/\./g, '\\.')))
  assert.match(shipped.text ?? '', /Carrier: DHL/)
  assert.match(shipped.text ?? '', /Tracking number: 00340434161234567890/)

  // The buyer's own tab (no JavaScript) shows the new state and the tracking number.
  const buyer = german.page
  await buyer.goto(buyer.url().replace(/\/invoice$/, ''))
  const mine = await mainText(buyer)
  assert.match(mine, /Shipped/)
  assert.match(mine, /00340434161234567890/)
  await assertNoViolations(buyer, 'the shipped order page')
})

for (const phone of [false, true]) {
  test(`a guest shipping to the United States sees why minoxidil cannot go there and still buys the roller (${phone ? 'phone' : 'desktop'})`, { timeout: 120_000 }, async () => {
    const page = await (await context({ phone })).newPage()
    const email = `sam.${phone ? 'phone' : 'desktop'}@example.com`
    const reason = /We are not registered to sell medicines to the United States/

    // On the product page, before anything is in the cart: the reason, beside the ship-to form.
    await page.goto(`${site.url}/shop/p/minoxidil-5-solution`)
    await page.selectOption('#ship-to-country', 'US')
    await page.getByRole('button', { name: 'Update', exact: true }).click()
    await page.waitForURL(/\/shop\/p\/minoxidil-5-solution$/)
    assert.match(await page.locator('.ship-note').textContent() ?? '', reason)
    assert.equal(await page.locator('.ship-note--blocked').count(), 1)
    await assertNoViolations(page, 'a medicine page shipping to the US')

    // The roller's page says it can go.
    await addFromProductPage(page, 'derma-roller', /1\.0 mm/)
    await page.goto(`${site.url}/shop/p/derma-roller`)
    assert.equal(await page.locator('.ship-note--ok').count(), 1)

    // Minoxidil added anyway (a shopper may ignore the note): the cart names the line and the reason, and checkout stays shut.
    await addFromProductPage(page, 'minoxidil-5-solution', /^1 month/)
    await page.goto(`${site.url}/shop/cart`)
    const minoxLine = page.locator('.shop-cart__line--problem')
    assert.equal(await minoxLine.count(), 1)
    assert.match(await minoxLine.textContent() ?? '', /Minoxidil 5% solution/)
    assert.match(await minoxLine.locator('.shop-cart__problem').textContent() ?? '', reason)
    assert.equal(await page.getByRole('link', { name: 'Go to checkout' }).count(), 0)
    assert.match(await page.locator('.shop-checkout-blocked').textContent() ?? '', /Checkout opens once every item can be sent/)
    await assertNoViolations(page, 'a cart with a blocked line')

    // The checkout page itself refuses too, with the same reason.
    await page.goto(`${site.url}/shop/checkout`)
    assert.match(await page.locator('.shop-problems').textContent() ?? '', reason)

    await page.goto(`${site.url}/shop/cart`)
    await page.getByRole('button', { name: /Remove Minoxidil 5% solution/ }).click()
    await page.waitForURL(/\/shop\/cart$/)
    assert.equal(await page.locator('.shop-cart__line').count(), 1)
    assert.match(await mainText(page), /Shipping to United States of America/)
    await page.getByRole('link', { name: 'Go to checkout' }).click()
    await page.waitForURL(/\/shop\/checkout$/)

    await fillCheckout(page, { email, name: 'Sam Shopper', line1: '350 Fifth Avenue', city: 'New York', region: 'NY', postcode: '10118' })
    await page.check('#f-terms')
    await page.getByRole('button', { name: 'Place order' }).click()
    await page.waitForURL(/\/shop\/order\/[\w-]{40,}$/)
    const html = await mainText(page)
    assert.match(html, /Thank you: your order is placed/)
    assert.match(html, /Derma roller, 540 titanium needles/)
    assert.doesNotMatch(html, /Minoxidil 5% solution/)
    assert.match(html, /International tracked/)
    await assertNoViolations(page, 'the US order confirmation')
    const number = /Order (CR-\d+)/.exec(html)?.[1]
    assert.ok(number)
    await smtp.waitFor((m) => (m.subject ?? '').includes(number!) && mailTo(m).includes(email), 20_000)
  })
}
