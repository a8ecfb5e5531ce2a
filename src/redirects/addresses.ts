// What an old address is to the redirects table, and what a target may be.
// Pure functions: the lookup, the importer's upsert and the staff editor all
// read addresses through these, so a link typed by staff, one found in the
// export and one a browser requests meet at the same key.

/** Longer addresses are no key at all (a miss, so the helpful 404), never an error. */
export const MAX_ADDRESS_LENGTH = 2000

/**
 * The query keys that name something on a WordPress site (a post, a page, an
 * archive, a feed). Everything else in a query is noise to a redirect:
 * tracking (utm_*, fbclid), replytocom, amp, and cpage (the comment page,
 * which the Crown address replaces; the browser keeps #comment-N itself).
 */
export const WORDPRESS_QUERY_KEYS: ReadonlySet<string> = new Set(['attachment_id', 'author', 'cat', 'feed', 'm', 'p', 'page_id', 'post_type', 'tag'])

// The origin local paths are resolved against: any host would do, it is never shown.
const LOCAL = 'http://crown.invalid'

/**
 * The old URL as the table knows it, or null when it cannot be one (broken
 * percent-encoding, not a path, too long). The host of an absolute URL is
 * dropped; the path is percent-decoded, lower-cased (WordPress matched slugs
 * without regard to case) and re-encoded the one way, with empty and dot
 * segments resolved, a leading index.php and a trailing comment-page-N
 * dropped, and no trailing slash (but `/`); the query keeps only WordPress's
 * meaningful keys, sorted.
 *
 *   https://old.example/index.php/2019/05/Slug/comment-page-2/?utm_source=x → /2019/05/slug
 *   /?cpage=2&p=123#comment-9 → /?p=123
 */
export function redirectKey(url: string): string | null {
  if (url.length > MAX_ADDRESS_LENGTH) return null
  let rest = url.trim()
  const hash = rest.indexOf('#')
  if (hash !== -1) rest = rest.slice(0, hash)
  const origin = /^https?:\/\/[^/?#]*/i.exec(rest)
  if (origin) rest = rest.slice(origin[0].length)
  if (rest === '' || rest.startsWith('?')) rest = `/${rest}`
  if (!rest.startsWith('/')) return null
  const q = rest.indexOf('?')
  const path = keyPath(q === -1 ? rest : rest.slice(0, q))
  if (path === null) return null
  const query = keyQuery(q === -1 ? '' : rest.slice(q + 1))
  return query ? `${path}?${query}` : path
}

function keyPath(raw: string): string | null {
  const segments: string[] = []
  for (const part of raw.split('/')) {
    let segment: string
    try {
      segment = decodeURIComponent(part)
    } catch {
      return null
    }
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment.toLowerCase())
  }
  if (segments[0] === 'index.php') segments.shift()
  if (segments.length && /^comment-page-\d+$/.test(segments[segments.length - 1])) segments.pop()
  return `/${segments.map(encodeURIComponent).join('/')}`
}

function keyQuery(raw: string): string {
  if (!raw) return ''
  // URLSearchParams never throws: a broken %-sequence is kept as typed.
  const kept = new Map<string, string>()
  for (const [name, value] of new URLSearchParams(raw)) {
    if (WORDPRESS_QUERY_KEYS.has(name) && value !== '' && !kept.has(name)) kept.set(name, value)
  }
  return [...kept].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')
}

/** Whether the query of a request for `/` names something WordPress served there (a post, a page, a feed…). */
export function hasWordPressQuery(query: string): boolean {
  for (const name of new URLSearchParams(query).keys()) if (WORDPRESS_QUERY_KEYS.has(name)) return true
  return false
}

export type ReadAddress<T> = { ok: true; value: T } | { ok: false; message: string }

/** An old address typed by staff or found in the export: a local path, or a full URL on any host (only its path and query count). */
export function readFrom(input: string): ReadAddress<{ shown: string; key: string }> {
  const text = input.trim()
  if (!text) return { ok: false, message: 'Enter the old address, like /2019/05/my-post/ or /?p=123.' }
  if (text.length > MAX_ADDRESS_LENGTH) return { ok: false, message: `Keep the old address under ${MAX_ADDRESS_LENGTH} characters.` }
  const origin = /^https?:\/\/[^/?#]*/i.exec(text)
  if (!origin && !text.startsWith('/')) return { ok: false, message: 'Enter the old address as a path starting with /, or as a full address starting with http:// or https://.' }
  if (!origin && text.startsWith('//')) return { ok: false, message: 'Start the old address with one /, or give it in full with https://.' }
  const shown = origin ? text.slice(origin[0].length).replace(/^(?=[?#]|$)/, '/') : text
  const key = redirectKey(shown)
  if (key === null) return { ok: false, message: 'This address has a broken %-code in it: copy it again from the old site.' }
  if (key === '/') return { ok: false, message: 'That is the home page: a redirect from it would hide the whole site. Give a path, or a query like /?p=123.' }
  return { ok: true, value: { shown, key } }
}

/**
 * Where a redirect may lead: a local path starting with / or an absolute
 * http(s) URL, returned in its serialized form (spaces and non-ASCII
 * percent-encoded), so it is always a valid Location header.
 */
export function readTarget(input: string): ReadAddress<string> {
  const text = input.trim()
  if (!text) return { ok: false, message: 'Enter where the old address should lead, like /my-article.' }
  if (text.length > MAX_ADDRESS_LENGTH) return { ok: false, message: `Keep the new address under ${MAX_ADDRESS_LENGTH} characters.` }
  if (/^https?:\/\//i.test(text)) {
    const url = parseUrl(text)
    if (!url || !url.hostname) return { ok: false, message: 'This full address cannot be read: check it, or give a path on this site starting with /.' }
    return { ok: true, value: url.href }
  }
  if (!text.startsWith('/') || text.startsWith('//') || text.startsWith('/\\')) {
    return { ok: false, message: 'Enter a path on this site starting with one /, like /my-article, or a full address starting with https://.' }
  }
  const url = parseUrl(text, LOCAL)
  const path = url ? `${url.pathname}${url.search}${url.hash}` : ''
  // A path the URL parser reads as another host (a backslash, dot segments before //) would send readers off the site.
  if (!url || url.origin !== LOCAL || path.startsWith('//')) return { ok: false, message: 'This path cannot be read: check it, like /my-article.' }
  return { ok: true, value: path }
}

/**
 * Whether a request for `from` redirected to `to` would come back to the
 * same address (the same path and query, fragments aside): a loop. `siteUrl`
 * makes an absolute target on this site count as local.
 */
export function sameAddress(from: string, to: string, siteUrl: string): boolean {
  const a = localPart(from, siteUrl)
  const b = localPart(to, siteUrl)
  return a !== null && a === b
}

/** A target's key as an old address when it is on this site (a local path, or an absolute URL on siteUrl's origin), else null. */
export function targetKey(to: string, siteUrl: string): string | null {
  const url = parseUrl(to, LOCAL)
  if (!url || (url.origin !== LOCAL && url.origin !== parseUrl(siteUrl)?.origin)) return null
  return redirectKey(`${url.pathname}${url.search}`)
}

function localPart(address: string, siteUrl: string): string | null {
  const site = parseUrl(siteUrl)
  const url = parseUrl(address, LOCAL)
  if (!url) return null
  if (url.origin !== LOCAL && url.origin !== site?.origin) return null
  let path = url.pathname
  try {
    path = decodeURIComponent(path)
  } catch {
    // compared as it stands
  }
  return `${path}${url.search}`
}

function parseUrl(text: string, base?: string): URL | null {
  try {
    return new URL(text, base)
  } catch {
    return null
  }
}
