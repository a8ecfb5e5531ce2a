// Feed writing shared by every module that publishes RSS (articles, forum
// categories and topics): XML escaping, absolute links, and the RSS 2.0
// document. Authors appear by name only (RSS's <author> wants an email
// address, so dc:creator is used instead).

/** Escapes text for XML element content and attribute values. */
export function xml(s: string): string {
  // Characters XML 1.0 forbids outright are dropped rather than escaped.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

/** Makes the site-relative URLs in stored HTML absolute, for readers outside the site. */
export function absolutize(html: string, base: string, pageUrl: string): string {
  return html
    .replace(/\b(href|src)="\/(?!\/)/g, `$1="${base}/`)
    .replace(/\bhref="#/g, `href="${pageUrl}#`)
    .replace(/\bsrcset="([^"]*)"/g, (_m, set: string) => `srcset="${set.split(',').map((part) => part.trim().replace(/^\/(?!\/)/, `${base}/`)).join(', ')}"`)
}

export interface RssChannel { title: string; link: string; self: string; description: string; lastBuild: string }

export interface RssItem {
  title: string
  url: string
  published: string
  author: string
  categories?: string[]
  /** Summary text or HTML, escaped into <description>. */
  description: string
  /** Full HTML, in <content:encoded> when given. */
  contentHtml?: string
  commentsUrl?: string
}

/** An RSS 2.0 document (absolute URLs expected). */
export function rssDocument(channel: RssChannel, items: RssItem[]): string {
  const body = items.map((e) => `    <item>
      <title>${xml(e.title)}</title>
      <link>${xml(e.url)}</link>
      <guid isPermaLink="true">${xml(e.url)}</guid>
      <pubDate>${new Date(e.published).toUTCString()}</pubDate>
      <dc:creator>${xml(e.author)}</dc:creator>
${(e.categories ?? []).map((c) => `      <category>${xml(c)}</category>\n`).join('')}      <description>${xml(e.description)}</description>
${e.contentHtml !== undefined ? `      <content:encoded>${xml(e.contentHtml)}</content:encoded>\n` : ''}${e.commentsUrl ? `      <comments>${xml(e.commentsUrl)}</comments>\n` : ''}    </item>`).join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>${xml(channel.title)}</title>
    <link>${xml(channel.link)}</link>
    <description>${xml(channel.description)}</description>
    <language>en</language>
    <lastBuildDate>${new Date(channel.lastBuild).toUTCString()}</lastBuildDate>
    <atom:link href="${xml(channel.self)}" rel="self" type="application/rss+xml"/>
${body}
  </channel>
</rss>
`
}
