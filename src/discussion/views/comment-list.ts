import { html, templateText, trustSanitized, type OutOfLinePiece } from '../../views/html.js'
import { CARD_VERSION, commentCard, removedCard, type CardComment } from './comment-card.js'
import { siteTimeZone } from '../../views/format.js'

// The comment list's items, as pieces (views/html.ts outOfLine): sanitized
// HTML and kept cards, never one long string. The list a reader without a
// held comment of their own sees is the same for all of them, so it is kept
// whole (discussion_list_fragments, thread-view.ts) and a page reads it as
// one piece.

// The comment tree a page shows (thread-view.ts buildTree makes it).
/** A shown comment, or the placeholder of a removed one that still has replies shown. */
export type CommentNode = ShownComment | RemovedComment

// A trashed, spammed, purged or hidden comment leaves its shown replies in
// place, under a placeholder that says only that it was removed (as WordPress
// and Discourse do): no author, text or link of its own.
export interface RemovedComment {
  removed: true
  /** A per-page element id, so deeper replies can point at it; not the comment's own id. */
  anchor: string
  level: number
  children: CommentNode[]
}

// From CardComment: `anchor` is the element id (`comment-<short_id>`); a held
// comment is `pending`, `ownPending` when the viewer wrote it; `inReplyTo` is
// set when the comment renders away from its parent (beyond level 5), its
// name null when the parent was removed.
// A comment whose kept card is used has no text, link or date here (its card
// holds them): they are read only for a card made now.
export interface ShownComment extends CardComment {
  removed: false
  level: number
  /** Its card (UTF-8), made for this page (views/comment-card.ts): kept with the post, or made now. */
  card: Buffer | null
  /** The no-JS reply form renders under this comment. */
  replyFormHere: boolean
  children: CommentNode[]
}

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
