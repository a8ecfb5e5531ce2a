import { slugify } from '../accounts/index.js'

export { slugify }

// Articles and pages live at /<slug>, beside the site's own routes. A slug
// that names a route (today's or a planned one) would be shadowed by it, or
// would shadow it, so these are refused when an editor picks them.
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'admin', 'sign-in', 'sign-out', 'sign-up', 'setup', 'forum', 'shop', 'cart', 'checkout', 'search', 'tracker',
  'category', 'tag', 'author', 'page', 'media', 'assets', 'feed', 'feed.xml', 'atom.xml', 'sitemap.xml',
  'robots.txt', 'healthz', 'comments', 'account', 'accounts', 'api', 'login', 'logout', 'register', 'static',
  'favicon.ico', 'privacy-request', 'unsubscribe', 'subscribe', 'confirm', 'reset-password', 'well-known', '.well-known',
])

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export type SlugProblem = 'empty' | 'format' | 'reserved' | 'too-long'

/** Checks the shape of an article slug (uniqueness is the database's job). */
export function slugProblem(slug: string): SlugProblem | null {
  if (!slug) return 'empty'
  if (slug.length > 80) return 'too-long'
  if (!SLUG_PATTERN.test(slug)) return 'format'
  if (RESERVED_SLUGS.has(slug)) return 'reserved'
  return null
}

export function describeSlugProblem(p: SlugProblem | 'taken'): string {
  switch (p) {
    case 'empty': return 'Enter a slug, or a title to make one from.'
    case 'too-long': return 'Keep the slug under 80 characters.'
    case 'format': return 'Use lowercase letters, digits and single hyphens only, like minoxidil-basics.'
    case 'reserved': return 'That address is used by the site itself. Choose another slug.'
    case 'taken': return 'Another article or page already uses this slug.'
  }
}
