import type { Deps } from './deps.js'
import { demoComments, seedDemoContent, type DemoSeedResult } from './content/index.js'
import { seedDemoComments } from './discussion/index.js'
import { seedDemoForum } from './forum/index.js'

/** Seeds the demo site on a brand-new database (no accounts, no articles). */
export async function seedDemoIfEmpty(deps: Deps): Promise<boolean> {
  const any = await deps.db.selectFrom('articles').select('id').limit(1).executeTakeFirst()
  const anyUser = await deps.db.selectFrom('users').select('id').limit(1).executeTakeFirst()
  if (any || anyUser) return false
  await seedDemo(deps)
  return true
}

/**
 * The demo site, module by module: content first (people, topics, studies,
 * images, articles); later seeds attach to what it returns (article ids by
 * slug, staff user ids by demo person key).
 */
export async function seedDemo(deps: Deps): Promise<DemoSeedResult> {
  const content = await seedDemoContent(deps)
  await seedDemoComments(deps, content, demoComments)
  await seedDemoForum(deps)
  return content
}
