import { Layout } from '../../../views/layout.js'
import { CsrfField, Field, FormErrors } from '../../../views/components.js'
import type { FormState } from '../../../http/forms.js'
import { STUDY_DESIGNS } from '../../schemas.js'

interface StudyRow { id: number; key: string; authors: string; title: string; year: number; journal: string; design: string; n: number | null }

export function StudiesPage({ studies }: { studies: StudyRow[] }) {
  return (
    <Layout meta={{ title: 'Studies', noindex: true }} wide>
      <p class="meta"><a href="/admin/articles">← Articles and pages</a></p>
      <div class="admin-head">
        <h1>Studies</h1>
        <p class="actions"><a class="btn btn--primary" href="/admin/studies/new">Add a study</a></p>
      </div>
      <p class="muted">Articles cite these by key, e.g. <code>[@pmid:23960389]</code>. A citation whose key is not here stops the article from saving.</p>
      {studies.length ? (
        <div class="table-wrap">
          <table class="admin-table">
            <thead><tr><th scope="col">Key</th><th scope="col">Study</th><th scope="col">Design</th><th scope="col">n</th></tr></thead>
            <tbody>
              {studies.map((s) => (
                <tr>
                  <td><code>{s.key}</code></td>
                  <td><a href={`/admin/studies/${s.id}/edit`}>{s.title}</a><br /><span class="meta">{s.authors} ({s.year}), {s.journal}</span></td>
                  <td>{s.design}</td>
                  <td>{s.n ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p class="muted">No studies yet.</p>}
    </Layout>
  )
}

export function StudyFormPage({ form, id }: { form: FormState; id?: number }) {
  const title = id ? 'Edit study' : 'Add a study'
  return (
    <Layout meta={{ title, noindex: true }}>
      <p class="meta"><a href="/admin/studies">← All studies</a></p>
      <h1>{title}</h1>
      <FormErrors form={form} />
      <form method="post" action={id ? `/admin/studies/${id}` : '/admin/studies'} novalidate>
        <CsrfField />
        <Field form={form} name="key" label="Citation key" required hint={<>How articles cite it: <code>pmid:23960389</code>, <code>doi:10.4103/…</code> or <code>pmc:PMC…</code>.</>} />
        <Field form={form} name="authors" label="Authors" required maxLength={500} />
        <Field form={form} name="title" label="Title" required maxLength={500} />
        <div class="field-row">
          <Field form={form} name="year" label="Year" required type="number" />
          <Field form={form} name="n" label="Participants (n)" type="number" />
        </div>
        <Field form={form} name="journal" label="Journal" required maxLength={200} />
        <div class={`field${form.errors.design ? ' field--error' : ''}`}>
          <label for="f-design">Design <span class="required" aria-hidden="true"> *</span></label>
          <select id="f-design" name="design" required aria-describedby={form.errors.design ? 'f-design-error' : undefined}>
            <option value="">Choose…</option>
            {STUDY_DESIGNS.map((d) => <option value={d} selected={form.values.design === d}>{d}</option>)}
          </select>
          {form.errors.design ? <p class="field__error" id="f-design-error">{form.errors.design}</p> : null}
        </div>
        <div class="field-row">
          <Field form={form} name="pmid" label="PMID" />
          <Field form={form} name="doi" label="DOI" />
        </div>
        <Field form={form} name="url" label="Link" type="url" required hint="Where readers can read the study or its abstract." />
        <Field form={form} name="note" label="Note on its limits" multiline rows={3} maxLength={500} />
        <p class="actions"><button class="btn btn--primary">{id ? 'Save study' : 'Add study'}</button></p>
      </form>
    </Layout>
  )
}
