import type { FormState } from '../../http/forms.js'
import { Field } from '../../views/components.js'
import { CHANGE_LABELS, MINOXIDIL_FORMS, MINOXIDIL_STRENGTHS, NEEDLE_MM, OTHER_MAX_CHARS, STAGES, TREATMENT_KINDS, TREATMENTS, type StoryView } from '../stories.js'

// Success-story parts of the forum pages: the form fields, the summary card
// (with its caveat, always), and the photo inputs (the compact line in lists and
// post photos are built in rows.ts).

export const STORY_CAVEAT = 'Self-reported and unblinded: one person’s experience, not medical advice.'

function ErrorText({ form, name }: { form: FormState; name: string }) {
  const e = form.errors[name]
  return e ? <p class="field__error" id={`f-${name}-error`}>{e}</p> : null
}

function Select({ form, name, label, options, placeholder, required }: { form: FormState; name: string; label: string; options: { value: string; label: string }[]; placeholder: string; required?: boolean }) {
  const id = `f-${name}`
  const error = form.errors[name]
  const chosen = form.values[name] ?? ''
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}{required ? <span class="required" aria-hidden="true"> *</span> : null}</label>
      <select id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined} required={required}>
        <option value="">{placeholder}</option>
        {options.map((o) => <option value={o.value} selected={o.value === chosen}>{o.label}</option>)}
      </select>
      <ErrorText form={form} name={name} />
    </div>
  )
}

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0')

export function StoryFieldsInputs({ form }: { form: FormState }) {
  const ticked = new Set((form.values.treatment ?? '').split(',').filter(Boolean))
  const terr = form.errors.treatment
  return (
    <fieldset class="story-fields">
      <legend>Your story at a glance</legend>
      <p class="field__hint">These show as a summary card above your story. {STORY_CAVEAT}</p>
      <fieldset id="f-treatment" class={`story-treatments${terr ? ' field--error' : ''}`} aria-describedby={terr ? 'f-treatment-error' : undefined}>
        <legend>Treatments you used <span class="required" aria-hidden="true">*</span></legend>
        {TREATMENT_KINDS.map((k) => (
          <div class="story-treatment">
            <div class="field field--check">
              <input type="checkbox" id={`f-treatment-${k}`} name="treatment" value={k} checked={ticked.has(k)} />
              <label for={`f-treatment-${k}`}>{TREATMENTS[k]}</label>
            </div>
            {k === 'massage' ? <div class="story-params"><Field form={form} name="massage_minutes" label="Minutes a day" type="number" inputClass="input--short" /></div> : null}
            {k === 'microneedling' ? (
              <div class="story-params">
                <Select form={form} name="needle_mm" label="Needle length" placeholder="Choose…" options={NEEDLE_MM.map((v) => ({ value: v, label: `${v} mm` }))} />
                <Field form={form} name="needle_interval" label="Days between sessions" type="number" inputClass="input--short" />
              </div>
            ) : null}
            {k === 'minoxidil' ? (
              <div class="story-params">
                <Select form={form} name="minoxidil_strength" label="Strength" placeholder="Choose…" options={MINOXIDIL_STRENGTHS.map((v) => ({ value: v, label: v }))} />
                <Select form={form} name="minoxidil_form" label="Form" placeholder="Choose…" options={MINOXIDIL_FORMS.map((v) => ({ value: v, label: v }))} />
              </div>
            ) : null}
            {k === 'other' ? <div class="story-params"><Field form={form} name="other_text" label="Which treatment" maxLength={OTHER_MAX_CHARS} /></div> : null}
          </div>
        ))}
        {terr ? <p class="field__error" id="f-treatment-error">{terr}</p> : null}
      </fieldset>
      <Field form={form} name="months" label="Months of use" type="number" required inputClass="input--short" />
      <Select form={form} name="change" label="How did your hair change, in your own view?" required placeholder="Choose from −3 to +3…"
        options={[3, 2, 1, 0, -1, -2, -3].map((n) => ({ value: String(n), label: `${signed(n)} ${CHANGE_LABELS[n]}` }))} />
      <Select form={form} name="stage" label="Starting stage (optional, self-assessed)" placeholder="Not sure / rather not say"
        options={STAGES} />
    </fieldset>
  )
}

export function PhotoInputs({ form, slots }: { form: FormState; slots: number }) {
  return (
    <fieldset class="forum-photos">
      <legend>{slots === 1 ? 'Photo (optional)' : `Photos (optional, up to ${slots})`}</legend>
      <p class="field__hint">JPEG, PNG or WebP, at most 8 MB each. We remove location and camera data before showing them.</p>
      {Array.from({ length: slots }, (_, i) => {
        const name = `photo${i + 1}`
        const error = form.errors[name]
        return (
          <div class={`forum-photo${error ? ' field--error' : ''}`}>
            <div class="field">
              <label for={`f-${name}`}>{slots === 1 ? 'Choose a photo' : `Photo ${i + 1}`}</label>
              <input type="file" id={`f-${name}`} name={name} accept="image/jpeg,image/png,image/webp" aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `f-${name}-error` : undefined} />
              <ErrorText form={form} name={name} />
            </div>
            <Field form={form} name={`${name}_alt`} label="Short description" hint="What the photo shows, for people who can’t see it." maxLength={200} />
          </div>
        )
      })}
    </fieldset>
  )
}

export function StoryCard({ story }: { story: StoryView }) {
  return (
    <section class="story-card" aria-labelledby="story-card-title">
      <h2 id="story-card-title" class="story-card__title">Story at a glance</h2>
      <dl class="story-card__facts">
        <div><dt>Treatments</dt><dd><ul class="story-card__treatments">{story.treatmentTexts.map((t) => <li>{t}</li>)}</ul></dd></div>
        <div><dt>Months of use</dt><dd>{story.months}</dd></div>
        <div><dt>Self-rated change</dt><dd class={`story-change story-change--${story.change > 0 ? 'up' : story.change < 0 ? 'down' : 'none'}`}>{story.changeText}</dd></div>
        {story.stage ? <div><dt>Starting stage</dt><dd>{story.stage}</dd></div> : null}
      </dl>
      <p class="story-card__caveat">{STORY_CAVEAT}</p>
    </section>
  )
}

export function TreatmentFilterForm({ action, options, chosen }: { action: string; options: { value: string; label: string }[]; chosen: string | null }) {
  return (
    <form method="get" action={action} class="story-filter" role="search" aria-label="Filter stories by treatment">
      <label for="story-filter">Treatment</label>
      <select id="story-filter" name="treatment">
        <option value="">All treatments</option>
        {options.map((o) => <option value={o.value} selected={o.value === chosen}>{o.label}</option>)}
      </select>
      <button class="btn btn--secondary btn--small" type="submit">Filter</button>
      {chosen ? <a href={action}>Show all</a> : null}
    </form>
  )
}
