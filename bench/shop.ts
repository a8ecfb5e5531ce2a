import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../src/config.js'
import { createDeps, closeDeps } from '../src/boot.js'
import { makeProduct, makeStandardShop } from '../src/shop/fixtures.js'
import { cpuMs, load, peakRssMiB, printRow, startBuiltServer, startStaticBytes, type Figures } from './lib.js'

// The shop's order placing (its pages are measured in shop-catalog.ts):
// 16 buyers at once, each buying one roller by
// bank transfer through the same forms a browser sends: product page, add to
// cart, ship-to, checkout page, place order. SQLite in WAL mode with
// synchronous=FULL, as the app opens it: an order is acknowledged only after
// its commit is on disk. Each buyer comes from its own address (through
// TRUST_PROXY), as real buyers do, so the per-IP limits on placing orders
// count each of them apart.

const DESCRIPTION = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i + 1}: a stainless-steel roller with 540 needles on a replaceable head. Clean it in 70 % alcohol before and after each use, let it dry in its case, and replace the head after about ten uses or sooner when needles bend. Do not share it.</p>`).join('')

async function seedShop(dataDir: string): Promise<{ file: string; slug: string; sku: string }> {
  const file = path.join(dataDir, 'crown.sqlite')
  const deps = await createDeps(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: file, LOG_LEVEL: 'warn', SEED_DEMO: 'never' }))
  await makeStandardShop(deps.db)
  const roller = await makeProduct(deps.db, {
    slug: 'derma-roller', name: 'Derma roller', productClass: 'device', summary: 'A 540-needle roller for home microneedling.', descriptionHtml: DESCRIPTION,
    variants: [
      { sku: 'ROLLER-050', name: '0.5 mm', priceCents: 1990, stock: 1_000_000, weightGrams: 90 },
      { sku: 'ROLLER-100', name: '1.0 mm', priceCents: 2190, compareAtCents: 2490, stock: 1_000_000, weightGrams: 90 },
      { sku: 'ROLLER-150', name: '1.5 mm', priceCents: 2390, stock: 1_000_000, weightGrams: 90 },
    ],
  })
  await closeDeps(deps)
  return { file, slug: roller.slug, sku: 'ROLLER-100' }
}

/** A browser's cookie jar, just enough for our own cookies. */
class Buyer {
  private cookies = new Map<string, string>()
  constructor(private base: string, private ip: string) {}
  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<{ status: number; body: string; location: string | null }> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.ip }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded'
    const res = await fetch(this.base + url, { method, headers, body: form ? new URLSearchParams(form).toString() : undefined, redirect: 'manual' })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const eq = pair.indexOf('=')
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1))
    }
    return { status: res.status, body: await res.text(), location: res.headers.get('location') }
  }
}

const field = (html: string, name: string): string => {
  const m = new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html) ?? new RegExp(`value="([^"]*)"[^>]*name="${name}"`).exec(html)
  if (!m) throw new Error(`the page has no ${name} field`)
  return m[1].replace(/&amp;/g, '&')
}

interface Purchase { placeMs: number; ok: boolean; status: number }

async function buyOnce(base: string, ip: string, slug: string, sku: string, n: number): Promise<Purchase> {
  const b = new Buyer(base, ip)
  const page = await b.request('GET', `/shop/p/${slug}`)
  const csrf = field(page.body, '_csrf')
  await b.request('POST', '/shop/cart/add', { _csrf: csrf, sku, quantity: '1' })
  await b.request('POST', '/shop/ship-to', { _csrf: csrf, country: 'DE', back: '/shop/checkout' })
  const checkout = await b.request('GET', '/shop/checkout')
  const shipping = /name="shipping"[^>]*value="(\d+)"/.exec(checkout.body)?.[1] ?? ''
  const form = {
    _csrf: field(checkout.body, '_csrf'), key: field(checkout.body, 'key'), quoted: field(checkout.body, 'quoted'),
    email: `buyer${n}@example.com`, name: `Buyer ${n}`, line1: 'Invalidenstraße 1', line2: '', city: 'Berlin', region: '', postcode: '10115',
    country: 'DE', phone: '', shipping, payment: 'bank_transfer', note: '', terms: 'on',
  }
  const started = performance.now()
  const placed = await b.request('POST', '/shop/checkout', form)
  const placeMs = performance.now() - started
  return { placeMs, ok: placed.status === 303 && (placed.location ?? '').startsWith('/shop/order/'), status: placed.status }
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0
}

export async function benchShop(seconds: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-bench-shop-'))
  const { file, slug, sku } = await seedShop(dataDir)
  const server = await startBuiltServer({ DATABASE_URL: file, DATA_DIR: dataDir, TRUST_PROXY: '127.0.0.1', PAGE_CACHE: 'on' })
  const pid = server.proc.pid!
  try {
    // Placing orders: 16 buyers, each starting a new purchase as soon as the last one ends.
    let n = 0
    const results: Purchase[] = []
    const cpuBefore = cpuMs(pid)
    const started = performance.now()
    const deadline = started + seconds * 1000
    await Promise.all(Array.from({ length: 16 }, async (_, w) => {
      while (performance.now() < deadline) {
        const i = n++
        results.push(await buyOnce(server.url, `10.${w}.${(i >> 8) & 255}.${i & 255}`, slug, sku, i))
      }
    }))
    const elapsed = (performance.now() - started) / 1000
    const cpuPerPurchase = (cpuMs(pid) - cpuBefore) / Math.max(1, results.length)
    const placed = results.filter((r) => r.ok)
    const lat = placed.map((r) => r.placeMs).sort((a, b) => a - b)
    const failed = results.length - placed.length
    const orders: Figures = { rps: placed.length / elapsed, p50: Math.round(percentile(lat, 50)), p99: Math.round(percentile(lat, 99)), errors: 0, non2xx: failed }
    printRow('place order (16 buyers, bank transfer)', orders)
    console.log(`  ${placed.length} orders in ${elapsed.toFixed(1)} s; server CPU ${cpuPerPurchase.toFixed(2)} ms per whole purchase (5 requests: product page, add, ship-to, checkout page, place)${failed ? `; ${failed} refused (statuses ${[...new Set(results.filter((r) => !r.ok).map((r) => r.status))].join(', ')})` : ''}`)

    // The same-run reference for placing: a static server answering the same
    // POST, with the same form body, with the bytes of a 303.
    const twin = await startStaticBytes(Buffer.from('Redirecting'), 'text/plain')
    const body = new URLSearchParams({ _csrf: 'x'.repeat(60), key: 'k'.repeat(32), email: 'buyer@example.com', name: 'Buyer', line1: 'Invalidenstraße 1', city: 'Berlin', postcode: '10115', country: 'DE', shipping: '1', payment: 'bank_transfer', terms: 'on' }).toString()
    const reference = await load(twin.url, { seconds, pid: twin.pid, method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    await twin.stop()
    printRow('  static server, same POST, 16 connections', reference)
    console.log(`  ${''.padEnd(46)} ${(100 * orders.rps / reference.rps).toFixed(1).padStart(6)} % of the static server's req/s`)
    console.log(`  peak RSS: ${peakRssMiB(pid)} MiB`)
  } finally {
    await server.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
