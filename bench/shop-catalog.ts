import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../src/config.js'
import { createDeps, closeDeps } from '../src/boot.js'
import { seedDemoContent } from '../src/content/index.js'
import { seedDemoShop } from '../src/shop/index.js'
import { startBuiltServer, loadBesideStatic, printBesideStatic } from './lib.js'

// The product page a shopper lands on (the 1.0/1.5 mm roller, three
// variants, a picture, the ship-to form with every ISO country), and the
// catalog, on the demo shop. Both are rendered per request (a product page
// carries the shopper's country verdict), so there is no cached figure.

export const BENCH_PRODUCT = '/shop/p/derma-roller'

/** A data dir holding the demo articles and the demo shop. */
export async function seedShopBench(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-bench-shop-'))
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: path.join(dataDir, 'crown.sqlite'), LOG_LEVEL: 'warn', SEED_DEMO: 'never' })
  const deps = await createDeps(config)
  await seedDemoContent(deps)
  const products = await seedDemoShop(deps)
  await closeDeps(deps)
  if (products < 4) throw new Error(`expected the demo shop's products, got ${products}`)
  return dataDir
}

export async function benchShopCatalog(seconds: number): Promise<void> {
  const dataDir = await seedShopBench()
  const server = await startBuiltServer({ DATA_DIR: dataDir, DATABASE_URL: path.join(dataDir, 'crown.sqlite') })
  try {
    for (const [label, pagePath] of [['product page (3 variants, picture, country form)', BENCH_PRODUCT], ['catalog (/shop, 4 cards)', '/shop']] as const) {
      const url = `${server.url}${pagePath}`
      const page = await (await fetch(url)).text()
      if (!page.includes('action="/shop/cart/add"') && pagePath === BENCH_PRODUCT) throw new Error('the product page shows no variant form')
      const measured = await loadBesideStatic(url, server.proc.pid!, seconds, 2)
      printBesideStatic(label, measured)
    }
  } finally {
    await server.stop()
  }
}
