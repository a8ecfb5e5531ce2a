import { html, templateText, trustSanitized, type OutOfLinePiece } from '../../views/html.js'
import type { CommentNode } from '../thread-view.js'
import { CARD_VERSION, commentCard, removedCard } from './comment-card.js'
import { siteTimeZone } from '../../views/format.js'

// The comment list's items, as pieces (views/html.ts outOfLine): sanitized
// HTML and kept cards, never one long string. The list a reader without a
// held comment of their own sees is the same for all of them, so it is kept
// whole (discussion_list_fragments, thread-view.ts) and a page reads it as
// one piece.

// Bump when the list's own markup (below) changes: every kept list is then made afresh.
const LIST_VERSION = 'l1'

/** What a kept list must have been made for to be shown: its thread's list_version and everything the list shows besides the posts. */
export function listKey(o: { listVersion: number; pagePath: string; open: boolean; subjectAuthorId: number }): string {
  return `${LIST_VERSION}|${CARD_VERSION}|${o.listVersion}|${o.open ? 'open' : 'closed'}|${o.subjectAuthorId}|${siteTimeZone()}|${o.pagePath}`
}

/** Pushes one comment's item (and its replies') pieces; `under` adds what goes under a comment's card (the no-JS reply form). */
export function pushItem<P>(out: (OutOfLinePiece | P)[], node: CommentNode, open: boolean, under?: (node: CommentNode) => P | null): void {
  if (node.removed) {
    // Where a removed comment was: its shown replies stay under it; nothing of its own is shown.
    out.push(templateText(html`<li class="${`comment comment--level-${node.level} comment--removed`}">${removedCard(node.anchor)}`))
  } else {
    out.push(templateText(html`<li class="${`comment comment--level-${node.level}${node.pending ? ' comment--pending' : ''}`}">`))
    out.push(node.card ?? templateText(commentCard(node, open)))
    const extra = under?.(node)
    if (extra) out.push(extra)
  }
  if (node.children.length) {
    out.push(trustSanitized('<ol class="comment-children">'))
    for (const c of node.children) pushItem(out, c, open, under)
    out.push(trustSanitized('</ol>'))
  }
  out.push(trustSanitized('</li>'))
}

/** The items of a list with nothing per reader in it, as UTF-8. */
export function listBytes(nodes: CommentNode[], open: boolean): Buffer {
  const pieces: OutOfLinePiece[] = []
  for (const n of nodes) pushItem(pieces, n, open)
  return Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)))
}
