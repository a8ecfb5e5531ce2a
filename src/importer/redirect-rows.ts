/** An old address (path and query, as the old site served it) and its Crown address. */
export interface RedirectRow { from: string; to: string }

/**
 * The path (and query) of an old permalink, when it is on the old site:
 * "https://old.example/2019/05/slug/" → "/2019/05/slug/". A site in a
 * folder keeps the folder ("/blog/2019/…"): that is what old links say.
 */
export function oldPath(base: string, link: string): string | null {
  if (!link) return null
  let url: URL
  let root: URL
  try {
    url = new URL(link)
    root = new URL(base || link)
  } catch {
    return null
  }
  if (url.host.toLowerCase() !== root.host.toLowerCase()) return null
  const path = `${url.pathname}${url.search}`
  return path === '/' ? null : path
}
