import { UNCONFIRMED_MESSAGE } from '../accounts/index.js'
import { formatDateTime } from '../views/format.js'
import { POST_LIMITS, type PostKind, type SpamRefusal } from './limits.js'

// What a person is told when a rule stops their comment, topic or reply: the
// one table for every kind of post. The text they wrote is always shown back
// (in the form, or on the page that refuses it), so nothing typed is lost.

export type PostRefusal =
  | SpamRefusal
  | { kind: 'confirm-email' }
  /** A comment answered a post that is gone or hidden. */
  | { kind: 'bad-parent' }
  /** A guest chose a name that belongs to an account (forum). */
  | { kind: 'name-taken' }
  /** The forum category lets guests only reply, or only read. */
  | { kind: 'guests-may-not'; policy: 'topics' | 'replies' | 'read' }

const seconds = (s: number) => `${s} second${s === 1 ? '' : 's'}`
// Forum limits run to hours (3 topics a day); say them in the largest unit.
const roughly = (s: number) => (s >= 3600 ? `${Math.ceil(s / 3600)} hours` : s >= 120 ? `${Math.ceil(s / 60)} minutes` : seconds(s))

export function refusalMessage(r: PostRefusal, kind: PostKind): { status: number; message: string } {
  const comment = kind === 'comment'
  switch (r.kind) {
    case 'confirm-email': return { status: 403, message: UNCONFIRMED_MESSAGE }
    case 'bad-parent': return { status: 422, message: 'The comment you were replying to is no longer available. Your text is kept below: you can post it as a new comment.' }
    case 'name-taken': return { status: 422, message: 'That name belongs to a member or staff account, or is reserved for the site. Please choose another display name.' }
    case 'guests-may-not': return { status: 403, message: r.policy === 'read' ? 'Guests can read this category but not post in it.' : 'Guests can reply in this category but not start topics.' }
    case 'honeypot': return comment
      ? { status: 422, message: 'We could not accept this comment. If you filled in a hidden field by accident (some autofill tools do), please press Post Comment again.' }
      : { status: 422, message: 'We could not accept this post. If an autofill tool filled a hidden field, please press the button again.' }
    case 'too-fast': return comment
      ? { status: 422, message: 'That was quicker than we expect from a person. Please read your comment through, then press Post Comment again.' }
      : { status: 422, message: 'That was quicker than we expect from a person. Please read your post through, then send it again.' }
    case 'expired-form': return comment
      ? { status: 422, message: 'This form was open for a long time. Please press Post Comment again.' }
      : { status: 422, message: 'This form was open for a long time. Please send it again.' }
    case 'duplicate': return comment
      ? { status: 422, message: 'You have just posted this same comment. It may be waiting for moderation; there is no need to send it again.' }
      : { status: 422, message: 'You have just posted this same text. It may be waiting for review; there is no need to send it again.' }
    case 'too-many-links': return comment
      ? { status: 422, message: `Your comment has ${r.links} links to other sites; please keep the ones that matter most.` }
      : { status: 422, message: `Your post has ${r.links} links to other sites; the limit is ${POST_LIMITS[kind].maxLinks}. Links to PubMed, doi.org and ClinicalTrials.gov don’t count.` }
    case 'banned': return comment
      ? { status: 403, message: `The moderators have paused comments from your browser or connection${r.until ? ` until ${formatDateTime(r.until)}` : ''}. Your comment was not posted; it is kept below so you can copy it. If you think this is a mistake, please contact us through the About page.` }
      : { status: 403, message: 'The moderators have paused posting from your browser or connection.' }
    case 'rate-limited':
      if (comment) {
        return r.scope === 'daily'
          ? { status: 429, message: `You have reached today’s limit of ${POST_LIMITS.comment.perDay} comments from your connection. Please try again in a few hours; your text is kept below so you can copy it.` }
          : { status: 429, message: `You can post one comment every ${POST_LIMITS.comment.intervalMs / 1000} seconds. Wait ${seconds(r.retryAfterSeconds)}, then press Post Comment again; your text is kept below.` }
      }
      if (r.scope === 'interval') return { status: 429, message: `You can post once every ${POST_LIMITS[kind].intervalMs / 1000} seconds. Wait ${roughly(r.retryAfterSeconds)}, then send it again; your text is kept below.` }
      return kind === 'topic'
        ? { status: 429, message: `New guests can start ${POST_LIMITS.topic.perDay} topics a day. You can start another in ${roughly(r.retryAfterSeconds)}; your text is kept below so you can copy it.` }
        : { status: 429, message: `New guests can post ${POST_LIMITS.reply.perDay} replies a day. You can reply again in ${roughly(r.retryAfterSeconds)}; your text is kept below so you can copy it.` }
  }
}
