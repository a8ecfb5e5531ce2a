import type { Deps } from '../deps.js'

// STUB (payments helper): the job that ends an unpaid order's hold on its stock.
export function registerHoldJobs(_deps: Deps) {}
