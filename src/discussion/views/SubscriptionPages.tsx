import { Layout } from '../../views/layout.js'
import { CsrfField } from '../../views/components.js'
import type { SubscriptionSubject } from '../notifications.js'

/** The words for what the mail is about: replies to one's comment, or new replies in a watched topic. */
const about = (subject: SubscriptionSubject, title: string) =>
  subject === 'topic' ? <>new replies in the forum topic “{title}”</> : <>replies to your comment on “{title}”</>

/** GET of the confirmation link: a button, so mail scanners that prefetch links confirm nothing. */
export function ConfirmPage({ token, title, subject, state }: { token: string; title: string; subject: SubscriptionSubject; state: 'ask' | 'confirmed' | 'unsubscribed' }) {
  const heading = subject === 'topic' ? 'Watch a topic' : 'Reply notifications'
  return (
    <Layout meta={{ title: heading, noindex: true }}>
      <section class="card narrow subscription-page">
        <h1>{heading}</h1>
        {state === 'ask' ? (
          <>
            {subject === 'topic'
              ? <p>Confirm that you want email about {about(subject, title)}. At most one email every 15 minutes.</p>
              : <p>Confirm that you want an email when someone replies to your comment on “{title}”.</p>}
            <form method="post" action={`/comments/subscriptions/${token}`}>
              <CsrfField />
              <button class="btn btn--primary" type="submit">Confirm notifications</button>
            </form>
            <p class="muted">Not you? Ignore this page: nothing is sent without confirmation.</p>
          </>
        ) : state === 'confirmed' ? (
          <p>Confirmed: we will email you {subject === 'topic' ? <>about {about(subject, title)} once they are published</> : <>when a reply to your comment on “{title}” is published</>}. Every email has a one-click unsubscribe link.</p>
        ) : (
          <p>{subject === 'topic' ? 'These emails were switched off. Use “Watch this topic” on the topic to ask again.' : 'These notifications were switched off. Post a new comment and tick the box to ask again.'}</p>
        )}
      </section>
    </Layout>
  )
}

export function UnsubscribePage({ token, title, subject, done }: { token: string; title: string; subject: SubscriptionSubject; done: boolean }) {
  return (
    <Layout meta={{ title: 'Unsubscribe', noindex: true }}>
      <section class="card narrow subscription-page">
        <h1>{done ? 'You are unsubscribed' : 'Unsubscribe'}</h1>
        {done ? (
          <p>You will get no more emails about {about(subject, title)}.</p>
        ) : (
          <>
            <p>Stop emails about {about(subject, title)}?</p>
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
