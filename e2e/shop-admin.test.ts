import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { openDatabase, type Database } from '../src/db/database.js'
import { makeProduct } from '../src/shop/fixtures.js'
import { makeOrder } from '../src/shop/order-fixtures.js'
import { startSite, launchBrowser, assertNoViolations, assertNoSideScroll, type RunningSite } from './support.js'
import { createAdminWithCli, signedInStaffPage } from './staff.js'

// The shop's staff pages in Chromium: axe-core finds nothing on the orders
// list, an order's page (before and after a refused ship), and the shipping,
// tax, rule and settings editors; staff mark an order paid and ship it
// without JavaScript, at phone width.

let site: RunningSite
let database: Database
let browser: Browser
const contexts: BrowserContext[] = []
let number = ''

before(async () => {
  site = await startSite()
  await createAdminWithCli(site)
  // Rows the checkout would have made, written beside the running site (SQLite in WAL mode takes a second writer).
  // The demo shop (zones, VAT, rules) is seeded at the site's first start.
  database = openDatabase(path.join(site.dataDir, 'crown.sqlite'))
  const { variantIds: [v] } = await makeProduct(database.db, { name: 'Derma roller', variants: [{ name: '1.0 mm', priceCents: 1990, stock: 5 }] })
  number = (await makeOrder(database.db, {
    email: 'erika@example.com', customerNote: 'Please ring twice.', placedAt: new Date().toISOString(),
    lines: [{ variantId: v, productName: 'Derma roller', variantName: '1.0 mm', unitPriceCents: 1990, quantity: 1, taxCents: 318 }],
  })).number
  browser = await launchBrowser()
})
after(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
  await database?.close()
  await site?.stop()
})

const staffPage = (opts: { phone?: boolean; javaScript?: boolean } = {}) => signedInStaffPage(browser, site, contexts, opts)


async function visit(page: Page, p: string) {
  const res = await page.goto(`${site.url}${p}`)
  assert.equal(res?.status(), 200, p)
}

test('the orders list, the order page and the editors pass axe, desktop and phone', async () => {
  for (const phone of [false, true]) {
    const page = await staffPage({ phone })
    for (const p of ['/admin/shop/orders', `/admin/shop/orders/${number}`, '/admin/shop/shipping', '/admin/shop/taxes', '/admin/shop/rules?all=1', '/admin/shop/settings']) {
      await visit(page, p)
      await assertNoViolations(page, `${p}${phone ? ' (phone)' : ''}`)
      // Wide tables scroll inside their frame; the page itself never scrolls sideways.
      await assertNoSideScroll(page, p)
    }
    const zoneHref = await page.goto(`${site.url}/admin/shop/shipping`).then(() => page.locator('table a[href*="/zones/"]').first().getAttribute('href'))
    await visit(page, zoneHref!)
    await assertNoViolations(page, 'a zone')
    await visit(page, `${zoneHref}/rates/new`)
    await assertNoViolations(page, 'a new rate')
  }
})

test('without JavaScript, at phone width: mark paid, a refused ship, then ship; the history shows each step', async () => {
  const page = await staffPage({ phone: true, javaScript: false })
  await visit(page, `/admin/shop/orders/${number}`)
  await page.getByRole('button', { name: 'Mark paid' }).click()
  await page.waitForURL(`${site.url}/admin/shop/orders/${number}`)
  assert.match(await page.locator('.flash').textContent() ?? '', /marked paid/)

  // Spaces pass the browser's required check; the server trims them and refuses (422).
  await page.getByLabel('Carrier').fill('DHL')
  await page.getByLabel('Tracking number').fill('   ')
  const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/ship')), page.getByRole('button', { name: 'Ship and mail the buyer' }).click()])
  assert.equal(refused.status(), 422)
  await page.waitForLoadState()
  assert.match(await page.locator('.form-errors').textContent() ?? '', /Enter the tracking number/)
  assert.equal(await page.getByLabel('Carrier').inputValue(), 'DHL')
  // (axe needs JavaScript: the refused page is checked in a browser with it below.)

  await page.getByLabel('Carrier').fill('DHL')
  await page.getByLabel('Tracking number').fill('00340434161234567890')
  await page.getByRole('button', { name: 'Ship and mail the buyer' }).click()
  await page.waitForURL(`${site.url}/admin/shop/orders/${number}`)
  const history = await page.locator('.order-history').textContent() ?? ''
  assert.match(history, /Awaiting payment → Paid/)
  assert.match(history, /Paid → Shipped/)
  const row = await database.db.selectFrom('shop_orders').select(['status', 'tracking_number']).where('number', '=', number).executeTakeFirstOrThrow()
  assert.deepEqual(row, { status: 'shipped', tracking_number: '00340434161234567890' })
})

test('the order page after a refused ship passes axe', async () => {
  const { number: other } = await makeOrder(database.db, { status: 'paid', placedAt: new Date().toISOString(), lines: [{ unitPriceCents: 990, quantity: 1 }] })
  const page = await staffPage()
  await visit(page, `/admin/shop/orders/${other}`)
  await page.getByLabel('Carrier').fill('DHL')
  await page.getByLabel('Tracking number').fill('   ')
  const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/ship')), page.getByRole('button', { name: 'Ship and mail the buyer' }).click()])
  assert.equal(refused.status(), 422)
  await page.waitForLoadState()
  await assertNoViolations(page, 'the order page after a refused ship')
})
