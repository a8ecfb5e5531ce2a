import type { Deps } from './deps.js'
import { articlesForDemoComments, demoComments, hasArticles, seedDemoContent, type DemoSeedResult } from './content/index.js'
import { countUsers } from './accounts/index.js'
import { seedDemoComments } from './discussion/index.js'
import { seedDemoForum } from './forum/index.js'
import { seedDemoShop } from './shop/index.js'

/** What one demo seeding added, module by module. */
export interface DemoSeedSummary {
  content: DemoSeedResult
  comments: number
  forumPosts: number
  products: number
}

/** Seeds the demo site on a brand-new database (no accounts, no articles); logs what it added. */
export async function seedDemoIfEmpty(deps: Deps): Promise<DemoSeedSummary | null> {
  if (await hasArticles(deps) || await countUsers(deps.db) > 0) return null
  const summary = await seedDemo(deps)
  deps.log.info(describeDemoSeed(summary))
  return summary
}

/**
 * The demo site, module by module: content first (people, topics, studies,
 * images, articles); later seeds attach to what it returns (article ids by
 * slug, staff user ids by demo person key).
 */
export async function seedDemo(deps: Deps): Promise<DemoSeedSummary> {
  const content = await seedDemoContent(deps)
  const articles = await articlesForDemoComments(deps, Object.values(content.articleIds))
  const comments = await seedDemoComments(deps, { articles, staffIds: content.staffIds }, demoComments)
  const forumPosts = await seedDemoForum(deps)
  const products = await seedDemoShop(deps)
  return { content, comments, forumPosts, products }
}

/** One line for the log: "Seeded the demo site: 9 articles, 3 pages, …". */
export function describeDemoSeed(s: DemoSeedSummary): string {
  const { articles, pages, studies, figures } = s.content.added
  const counts: [number, string, string][] = [
    [articles, 'article', 'articles'], [pages, 'page', 'pages'], [studies, 'study', 'studies'], [figures, 'figure', 'figures'],
    [s.comments, 'comment', 'comments'], [s.forumPosts, 'forum post', 'forum posts'], [s.products, 'product', 'products'],
  ]
  const parts = counts.map(([n, one, many]) => `${n} ${n === 1 ? one : many}`)
  return counts.every(([n]) => n === 0) ? 'The demo site was seeded already: nothing added.' : `Seeded the demo site: ${parts.join(', ')}.`
}
