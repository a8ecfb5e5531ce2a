import { Layout } from '../../views/layout.js'
import { CsrfField } from '../../views/components.js'

/** GET of the confirmation link: a button, so mail scanners that prefetch links confirm nothing. */
export function ConfirmPage({ token, title, state }: { token: string; title: string; state: 'ask' | 'confirmed' | 'unsubscribed' }) {
  return (
    <Layout meta={{ title: 'Reply notifications', noindex: true }}>
      <section class="card narrow subscription-page">
        <h1>Reply notifications</h1>
        {state === 'ask' ? (
          <>
            <p>Confirm that you want an email when someone replies to your comment on “{title}”.</p>
            <form method="post" action={`/comments/subscriptions/${token}`}>
              <CsrfField />
              <button class="btn btn--primary" type="submit">Confirm notifications</button>
            </form>
            <p class="muted">Not you? Ignore this page: nothing is sent without confirmation.</p>
          </>
        ) : state === 'confirmed' ? (
          <p>Confirmed: we will email you when a reply to your comment on “{title}” is published. Every email has a one-click unsubscribe link.</p>
        ) : (
          <p>These notifications were switched off. Post a new comment and tick the box to ask again.</p>
        )}
      </section>
    </Layout>
  )
}

export function UnsubscribePage({ token, title, done }: { token: string; title: string; done: boolean }) {
  return (
    <Layout meta={{ title: 'Unsubscribe', noindex: true }}>
      <section class="card narrow subscription-page">
        <h1>{done ? 'You are unsubscribed' : 'Unsubscribe'}</h1>
        {done ? (
          <p>You will get no more emails about replies to your comment on “{title}”.</p>
        ) : (
          <>
            <p>Stop emails about replies to your comment on “{title}”?</p>
            <form method="post" action={`/comments/unsubscribe/${token}`}>
              <button class="btn btn--primary" type="submit">Unsubscribe</button>
            </form>
          </>
        )}
      </section>
    </Layout>
  )
}

export function LinkNotFoundPage() {
  return (
    <Layout meta={{ title: 'Link not recognised', noindex: true }}>
      <section class="card narrow subscription-page">
        <h1>This link is not recognised</h1>
        <p>It may be mistyped or the comment may have been removed. Nothing was changed.</p>
      </section>
    </Layout>
  )
}
