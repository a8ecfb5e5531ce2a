import { Layout } from '../../views/layout.js'
import { CsrfField, Field, FormErrors, KeptText, PostButton, RadioGroup } from '../../views/components.js'
import { formatDateTime } from '../../views/format.js'
import type { BanListItem } from '../../discussion/index.js'
import type { PostHistory } from '../revisions.js'
import type { FormState } from '../../http/forms.js'
import { FLAG_REASONS } from '../flags.js'

export interface FlagTarget { shortId: string; number: number; authorName: string; excerpt: string; topicTitle: string; topicHref: string }

/** The no-JavaScript flag form: one small page per post. */
export function FlagPostPage({ target, form }: { target: FlagTarget; form: FormState }) {
  return (
    <Layout meta={{ title: `Flag post #${target.number}`, noindex: true }}>
      <p class="eyebrow"><a href={target.topicHref}>{target.topicTitle}</a></p>
      <h1>Flag post #{target.number}</h1>
      <p>
        Tell the moderators what is wrong with this post by {target.authorName}. When several readers flag a post, it is hidden until a
        moderator has looked at it.
      </p>
      <blockquote class="forum-quote">{target.excerpt}</blockquote>
      <form method="post" action={`/forum/p/${target.shortId}/flag`} class="forum-form flag-form">
        <FormErrors form={form} title="Your flag was not sent." />
        <RadioGroup form={form} name="reason" legend="Why are you flagging it?" options={FLAG_REASONS} required />
        <Field form={form} name="note" label="A short note (optional unless you chose “Something else”)" maxLength={300} />
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Send flag</button> <a href={target.topicHref}>Cancel</a></p>
      </form>
    </Layout>
  )
}

export interface BanFormData { shortId: string; authorName: string; excerpt: string; guest: boolean; ipPrefix: string | null }

/** Staff choose what to ban (the post's guest identity or its IP hash) and for how long. */
export function NewBanPage({ data, form, periods }: { data: BanFormData; form: FormState; periods: { value: string; label: string }[] }) {
  const target = form.values.target ?? (data.guest ? 'guest' : 'ip')
  return (
    <Layout meta={{ title: `Ban ${data.authorName}`, noindex: true }}>
      <p class="eyebrow"><a href="/admin/bans">Bans</a></p>
      <h1>Ban {data.authorName} from posting</h1>
      <p>A banned guest can still read the site. When they try to comment or post in the forum, they are told they cannot, and their text is shown back to them.</p>
      <blockquote class="forum-quote">{data.excerpt}</blockquote>
      <form method="post" action="/admin/bans" class="forum-form flag-form">
        <FormErrors form={form} title="The ban was not saved." />
        <input type="hidden" name="post" value={data.shortId} />
        <fieldset>
          <legend>What to ban</legend>
          {data.guest ? (
            <div class="flag-form__choice">
              <input type="radio" name="target" id="f-target-guest" value="guest" checked={target === 'guest'} required />
              <label for="f-target-guest">This guest identity (the browser that posted as {data.authorName})</label>
            </div>
          ) : null}
          {data.ipPrefix ? (
            <div class="flag-form__choice">
              <input type="radio" name="target" id="f-target-ip" value="ip" checked={target === 'ip'} required />
              <label for="f-target-ip">The IP hash <code>{data.ipPrefix}</code> (everyone posting from that address)</label>
            </div>
          ) : null}
        </fieldset>
        <RadioGroup form={form} name="period" legend="For how long" options={periods} value="week" required />
        <Field form={form} name="reason" label="Reason (for staff; kept in the audit log)" maxLength={300} />
        <CsrfField />
        <p class="actions"><button class="btn btn--danger" type="submit">Ban</button> <a href="/admin/comments">Cancel</a></p>
      </form>
    </Layout>
  )
}

export function BansPage({ bans }: { bans: BanListItem[] }) {
  return (
    <Layout meta={{ title: 'Bans', noindex: true }} wide>
      <p class="eyebrow"><a href="/admin/comments">Moderation</a></p>
      <h1>Bans</h1>
      <p>Ban a guest from a post in the <a href="/admin/comments?kind=forum">moderation queue</a> or on its topic page.</p>
      {bans.length === 0 ? <p class="mod-empty">No bans.</p> : (
        <ul class="mod-list">
          {bans.map((b) => (
            <li class="mod-item">
              <div class="mod-item__main">
                <p class="mod-item__author"><strong>{b.what}</strong><span class={`ban-state ban-state--${b.state}`}>{b.state === 'active' ? 'Active' : b.state === 'lifted' ? 'Lifted' : 'Expired'}</span></p>
                <p class="mod-item__meta">
                  {b.periodLabel}{b.expiresAt ? <>, until <time dateTime={b.expiresAt}>{formatDateTime(b.expiresAt)}</time></> : null}
                  {' · banned '}<time dateTime={b.createdAt}>{formatDateTime(b.createdAt)}</time>{b.createdBy ? ` by ${b.createdBy}` : ''}
                </p>
                {b.reason ? <p class="mod-item__excerpt">{b.reason}</p> : null}
                {b.state === 'active' ? (
                  <div class="mod-item__actions"><PostButton action={`/admin/bans/${b.id}/lift`}>Lift ban</PostButton></div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  )
}

/** What a banned poster sees instead of their post being taken: why, until when, and their text to copy. */
export function BannedPage({ until, title, body }: { until: string | null; title: string; body: string }) {
  return (
    <Layout meta={{ title: 'You can’t post right now', noindex: true }}>
      <h1>You can’t post in the forum right now</h1>
      <p>
        The moderators have paused posting from your browser or connection
        {until ? <> until <time dateTime={until}>{formatDateTime(until)}</time></> : null}. You can still read the forum.
        If you think this is a mistake, please contact us through the <a href="/about">About</a> page.
      </p>
      <KeptText title={title} body={body} />
      <p><a href="/forum">Back to the forum</a></p>
    </Layout>
  )
}

/** Staff: every version of a forum post, newest first, as the Markdown its author wrote. */
export function PostHistoryPage({ history }: { history: PostHistory }) {
  return (
    <Layout meta={{ title: `History of post #${history.number}`, noindex: true }}>
      <p class="eyebrow"><a href={history.postHref}>{history.topicTitle}</a></p>
      <h1>History of post #{history.number} by {history.authorName}</h1>
      {history.versions.length === 1 ? <p>This post has not been edited.</p> : <p>{history.versions.length - 1} edit{history.versions.length === 2 ? '' : 's'}. Texts are shown as written (Markdown source).</p>}
      <ol class="post-history">
        {history.versions.map((v) => (
          <li class={`post-history__version${v.current ? ' post-history__version--current' : ''}`}>
            <h2 class="post-history__label">{v.label}</h2>
            <p class="mod-item__meta"><time dateTime={v.at}>{formatDateTime(v.at)}</time>{v.by ? ` · by ${v.by}` : ''}</p>
            {v.title ? <p class="post-history__title">Title: <strong>{v.title}</strong></p> : null}
            <pre class="post-history__body">{v.bodyMd}</pre>
          </li>
        ))}
      </ol>
    </Layout>
  )
}
