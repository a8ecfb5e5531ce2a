import type { ButtonHTMLAttributes, ComponentChildren } from 'preact'
import { useView } from './context.js'
import type { FormState } from '../http/forms.js'

export function CsrfField() {
  return <input type="hidden" name="_csrf" value={useView().csrfToken()} />
}

type FieldProps = {
  form: FormState
  name: string
  label: string
  type?: 'text' | 'email' | 'url' | 'password' | 'datetime-local' | 'date' | 'search' | 'number'
  required?: boolean
  hint?: ComponentChildren
  autocomplete?: string
  maxLength?: number
  multiline?: boolean
  rows?: number
  class?: string
  inputClass?: string
  placeholder?: string
}

/** A labelled input or textarea with its error message wired for screen readers. */
export function Field(p: FieldProps) {
  const id = `f-${p.name}`
  const error = p.form.errors[p.name]
  const describedBy = [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  const common = {
    id,
    name: p.name,
    required: p.required,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
    maxLength: p.maxLength,
    placeholder: p.placeholder,
    class: p.inputClass,
  }
  return (
    <div class={`field${error ? ' field--error' : ''}${p.class ? ` ${p.class}` : ''}`}>
      <label for={id}>
        {p.label}
        {p.required ? <span class="required" aria-hidden="true"> *</span> : null}
      </label>
      {p.hint ? <p class="field__hint" id={`${id}-hint`}>{p.hint}</p> : null}
      {p.multiline ? (
        <textarea {...common} rows={p.rows ?? 8}>{p.form.values[p.name] ?? ''}</textarea>
      ) : (
        <input {...common} type={(p.type ?? 'text') as 'text'} value={p.form.values[p.name] ?? ''} autocomplete={p.autocomplete} />
      )}
      {error ? <p class="field__error" id={`${id}-error`}>{error}</p> : null}
    </div>
  )
}

export function Checkbox({ form, name, label, value = 'on' }: { form: FormState; name: string; label: ComponentChildren; value?: string }) {
  const id = `f-${name}`
  return (
    <div class="field field--check">
      <input type="checkbox" id={id} name={name} value={value} checked={form.values[name] === value} />
      <label for={id}>{label}</label>
    </div>
  )
}

/** Summary at the top of a failed form, focused by the client script. */
export function FormErrors({ form, title = 'Please fix the highlighted fields.' }: { form: FormState; title?: string }) {
  const keys = Object.keys(form.errors)
  if (!keys.length) return null
  // A form-wide message alone (a rate limit, a refusal) needs no empty list under it.
  const fields = keys.filter((k) => k !== '_form')
  return (
    <div class="form-errors" role="alert" tabIndex={-1} data-focus>
      <p><strong>{title}</strong></p>
      {form.errors._form ? <p>{form.errors._form}</p> : null}
      {fields.length ? <ul>{fields.map((k) => <li><a href={`#f-${k}`}>{form.errors[k]}</a></li>)}</ul> : null}
    </div>
  )
}

export function Pagination({ page, pages, href }: { page: number; pages: number; href: (p: number) => string }) {
  if (pages <= 1) return null
  return (
    <nav class="pagination" aria-label="Pagination">
      {page > 1 ? <a rel="prev" href={href(page - 1)}>← Newer</a> : <span />}
      <span class="pagination__status">Page {page} of {pages}</span>
      {page < pages ? <a rel="next" href={href(page + 1)}>Older →</a> : <span />}
    </nav>
  )
}

export function Button(props: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'danger' | 'link' }) {
  const { variant = 'primary', class: cls, ...rest } = props
  return <button class={`btn btn--${variant}${cls ? ` ${cls}` : ''}`} {...rest} />
}

/** A POST button with its CSRF token: every state change goes through one. */
export function PostButton({ action, children, variant = 'secondary', fields = {}, confirm }: {
  action: string; children: ComponentChildren; variant?: 'primary' | 'secondary' | 'danger' | 'link'; fields?: Record<string, string>; confirm?: string
}) {
  return (
    <form method="post" action={action} class="inline-form" data-confirm={confirm}>
      <CsrfField />
      {Object.entries(fields).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
      <Button variant={variant}>{children}</Button>
    </form>
  )
}

/** A labelled group of radio buttons; its error is announced with the group. */
export function RadioGroup({ form, name, legend, options, value, required }: {
  form: FormState
  name: string
  legend: ComponentChildren
  options: { value: string; label: ComponentChildren }[]
  /** The choice to show selected when the form holds none. */
  value?: string
  required?: boolean
}) {
  const error = form.errors[name]
  const chosen = form.values[name] ?? value
  return (
    <fieldset aria-describedby={error ? `f-${name}-error` : undefined}>
      <legend>{legend}{required ? <span class="required" aria-hidden="true"> *</span> : null}</legend>
      {error ? <p class="field__error" id={`f-${name}-error`}>{error}</p> : null}
      {options.map((o) => (
        <div class="choice">
          <input type="radio" name={name} id={`f-${name}-${o.value}`} value={o.value} checked={chosen === o.value} required={required} />
          <label for={`f-${name}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  )
}

/**
 * The honeypot: a field off-screen and out of the tab order, so only scripts
 * fill it in. Comments and the forum call it "address", registration
 * "website" (each form's own schema reads it).
 */
export function Honeypot({ name = 'address' }: { name?: string }) {
  return (
    <div class="hp-field" aria-hidden="true">
      <label for={`f-${name}`}>Leave this field empty</label>
      <input type="text" id={`f-${name}`} name={name} value="" tabIndex={-1} autocomplete="off" />
    </div>
  )
}

/** A refused post's text, read-only, so the writer can copy it (nothing is lost on a page that cannot take it). */
export function KeptText({ title, body }: { title?: string; body?: string }) {
  if (!title && !body) return null
  return (
    <form class="forum-form" action="#" method="get">
      <p>Your text was not posted. It is kept here so you can copy it:</p>
      {title ? <div class="field"><label for="kept-title">Title</label><input id="kept-title" type="text" readonly value={title} /></div> : null}
      {body ? <div class="field"><label for="kept-body">Your post</label><textarea id="kept-body" readonly rows={10}>{body}</textarea></div> : null}
    </form>
  )
}
