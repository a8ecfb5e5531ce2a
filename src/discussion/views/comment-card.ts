import { html, sanitized, templateText, type HtmlTemplate, type SanitizedHtml } from '../../views/html.js'
import { formatDateTime, siteTimeZone } from '../../views/format.js'

// A comment's card (the <article> with its header, text and reply link) is
// made once and kept with the post (discussion_posts.card_html), so an article
// page joins stored cards instead of building each comment from parts on
// every view. A card depends on more than its post: the page its links point
// at, its badge, the site's time zone, whether replies are open and, for a
// reply shown away from its parent, the parent's name and anchor. Those make
// its key, and a kept card is used only where its key matches. A held comment
// is always made afresh: its card says so, to its author or to staff.

/** What a card is made from. */
export interface CardComment {
  shortId: string
  anchor: string
  authorName: string
  authorUrl: string | null
  badge: 'Author' | 'Staff' | 'Member' | null
  bodyHtml: SanitizedHtml
  createdAt: string
  pending: boolean
  ownPending: boolean
  inReplyTo: { name: string | null; anchor: string } | null
  replyHref: string
  permalink: string
}

// Bump when the card's markup changes: every kept card is then made afresh.
export const CARD_VERSION = 'c1'

/** What a kept card must have been made for to be shown on this page. */
export function cardKey(pagePath: string, open: boolean, c: Pick<CardComment, 'badge' | 'inReplyTo'>): string {
  const key = `${CARD_VERSION}|${open ? 'open' : 'closed'}|${c.badge ?? ''}|${siteTimeZone()}|${pagePath}`
  return c.inReplyTo ? `${key}|${c.inReplyTo.anchor}|${c.inReplyTo.name ?? ''}` : key
}

/** Whether this comment's card may be kept and reused (it is the same for every reader). */
export function isKeepable(c: Pick<CardComment, 'pending'>): boolean {
  return !c.pending
}

/** The card, as a template. */
export function commentCard(node: CardComment, open: boolean): HtmlTemplate {
  const name = node.authorName
  const author = node.authorUrl ? html`<a href="${node.authorUrl}" rel="nofollow ugc noopener">${name}</a>` : name
  const badge = node.badge ? html`<span class="comment__badge comment__badge--${node.badge.toLowerCase()}">${node.badge}</span>` : null
  const inReplyTo = node.inReplyTo
    ? html`<p class="comment__in-reply-to">in reply to <a href="${`#${node.inReplyTo.anchor}`}">${node.inReplyTo.name ?? 'a removed comment'}</a></p>`
    : null
  const pending = node.pending
    ? html`<p class="comment__pending">${node.ownPending ? 'Your comment is awaiting moderation.' : 'Awaiting moderation (visible to staff only).'}</p>`
    : null
  const actions = open
    ? html`<p class="comment__actions"><a class="comment__reply" href="${node.replyHref}" data-reply-to="${node.shortId}" data-reply-name="${name}" aria-label="${`Reply to ${name}`}">Reply</a></p>`
    : null
  // Split in lines for reading; nested templates are joined into one.
  return html`<article id="${node.anchor}" class="comment__card" aria-label="${`Comment by ${name}`}">${[
    html`<header class="comment__meta"><span class="comment__author">${author}</span>${badge}`,
    html`<a class="comment__date" href="${node.permalink}"><time datetime="${node.createdAt}">${formatDateTime(node.createdAt)}</time></a></header>`,
    inReplyTo, pending,
    html`<div class="comment__body">${sanitized(node.bodyHtml)}</div>`,
    actions,
  ]}</article>`
}

/** The card as finished HTML, to keep. */
export function commentCardHtml(node: CardComment, open: boolean): SanitizedHtml {
  // Every part of a card is text or sanitized HTML, so the template is whole text.
  return templateText(commentCard(node, open))
}

/** Where a removed comment was (its replies stay under it): nothing of its own. */
export function removedCard(anchor: string): HtmlTemplate {
  return html`<div id="${anchor}" class="comment__card comment__card--removed"><p class="comment__removed">This comment was removed.</p></div>`
}

/** The removed card as finished HTML. */
export function removedCardHtml(anchor: string): SanitizedHtml {
  return templateText(removedCard(anchor))
}
