import type { FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { contentHooksOf } from './hooks.js'

// `[[product:slug]]` in an article's Markdown shows the shop's product card
// there. Bodies are rendered when saved, but a card's price and stock must be
// live: so saving leaves an empty placeholder (<div data-product="slug">,
// which the sanitizer admits and nothing else emits), and showing the page
// asks the shop for the cards. The shop imports content (media, Markdown), so
// content cannot import the shop: app.ts hands the card renderer in as a hook.

/** The marker, alone in its paragraph. Slugs as the shop makes them. */
export const PRODUCT_MARKER = /^\[\[product:([a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?)\]\]$/

/** A placeholder as the body keeps it, its slug captured (for a pattern of its own: kept-sections.ts). */
export const PLACEHOLDER_SOURCE = '<div data-product="([a-z0-9-]{1,120})"></div>\\n?'
const PLACEHOLDER = new RegExp(PLACEHOLDER_SOURCE, 'g')

export function productPlaceholder(slug: string): string {
  return `<div data-product="${slug}"></div>\n`
}

/** The product slugs an article body embeds, in order, once each. */
export function embeddedProductSlugs(html: string): string[] {
  return [...new Set([...html.matchAll(PLACEHOLDER)].map((m) => m[1]))]
}

/** Today's card of each product, by slug (a product no longer shown has none). */
export async function productCards(deps: Deps, req: FastifyRequest, slugs: string[]): Promise<Map<string, string>> {
  if (!slugs.length) return new Map()
  return (await contentHooksOf(deps).productCards?.(req, slugs)) ?? new Map<string, string>()
}
