import type { Deps } from '../../deps.js'
import type { ThreadRow } from '../queries.js'
import { topicPath } from './posting.js'
import type { CategoryRow } from './queries.js'

// RSS 2.0 for a forum category (its newest topics, each with its opening
// post) and for a topic (its newest posts). Approved posts only, in listed
// topics only; absolute URLs; an author's email is never read.

export const FORUM_FEED_SIZE = 20

interface FeedItem { title: string; url: string; guid: string; published: string; author: string; html: string }

/** Escapes text for XML element content and attribute values (characters XML 1.0 forbids are dropped). */
function xml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

/** Site-relative links and images in a post become absolute, for readers outside the site. */
function absolutize(html: string, base: string, pageUrl: string): string {
  return html.replace(/\b(href|src)="\/(?!\/)/g, `$1="${base}/`).replace(/\bhref="#/g, `href="${pageUrl}#`)
}

function rss(channel: { title: string; link: string; self: string; description: string }, items: FeedItem[], now: Date): string {
  const body = items.map((e) => `    <item>
      <title>${xml(e.title)}</title>
      <link>${xml(e.url)}</link>
      <guid isPermaLink="true">${xml(e.guid)}</guid>
      <pubDate>${new Date(e.published).toUTCString()}</pubDate>
      <dc:creator>${xml(e.author)}</dc:creator>
      <description>${xml(e.html)}</description>
    </item>`).join('\n')
  const lastBuild = items[0]?.published ?? now.toISOString()
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${xml(channel.title)}</title>
    <link>${xml(channel.link)}</link>
    <description>${xml(channel.description)}</description>
    <language>en</language>
    <lastBuildDate>${new Date(lastBuild).toUTCString()}</lastBuildDate>
    <atom:link href="${xml(channel.self)}" rel="self" type="application/rss+xml"/>
${body}
  </channel>
</rss>
`
}

/** A category's newest topics (by when they were started), each with its approved opening post. */
export async function categoryFeed(deps: Pick<Deps, 'db' | 'config' | 'clock'>, category: CategoryRow): Promise<string> {
  const base = deps.config.siteUrl
  const rows = await deps.db.selectFrom('discussion_threads')
    .innerJoin('discussion_posts', 'discussion_posts.thread_id', 'discussion_threads.id')
    .select([
      'discussion_threads.short_id as topic_short_id', 'discussion_threads.slug', 'discussion_threads.title',
      'discussion_posts.author_name', 'discussion_posts.body_html', 'discussion_posts.created_at', 'discussion_posts.approved_at',
    ])
    .where('discussion_threads.category_id', '=', category.id).where('discussion_threads.kind', '=', 'topic').where('discussion_threads.listed', '=', 1)
    .where('discussion_posts.post_number', '=', 1).where('discussion_posts.status', '=', 'approved')
    .orderBy('discussion_threads.id', 'desc').limit(FORUM_FEED_SIZE).execute()
  const items = rows.map((r): FeedItem => {
    const url = base + topicPath({ short_id: r.topic_short_id, slug: r.slug })
    return { title: r.title, url, guid: url, published: r.approved_at ?? r.created_at, author: r.author_name, html: absolutize(r.body_html, base, url) }
  })
  const link = `${base}/forum/c/${category.slug}`
  return rss({ title: `${category.name} · ${deps.config.siteTitle} forum`, link, self: `${link}/feed.xml`, description: category.description || `New topics in ${category.name}` }, items, deps.clock.now())
}

/** A topic's newest approved posts, newest first. */
export async function topicFeed(deps: Pick<Deps, 'db' | 'config' | 'clock'>, topic: ThreadRow): Promise<string> {
  const base = deps.config.siteUrl
  const rows = await deps.db.selectFrom('discussion_posts')
    .select(['short_id', 'post_number', 'author_name', 'body_html', 'created_at', 'approved_at'])
    .where('thread_id', '=', topic.id).where('status', '=', 'approved')
    .orderBy('post_number', 'desc').limit(FORUM_FEED_SIZE).execute()
  const link = base + topicPath(topic)
  const items = rows.map((r): FeedItem => {
    const url = `${base}/forum/p/${r.short_id}`
    return {
      title: r.post_number === 1 ? topic.title : `Re: ${topic.title} (#${r.post_number})`, url, guid: url,
      published: r.approved_at ?? r.created_at, author: r.author_name, html: absolutize(r.body_html, base, link),
    }
  })
  return rss({ title: `${topic.title} · ${deps.config.siteTitle} forum`, link, self: `${base}/forum/t/${topic.short_id}/feed.xml`, description: `Posts in “${topic.title}”` }, items, deps.clock.now())
}
