import { Layout } from '../../../views/layout.js'
import { CsrfField, Field, FormErrors } from '../../../views/components.js'
import type { FormState } from '../../../http/forms.js'
import { FLAG_REASONS } from '../flags.js'

export interface FlagTarget { shortId: string; number: number; authorName: string; excerpt: string; topicTitle: string; topicHref: string }

/** The no-JavaScript flag form: one small page per post. */
export function FlagPostPage({ target, form }: { target: FlagTarget; form: FormState }) {
  const error = form.errors.reason
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
        <fieldset aria-describedby={error ? 'f-reason-error' : undefined}>
          <legend>Why are you flagging it?<span class="required" aria-hidden="true"> *</span></legend>
          {error ? <p class="field__error" id="f-reason-error">{error}</p> : null}
          {FLAG_REASONS.map((r) => (
            <div class="flag-form__choice">
              <input type="radio" name="reason" id={`f-reason-${r.value}`} value={r.value} checked={form.values.reason === r.value} required />
              <label for={`f-reason-${r.value}`}>{r.label}</label>
            </div>
          ))}
        </fieldset>
        <Field form={form} name="note" label="A short note (optional unless you chose “Something else”)" maxLength={300} />
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Send flag</button> <a href={target.topicHref}>Cancel</a></p>
      </form>
    </Layout>
  )
}
