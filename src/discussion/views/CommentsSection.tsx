import { Checkbox, CsrfField, Field, FormErrors, Honeypot } from '../../views/components.js'
import type { VNode } from 'preact'
import { html, outOfLine, sanitized, templateNode, trustSanitized, type SanitizedHtml } from '../../views/html.js'
import { plural } from '../../views/format.js'
import { LIMITS } from '../limits.js'
import type { CommentNode, CommentsSectionData } from '../thread-view.js'
import { pushItem } from './comment-list.js'

/** The comments under an article: heading, the threaded list, pages and the reply form. */
export function CommentsSection({ data }: { data: CommentsSectionData }) {
  const heading = data.count > 0 ? `${plural(data.count, 'thought', 'thoughts')} on “${data.subject.title}”` : 'No comments yet'
  return (
    <section class="comments" id="comments" aria-labelledby="comments-title">
      <h2 id="comments-title" class="comments__title">{heading}</h2>
      {data.count === 0 && data.open ? (
        <p class="comments__invite">Have you read a study on this, or tried it yourself? Start the conversation below.</p>
      ) : null}
      <CommentPages data={data} label="Comment pages (top)" />
      {data.comments.length || data.keptList ? (
        <ol class="comment-list">
          {commentList(data)}
        </ol>
      ) : null}
      <CommentPages data={data} label="Comment pages" />
      {data.open ? (
        <div id="respond-home">
          {data.replyTo ? (
            <p class="comments__top-level"><a href={data.cancelHref}>Leave a new comment instead of a reply</a></p>
          ) : (
            <CommentForm data={data} />
          )}
        </div>
      ) : (
        <p class="comments__closed notice">Comments are closed on this article.</p>
      )}
    </section>
  )
}

function CommentPages({ data, label }: { data: CommentsSectionData; label: string }) {
  if (data.pages <= 1) return null
  return (
    <nav class="comment-pages" aria-label={label}>
      {data.page > 1 ? <a rel="prev" href={`${data.pageHrefs[data.page - 2]}#comments`}>← Older comments</a> : <span />}
      <span class="comment-pages__status">Comment page {data.page} of {data.pages}</span>
      {data.page < data.pages ? <a rel="next" href={`${data.pageHrefs[data.page]}#comments`}>Newer comments →</a> : <span />}
    </nav>
  )
}

// The comment list is built as a list of pieces, not components: it is the
// part of an article page drawn 200 times over, and a component per comment
// cost more than the rest of the page. Each comment's card is kept with the
// post once made (comment-card.ts, as UTF-8 bytes), so a page mostly copies
// stored bytes: the list is placed out of line (views/html.ts outOfLine) and
// never becomes one long string. Only the no-JS reply form under a comment (a
// ?replytocom page) is JSX; a list holding it is rendered as a template.
type Piece = SanitizedHtml | Buffer | VNode

function commentList(data: CommentsSectionData): VNode {
  // The list every reader without a held comment shares, kept whole (thread-view.ts).
  if (data.keptList) return templateNode(html`${outOfLine([data.keptList])}`)
  const pieces: Piece[] = []
  const form = (node: CommentNode) => (!node.removed && node.replyFormHere ? <CommentForm data={data} /> : null)
  for (const c of data.comments) pushItem<VNode>(pieces, c, data.open, form)
  if (!data.replyTo) return templateNode(html`${outOfLine(pieces as (SanitizedHtml | Buffer)[])}`)
  return templateNode(html`${pieces.map((p) => (typeof p === 'string' ? sanitized(p) : Buffer.isBuffer(p) ? sanitized(trustSanitized(p.toString())) : p))}`)
}

/** "Leave a Reply": works without JavaScript; client/discussion-reply.ts moves it under a comment. */
export function CommentForm({ data }: { data: CommentsSectionData }) {
  const { form, replyTo } = data
  return (
    <div id="respond" class="comment-respond">
      <h3 id="reply-title" class="comment-respond__title">
        <span data-reply-title data-default="Leave a Reply">{replyTo ? `Replying to ${replyTo.name}` : 'Leave a Reply'}</span>
        <span class="comment-respond__cancel" data-cancel-reply hidden={!replyTo}>
          {' · '}<a href={data.cancelHref}>Cancel reply</a>
        </span>
      </h3>
      <form method="post" action="/comments" class="comment-form" data-comment-form>
        <FormErrors form={form} title="Your comment was not posted yet." />
        {data.signedInAs ? (
          <p class="comment-form__who">
            Logged in as <strong>{data.signedInAs.name}</strong>.
            {data.signedInAs.unconfirmed ? <> Please confirm your email address before posting: open the link we mailed you.</> : null}
          </p>
        ) : (
          <p class="comment-form__notes">
            Your email address will not be published. Required fields are marked <span class="required" aria-hidden="true">*</span><span class="visually-hidden">with an asterisk</span>
          </p>
        )}
        <Field
          form={form} name="comment" label="Comment" multiline rows={6} required
          hint={<>A little Markdown works: *emphasis*, [links](https://…), &gt; quotes, lists and `code`. Up to {LIMITS.maxBodyChars.toLocaleString('en-US')} characters.</>}
        />
        {data.signedInAs ? null : (
          <div class="comment-form__identity">
            <Field form={form} name="name" label="Name" required autocomplete="name" maxLength={LIMITS.maxNameChars} />
            <Field form={form} name="email" label="Email" type="email" required autocomplete="email" />
            <Field form={form} name="url" label="Website" autocomplete="url" maxLength={LIMITS.maxUrlChars} />
          </div>
        )}
        <Honeypot />
        {data.signedInAs ? null : (
          <Checkbox form={form} name="remember" label="Save my name and email in this browser for the next time I comment." />
        )}
        <Checkbox form={form} name="notify" label="Notify me of replies to my comment by email (we send a confirmation link first)." />
        <input type="hidden" name="subject" value={data.subject.slug} />
        <input type="hidden" name="parent" value={replyTo?.shortId ?? ''} data-parent-field />
        <input type="hidden" name="stamp" value={data.stamp} />
        <CsrfField />
        <p class="comment-form__submit">
          <button class="btn btn--primary" type="submit">Post Comment</button>
        </p>
      </form>
    </div>
  )
}
