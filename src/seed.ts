import type { Deps } from './deps.js'

/** Seeds the demo site on a brand-new database (no accounts, no articles). */
export async function seedDemoIfEmpty(deps: Deps): Promise<boolean> {
  const any = await deps.db.selectFrom('articles').select('id').limit(1).executeTakeFirst()
  const anyUser = await deps.db.selectFrom('users').select('id').limit(1).executeTakeFirst()
  if (any || anyUser) return false
  await seedDemo(deps)
  return true
}

export async function seedDemo(deps: Deps): Promise<void> {
  void deps
}
