import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { iso } from '../clock.js'
import { listStaff } from '../accounts/index.js'
import { readShopSettings } from './queries/pricing.js'
import { clearRestockedVariants, markLowStockMailed, unmailedLowVariants, type LowVariant } from './queries/stock-alerts.js'

// The low-stock mail: when an order takes units and a tracked variant falls
// to or below its threshold, staff get one mail naming it. The variant's
// low_stock_mailed_at keeps it from being named again until its stock rises
// above the threshold (a restock), so a run of orders on the last few units
// sends one mail, not one per order.

const JOB = 'shop.low-stock'

interface Payload { variantIds: number[] }

export function registerStockAlertJobs(deps: Deps) {
  deps.jobs.handle<Payload>(JOB, async (p) => { await checkLowStock(deps, p.variantIds) })
}

/** After units are taken from these variants: queue the low-stock check, in the caller's transaction. */
export async function noteStockTaken(deps: Pick<Deps, 'jobs'>, trx: Db, variantIds: number[]): Promise<void> {
  if (!variantIds.length) return
  await deps.jobs.enqueue(JOB, { variantIds: [...new Set(variantIds)] } satisfies Payload, {}, trx)
}

/** After staff raise a variant's stock or threshold: a later fall to the threshold mails again. */
export async function noteStockRestored(trx: Db, variantId: number): Promise<void> {
  await clearRestockedVariants(trx, [variantId])
}

/** Mails staff about the variants that are newly low; returns the ones named. */
export async function checkLowStock(deps: Pick<Deps, 'db' | 'jobs' | 'clock' | 'config'>, variantIds: number[]): Promise<LowVariant[]> {
  const ids = variantIds.filter((n) => Number.isInteger(n) && n > 0)
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx) => {
    await clearRestockedVariants(trx, ids)
    const named: LowVariant[] = []
    // Each variant is claimed by a conditional update, so two checks running
    // at once (two orders a moment apart) name it in one mail only.
    for (const v of await unmailedLowVariants(trx, ids)) if (await markLowStockMailed(trx, v.id, at)) named.push(v)
    if (!named.length) return named
    const settings = await readShopSettings(trx)
    const to = settings.lowStockEmail
      ? [settings.lowStockEmail]
      : (await listStaff(trx)).filter((s) => s.role === 'admin' || s.role === 'shop_manager').map((s) => s.email)
    const lines = named.map((v) => `- ${v.productName}, ${v.name} (SKU ${v.sku}): ${v.stock === 0 ? 'sold out' : `${v.stock} left`} (alert at ${v.threshold})`)
    for (const address of to) {
      await deps.jobs.enqueue('mail.send', {
        to: address,
        subject: named.length === 1 ? `Low stock: ${named[0].productName}, ${named[0].name}` : `Low stock: ${named.length} variants`,
        text: [
          'These items are running low:', '', ...lines, '',
          `Restock them in the product editor: ${deps.config.siteUrl}/admin/shop/products`, '',
          'You get one mail per item until its stock is raised above its alert level again.',
        ].join('\n'),
      }, {}, trx)
    }
    return named
  })
}
