import { createHash } from 'node:crypto'

// Text as WordPress exports it: HTML-escaped names, percent-encoded slugs,
// absolute links to the old site; and the hash an import map row keeps.

export function hashOf(value: unknown, omit: string[] = []): string {
  const json = JSON.stringify(value, (k, v) => (omit.includes(k) ? undefined : v))
  return createHash('sha256').update(json).digest('hex')
}

export function slugPart(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'author'
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ndash: '–', mdash: '—', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' }

/** WordPress stores term names and titles with HTML escaping: "Tips &amp; Tricks". */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m
    }
    return ENTITIES[e.toLowerCase()] ?? m
  })
}

/**
 * Links to the old site's own pages become site-relative, so they reach the
 * new addresses through the redirects wherever Crown is served; files under
 * wp-content stay as they are (an image left on the old site).
 */
export function relinkOldSite(html: string, base: string): string {
  let host: string
  try { host = new URL(base).host.toLowerCase() } catch { return html }
  return html.replace(/(href\s*=\s*["'])((?:https?:)?\/\/([^/"'?#]+)([^"']*))(["'])/gi, (m, pre: string, _url: string, linkHost: string, rest: string, post: string) => {
    if (linkHost.toLowerCase() !== host || /^\/wp-content\//i.test(rest)) return m
    return `${pre}${rest || '/'}${post}`
  })
}

/** An address as an old site kept it, lower-cased, or null when it is no address at all. */
export function usableEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase()
  return /^[^@\s]+@[^@\s]+$/.test(email) ? email : null
}

/** A commenter's web address when it is one (http or https), cut to a sane length; else null. */
export function usableUrl(raw: string): string | null {
  const url = raw.trim()
  return /^https?:\/\//i.test(url) ? url.slice(0, 300) : null
}

export function decodeSlug(slug: string): string {
  try { return decodeURIComponent(slug) } catch { return slug }
}

export function plainText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim()
}
