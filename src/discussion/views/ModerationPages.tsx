import { Layout } from '../../views/layout.js'
import { CsrfField, Field, FormErrors, Pagination, PostButton } from '../../views/components.js'
import { formatDateTime } from '../../views/format.js'
import type { FormState } from '../../http/forms.js'
import type { QueueData, QueueItem, ReplyTarget } from '../moderation.js'
import type { PostStatus } from '../tables.js'
import type { QueueKind } from '../queries.js'

const TABS: { status: PostStatus; label: string }[] = [
  { status: 'pending', label: 'Pending' },
  { status: 'approved', label: 'Approved' },
  { status: 'spam', label: 'Spam' },
  { status: 'trash', label: 'Trash' },
]

const BULK: Record<PostStatus, { value: string; label: string }[]> = {
  pending: [{ value: 'approve', label: 'Approve' }, { value: 'spam', label: 'Mark as spam' }, { value: 'trash', label: 'Move to trash' }],
  approved: [{ value: 'unapprove', label: 'Unapprove' }, { value: 'spam', label: 'Mark as spam' }, { value: 'trash', label: 'Move to trash' }],
  spam: [{ value: 'restore', label: 'Not spam' }, { value: 'trash', label: 'Move to trash' }, { value: 'purge', label: 'Delete permanently' }],
  trash: [{ value: 'restore', label: 'Restore' }, { value: 'spam', label: 'Mark as spam' }, { value: 'purge', label: 'Delete permanently' }],
}

const KINDS: { kind: QueueKind; label: string }[] = [
  { kind: 'all', label: 'Everything' },
  { kind: 'comments', label: 'Article comments' },
  { kind: 'forum', label: 'Forum posts' },
]

const queueHref = (status: PostStatus, page = 1, kind: QueueKind = 'all') =>
  `/admin/comments?status=${status}${kind !== 'all' ? `&kind=${kind}` : ''}${page > 1 ? `&page=${page}` : ''}`

export function ModerationQueuePage({ data, canEditWords }: { data: QueueData; canEditWords: boolean }) {
  const back = queueHref(data.status, data.page, data.kind)
  return (
    <Layout meta={{ title: 'Moderation', noindex: true }} wide>
      <div class="mod-head">
        <h1>Moderation</h1>
        <p class="mod-head__links">
          <a class="btn btn--secondary btn--small" href="/admin/bans">Bans</a>
          {canEditWords ? <a class="btn btn--secondary btn--small" href="/admin/comments/settings">Moderation settings</a> : null}
        </p>
      </div>
      <nav class="mod-kinds" aria-label="Kind of post">
        {KINDS.map((k) => (
          <a href={queueHref(data.status, 1, k.kind)} aria-current={k.kind === data.kind ? 'true' : undefined}>{k.label}</a>
        ))}
      </nav>
      <nav class="mod-tabs" aria-label="Status">
        {TABS.map((t) => (
          <a href={queueHref(t.status, 1, data.kind)} aria-current={t.status === data.status ? 'page' : undefined}>
            {t.label} <span class="mod-tabs__count">({data.counts[t.status].toLocaleString('en-US')})</span>
          </a>
        ))}
      </nav>
      {data.items.length === 0 ? (
        <p class="mod-empty">{data.status === 'pending' ? 'Nothing is waiting for moderation. Well done.' : 'Nothing here.'}</p>
      ) : (
        <>
          <form id="bulk-form" method="post" action="/admin/comments/bulk" class="mod-bulk">
            <CsrfField />
            <input type="hidden" name="back" value={back} />
            <label for="bulk-action">With the selected posts:</label>
            <select id="bulk-action" name="action">
              <option value="">Choose an action</option>
              {BULK[data.status].map((o) => <option value={o.value}>{o.label}</option>)}
            </select>
            <button class="btn btn--secondary btn--small" type="submit">Apply</button>
          </form>
          <ul class="mod-list">
            {data.items.map((item) => <QueueRow item={item} back={back} />)}
          </ul>
          <Pagination page={data.page} pages={data.pages} href={(p) => queueHref(data.status, p, data.kind)} />
        </>
      )}
    </Layout>
  )
}

function QueueRow({ item, back }: { item: QueueItem; back: string }) {
  const act = (action: string) => `/admin/comments/${item.shortId}/${action}`
  const fields = { back }
  return (
    <li class="mod-item">
      <div class="mod-item__select">
        <input type="checkbox" name="ids" value={item.shortId} form="bulk-form" id={`sel-${item.shortId}`} />
        <label class="visually-hidden" for={`sel-${item.shortId}`}>Select the {item.kind === 'forum' ? 'forum post' : 'comment'} by {item.authorName}</label>
      </div>
      <div class="mod-item__main">
        <p class="mod-item__author">
          <strong>{item.authorName}</strong>
          {item.staff ? <span class="comment__badge comment__badge--staff">Staff</span> : null}
          {item.forum?.guest ? <span class="forum-badge forum-badge--guest">guest</span> : null}
          {item.authorEmail ? <span class="mod-item__email">{item.authorEmail}</span> : null}
          {item.authorUrl ? <a class="mod-item__url" href={item.authorUrl} rel="nofollow ugc noopener">{item.authorUrl}</a> : null}
        </p>
        <p class="mod-item__meta">
          <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
          {item.forum ? (
            <>
              {' · '}<span class="mod-item__kind">Forum post{item.forum.number !== null ? ` #${item.forum.number}` : ''}</span>{' in '}<a href={item.articlePath || '/'}>{item.articleTitle}</a>
              {item.forum.categoryName && item.forum.categoryHref ? <>{' · '}<a href={item.forum.categoryHref}>{item.forum.categoryName}</a></> : null}
            </>
          ) : (
            <>{' · '}<span class="mod-item__kind">Comment</span>{' on '}<a href={item.articlePath || '/'}>{item.articleTitle}</a></>
          )}
          {item.inReplyTo ? <> · in reply to {item.inReplyTo}</> : null}
          {item.ipPrefix ? <> · IP hash <code>{item.ipPrefix}</code></> : null}
        </p>
        {item.heldReason && item.status === 'pending' ? <p class="mod-item__reason">Held: {item.heldReason}</p> : null}
        {item.flags.length ? (
          <ul class="mod-item__flags" aria-label="Readers' flags">
            {item.flags.map((f) => <li><strong>{f.reason}</strong>{f.note ? <>: {f.note}</> : null}</li>)}
          </ul>
        ) : null}
        <p class="mod-item__excerpt">{item.excerpt}</p>
        <div class="mod-item__actions">
          {item.status === 'pending' ? <PostButton action={act('approve')} variant="primary" fields={fields}>Approve</PostButton> : null}
          {item.status === 'approved' ? <PostButton action={act('unapprove')} fields={fields}>Unapprove</PostButton> : null}
          {(item.status === 'pending' || item.status === 'approved') && !item.forum ? <a class="btn btn--secondary" href={`/admin/comments/${item.shortId}/reply`}>Reply</a> : null}
          {item.status === 'approved' || (item.forum && item.status === 'pending') ? <a class="btn btn--link" href={item.forum ? item.forum.permalink : `/comments/${item.shortId}`}>View</a> : null}
          {item.status === 'spam' ? <PostButton action={act('restore')} fields={fields}>Not spam</PostButton> : null}
          {item.status === 'trash' ? <PostButton action={act('restore')} fields={fields}>Restore</PostButton> : null}
          {item.status !== 'spam' ? <PostButton action={act('spam')} fields={fields}>Spam</PostButton> : null}
          {item.status !== 'trash' ? <PostButton action={act('trash')} variant="danger" fields={fields}>Trash</PostButton> : null}
          {item.status === 'spam' || item.status === 'trash' ? (
            <PostButton action={act('purge')} variant="danger" fields={fields} confirm={item.forum?.number === 1 ? 'Delete this topic and all its posts permanently?' : 'Delete this post permanently?'}>
              {item.forum?.number === 1 ? 'Delete topic permanently' : 'Delete permanently'}
            </PostButton>
          ) : null}
          {!item.staff ? <a class="btn btn--link" href={`/admin/bans/new?post=${item.shortId}`}>Ban…</a> : null}
        </div>
      </div>
    </li>
  )
}

export function QueueReplyPage({ target, form }: { target: ReplyTarget; form: FormState }) {
  return (
    <Layout meta={{ title: `Reply to ${target.authorName}`, noindex: true }}>
      <p class="eyebrow"><a href="/admin/comments">Comments</a></p>
      <h1>Reply to {target.authorName}</h1>
      <p class="meta">On <a href={target.articlePath || '/'}>{target.articleTitle}</a>{target.status === 'pending' ? ' · pending: replying approves it' : ''}</p>
      <blockquote class="mod-quote">{target.excerpt}</blockquote>
      <form method="post" action={`/admin/comments/${target.shortId}/reply`}>
        <FormErrors form={form} />
        <Field form={form} name="comment" label="Your reply" multiline rows={6} required hint="Posted at once under your name with a Staff badge." />
        <CsrfField />
        <p class="actions">
          <button class="btn btn--primary" type="submit">Post reply</button>
          <a href="/admin/comments">Cancel</a>
        </p>
      </form>
    </Layout>
  )
}

export function WordListPage({ form, saved }: { form: FormState; saved: number }) {
  return (
    <Layout meta={{ title: 'Moderation settings', noindex: true }}>
      <p class="eyebrow"><a href="/admin/comments">Comments</a></p>
      <h1>Moderation settings</h1>
      <p>
        A new comment whose name, email, website or text contains any of these words or phrases waits in the pending queue.
        One per line; case does not matter; a word also matches inside longer words.
      </p>
      <form method="post" action="/admin/comments/settings">
        <FormErrors form={form} />
        <Field form={form} name="words" label="Words and phrases to hold" multiline rows={12} hint={`${saved} saved now.`} />
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Save the list</button></p>
      </form>
    </Layout>
  )
}
