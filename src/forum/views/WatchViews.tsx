import { Layout } from '../../views/layout.js'
import { CsrfField, Field, FormErrors } from '../../views/components.js'
import type { FormState } from '../../http/forms.js'

/** Watch a topic: members with a button, guests with the address to send to (confirmed by mail first). */
export function WatchTopicPage({ topic, form, member }: { topic: { shortId: string; title: string; href: string }; form: FormState; member: string | null }) {
  return (
    <Layout meta={{ title: `Watch “${topic.title}”`, noindex: true }}>
      <p class="eyebrow"><a href={topic.href}>{topic.title}</a></p>
      <h1>Watch this topic</h1>
      <p>We email you when someone replies here, at most once every 15 minutes. Every message has a one-click link to stop.</p>
      <form method="post" action={`/forum/t/${topic.shortId}/watch`} class="forum-form">
        <FormErrors form={form} title="Watching did not start." />
        {member ? <p>Messages go to the address of your account ({member}).</p> : (
          <Field form={form} name="email" label="Your email" type="email" required autocomplete="email"
            hint="Never shown. We first send a link to confirm it is yours; nothing else is sent before you confirm." />
        )}
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Watch this topic</button> <a href={topic.href}>Cancel</a></p>
      </form>
    </Layout>
  )
}
