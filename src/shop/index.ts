import type { FastifyInstance } from 'fastify'
import type { Deps } from '../deps.js'
import { catalogRoutes } from './catalog-routes.js'
import { cartRoutes } from './cart-routes.js'
import { checkoutRoutes } from './checkout-routes.js'
import { paymentRoutes } from './payment-routes.js'
import { shopAdminRoutes } from './admin-routes.js'
import { productAdminRoutes } from './product-admin-routes.js'
import { registerHoldJobs } from './holds.js'
import { registerStockAlertJobs } from './stock-alerts.js'
import { reindexProducts } from './search-documents.js'
import { hasIndexed } from '../search/index.js'

// The shop's public face: catalog, cart, checkout, payments, orders and the
// staff back office (src/shop/). Other modules import only this file.

export { seedDemoShop } from './seed-demo.js'
export { productCardsHtml } from './catalog-routes.js'
export { sitemapPaths as shopSitemapPaths } from './catalog.js'
export { shopSummary } from './order-admin.js'

export async function registerShop(app: FastifyInstance, deps: Deps) {
  // A site whose products were made before search knew the shop: index them once, at boot.
  if (!(await hasIndexed(deps, 'product'))) await reindexProducts(deps)
  catalogRoutes(app, deps)
  cartRoutes(app, deps)
  checkoutRoutes(app, deps)
  paymentRoutes(app, deps)
  shopAdminRoutes(app, deps)
  productAdminRoutes(app, deps)
}

/** The shop's job kinds: hold expiry, low-stock mail (jobs/handlers.ts gathers them). */
export function registerShopJobs(deps: Deps) {
  registerHoldJobs(deps)
  registerStockAlertJobs(deps)
}
