import type { Deps } from '../deps.js'

// STUB (catalog helper): the demo shop. Returns how many products it added.
export async function seedDemoShop(_deps: Deps): Promise<number> {
  return 0
}
