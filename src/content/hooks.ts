import type { FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'

// What content asks of modules it cannot import (they import content):
// app.ts hands registerContent these hooks, filled by the shop.

export interface ContentHooks {
  /**
   * The shop's cards for these product slugs, as HTML it rendered from JSX
   * (every text escaped). A slug with no card (unknown, draft) is left out, or,
   * for staff, given a note saying why.
   */
  productCards?(req: FastifyRequest, slugs: string[]): Promise<Map<string, string>>
  /** More public pages for the sitemap (the shop's), as site paths with their last change. */
  moreSitemapPaths?(): Promise<{ path: string; lastmod?: string }[]>
}

// Per app (tests build many apps in one process), keyed by its Deps.
const hooksByDeps = new WeakMap<object, ContentHooks>()

export function setContentHooks(deps: Deps, hooks: ContentHooks) {
  hooksByDeps.set(deps, hooks)
}

export function contentHooksOf(deps: object): ContentHooks {
  return hooksByDeps.get(deps) ?? {}
}
