import { Layout } from '../../views/layout.js'
import { CsrfField, Field, FormErrors, Pagination, PostButton } from '../../views/components.js'
import { formatDateTime } from '../../views/format.js'
import type { FormState } from '../../http/forms.js'
import type { RedirectRow } from '../queries.js'
import type { ListQueryValue } from '../schemas.js'

const SOURCE_LABEL = { import: 'Import', staff: 'Staff' } as const

/** The list's address for this search on another page. */
export function redirectsHref(filter: ListQueryValue, page: number): string {
  const p = new URLSearchParams()
  if (filter.q) p.set('q', filter.q)
  if (page > 1) p.set('page', String(page))
  const s = p.toString()
  return `/admin/redirects${s ? `?${s}` : ''}`
}

function RedirectFormFields({ form }: { form: FormState }) {
  return (
    <>
      <Field form={form} name="from" label="Old address" required maxLength={2000}
        hint="A path like /2019/05/my-post/ or /?p=123, or the full old link (only its path and query count). Used only when no page on this site answers there." />
      <Field form={form} name="to" label="New address" required maxLength={2000}
        hint="A path on this site like /my-article, or a full address starting with https://." />
    </>
  )
}

export function RedirectsPage({ filter, rows, total, page, pages, form }: {
  filter: ListQueryValue; rows: RedirectRow[]; total: number; page: number; pages: number; form: FormState
}) {
  return (
    <Layout meta={{ title: 'Redirects', noindex: true }} wide>
      <p class="eyebrow"><a href="/admin">Dashboard</a></p>
      <h1>Redirects</h1>
      <p class="lead">Old links keep working: a request for an old address gets a permanent redirect (301) to its new one.</p>
      <form method="get" action="/admin/redirects" class="shop-filters" role="search" aria-label="Search redirects">
        <div class="field">
          <label for="f-q">Old or new address contains</label>
          <input type="search" id="f-q" name="q" value={filter.q ?? ''} maxLength={200} />
        </div>
        <p class="actions"><button class="btn btn--primary" type="submit">Search</button>{filter.q ? <> <a href="/admin/redirects">Show all</a></> : null}</p>
      </form>
      <p class="muted">{total === 1 ? '1 redirect' : `${total} redirects`}{filter.q ? ' match' : ''}.</p>
      {rows.length === 0 ? <p class="mod-empty">{filter.q ? 'No redirect matches this search.' : 'No redirects yet.'}</p> : (
        <div class="table-wrap"><table class="admin-table">
          <caption class="visually-hidden">Redirects, newest first</caption>
          <thead><tr><th scope="col">Old address</th><th scope="col">New address</th><th scope="col">Source</th><th scope="col">Hits</th><th scope="col">Last hit</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row"><a href={`/admin/redirects/${r.id}`}>{r.from_shown}</a></th>
                <td>{r.to_path}</td>
                <td>{SOURCE_LABEL[r.source]}</td>
                <td class="num">{r.hits}</td>
                <td>{r.last_hit_at ? <time dateTime={r.last_hit_at}>{formatDateTime(r.last_hit_at)}</time> : 'Never'}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
      <Pagination page={page} pages={pages} href={(p) => redirectsHref(filter, p)} />
      <h2 id="new-redirect">Add a redirect</h2>
      <form method="post" action="/admin/redirects" class="shop-admin-form" aria-labelledby="new-redirect">
        <FormErrors form={form} title="The redirect was not added." />
        <RedirectFormFields form={form} />
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Add redirect</button></p>
      </form>
    </Layout>
  )
}

function Facts({ row }: { row: RedirectRow }) {
  return (
    <dl class="settings-facts">
      <dt>Source</dt><dd>{SOURCE_LABEL[row.source]}</dd>
      <dt>Hits</dt><dd>{row.hits}</dd>
      <dt>Last hit</dt><dd>{row.last_hit_at ? <time dateTime={row.last_hit_at}>{formatDateTime(row.last_hit_at)}</time> : 'Never'}</dd>
    </dl>
  )
}

export function EditRedirectPage({ row, form }: { row: RedirectRow; form: FormState }) {
  return (
    <Layout meta={{ title: `Redirect from ${row.from_shown}`, noindex: true }} wide>
      <p class="eyebrow"><a href="/admin/redirects">Redirects</a></p>
      <h1>Redirect from {row.from_shown}</h1>
      <Facts row={row} />
      {row.source === 'import' ? <p class="muted">Imported. Once you save it, it is yours: a later import leaves it as you left it.</p> : null}
      <h2 id="edit-redirect">Edit the redirect</h2>
      <form method="post" action={`/admin/redirects/${row.id}`} class="shop-admin-form" aria-labelledby="edit-redirect">
        <FormErrors form={form} title="The redirect was not saved." />
        <RedirectFormFields form={form} />
        <CsrfField />
        <p class="actions"><button class="btn btn--primary" type="submit">Save redirect</button></p>
      </form>
      <p><a class="btn btn--danger" href={`/admin/redirects/${row.id}/delete`}>Delete this redirect…</a></p>
    </Layout>
  )
}

export function DeleteRedirectPage({ row }: { row: RedirectRow }) {
  return (
    <Layout meta={{ title: 'Delete a redirect', noindex: true }}>
      <p class="eyebrow"><a href="/admin/redirects">Redirects</a></p>
      <h1>Delete the redirect from “{row.from_shown}”?</h1>
      <p>It leads to <strong>{row.to_path}</strong> and was followed {row.hits === 1 ? 'once' : `${row.hits} times`}. Once it is deleted, the old address gets the not-found page.</p>
      <div class="actions">
        <PostButton action={`/admin/redirects/${row.id}/delete`} variant="danger">Delete redirect</PostButton>
        <a href={`/admin/redirects/${row.id}`}>Keep it</a>
      </div>
    </Layout>
  )
}
