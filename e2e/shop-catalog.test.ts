import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, BrowserContext } from 'playwright-core'
import { startSite, launchBrowser, newContext, axeViolations, describeViolations, assertNoSideScroll, type RunningSite } from './support.js'
import { createAdminWithCli, signInInBrowser } from './staff.js'

// The shop's catalog in Chromium on the seeded demo site: axe-core finds
// nothing on the catalog, a product page, a medicine page and an article
// embedding product cards, at desktop and phone widths, none wider than the
// window; the variant form is a plain form that works without JavaScript;
// staff reach the product editor.

let site: RunningSite
let browser: Browser
const contexts: BrowserContext[] = []

before(async () => {
  site = await startSite()
  await createAdminWithCli(site)
  browser = await launchBrowser()
})
after(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close()
  await site?.stop()
})

async function context(opts: { phone?: boolean; javaScript?: boolean } = {}) {
  const ctx = await newContext(browser, opts)
  contexts.push(ctx)
  return ctx
}

for (const phone of [false, true]) {
  test(`catalog, product, medicine and embedding article pages pass axe${phone ? ' (phone)' : ''}`, async () => {
    const page = await (await context({ phone })).newPage()
    for (const path of ['/shop', '/shop/c/minoxidil', '/shop/p/derma-roller', '/shop/p/minoxidil-5-foam', '/minoxidil-label-shedding-and-when-to-judge']) {
      const res = await page.goto(`${site.url}${path}`)
      assert.equal(res?.status(), 200, path)
      const v = await axeViolations(page)
      assert.equal(v.length, 0, `${path}: ${describeViolations(v)}`)
      // Nothing sticks out sideways: a phone would scroll the whole page.
      await assertNoSideScroll(page, path)
    }
    assert.ok(await page.locator('.product-embed .product-card').count() >= 2, 'the minoxidil article embeds its products')
  })
}

test('the variant picker is a plain form: without JavaScript it posts the chosen SKU and quantity', async () => {
  const page = await (await context({ javaScript: false })).newPage()
  await page.goto(`${site.url}/shop/p/derma-roller`)
  assert.equal(await page.locator('input[type=radio][name=sku]').count(), 3)
  assert.equal(await page.locator('input[type=radio][name=sku][value="DR-150"]').isDisabled(), false, 'two left: still buyable')
  await page.getByLabel(/1\.0 mm/).check()
  await page.getByLabel('Quantity').fill('2')
  const [req] = await Promise.all([
    page.waitForRequest((r) => r.url() === `${site.url}/shop/cart/add` && r.method() === 'POST'),
    page.getByRole('button', { name: 'Add to cart' }).click(),
  ])
  const body = new URLSearchParams(req.postData() ?? '')
  assert.equal(body.get('sku'), 'DR-100')
  assert.equal(body.get('quantity'), '2')
  assert.ok(body.get('_csrf'))
})

test('the product editor passes axe for staff', async () => {
  const page = await (await context()).newPage()
  await signInInBrowser(page, site)
  for (const path of ['/admin/shop/products', '/admin/shop/products/new', '/admin/shop/categories']) {
    const res = await page.goto(`${site.url}${path}`)
    assert.equal(res?.status(), 200, path)
    const v = await axeViolations(page)
    assert.equal(v.length, 0, `${path}: ${describeViolations(v)}`)
  }
})
