import type { Deps } from '../deps.js'
import { absolutize, rssDocument, type RssItem } from '../views/feed-xml.js'
import type { ThreadRow } from '../discussion/index.js'
import { topicPath } from './posting.js'
import type { CategoryRow } from './queries/index.js'
import { categoryFeedRows, topicFeedRows } from './queries/index.js'

// RSS 2.0 for a forum category (its newest topics, each with its opening
// post) and for a topic (its newest posts). Approved posts only, in listed
// topics only; absolute URLs; an author's email is never read.

export const FORUM_FEED_SIZE = 20

/** A category's newest topics (by when they were started), each with its approved opening post. */
export async function categoryFeed(deps: Pick<Deps, 'db' | 'config' | 'clock'>, category: CategoryRow): Promise<string> {
  const base = deps.config.siteUrl
  const rows = await categoryFeedRows(deps.db, category.id, FORUM_FEED_SIZE)
  const items = rows.map((r): RssItem => {
    const url = base + topicPath({ short_id: r.topic_short_id, slug: r.slug })
    return { title: r.title, url, published: r.approved_at ?? r.created_at, author: r.author_name, description: absolutize(r.body_html, base, url) }
  })
  const link = `${base}/forum/c/${category.slug}`
  return rssDocument({ title: `${category.name} · ${deps.config.siteTitle} forum`, link, self: `${link}/feed.xml`, description: category.description || `New topics in ${category.name}`, lastBuild: lastBuild(items, deps.clock.now()) }, items)
}

/** A topic's newest approved posts, newest first. */
export async function topicFeed(deps: Pick<Deps, 'db' | 'config' | 'clock'>, topic: ThreadRow): Promise<string> {
  const base = deps.config.siteUrl
  const rows = await topicFeedRows(deps.db, topic.id, FORUM_FEED_SIZE)
  const link = base + topicPath(topic)
  const items = rows.map((r): RssItem => {
    const url = `${base}/forum/p/${r.short_id}`
    return {
      title: r.post_number === 1 ? topic.title : `Re: ${topic.title} (#${r.post_number})`, url,
      published: r.approved_at ?? r.created_at, author: r.author_name, description: absolutize(r.body_html, base, link),
    }
  })
  return rssDocument({ title: `${topic.title} · ${deps.config.siteTitle} forum`, link, self: `${base}/forum/t/${topic.short_id}/feed.xml`, description: `Posts in “${topic.title}”`, lastBuild: lastBuild(items, deps.clock.now()) }, items)
}

const lastBuild = (items: RssItem[], now: Date) => items[0]?.published ?? now.toISOString()
