import { Layout } from '../../../views/layout.js'
import { Pagination } from '../../../views/components.js'
import { formatDate } from '../../../views/format.js'
import type { ArticleSummary } from '../../queries.js'

export interface ArticlesAdminView {
  rows: (ArticleSummary & { shownStatus: 'draft' | 'scheduled' | 'published' })[]
  filter: { status: string; kind: string; category: string; author: string; q: string }
  categories: { id: number; name: string }[]
  authors: { id: number; name: string }[]
  page: number
  pages: number
  total: number
  query: (page: number) => string
}

const STATUS_LABEL = { draft: 'Draft', scheduled: 'Scheduled', published: 'Published' }

export function ArticlesAdminPage(v: ArticlesAdminView) {
  const f = v.filter
  return (
    <Layout meta={{ title: 'Articles and pages', noindex: true }} wide>
      <div class="admin-head">
        <h1>Articles and pages</h1>
        <p class="actions">
          <a class="btn btn--primary" href="/admin/articles/new">New article</a>
          <a class="btn btn--secondary" href="/admin/articles/new?kind=page">New page</a>
          <a class="btn btn--secondary" href="/admin/studies">Studies</a>
        </p>
      </div>
      <form method="get" action="/admin/articles" class="filters" role="search" aria-label="Filter articles">
        <div class="field">
          <label for="flt-q">Title contains</label>
          <input id="flt-q" type="search" name="q" value={f.q} />
        </div>
        <Select id="flt-status" name="status" label="Status" value={f.status} options={[['', 'Any status'], ['draft', 'Draft'], ['scheduled', 'Scheduled'], ['published', 'Published']]} />
        <Select id="flt-kind" name="kind" label="Kind" value={f.kind} options={[['', 'Articles and pages'], ['post', 'Articles'], ['page', 'Pages']]} />
        <Select id="flt-category" name="category" label="Category" value={f.category} options={[['', 'Any category'], ...v.categories.map((c) => [String(c.id), c.name] as [string, string])]} />
        <Select id="flt-author" name="author" label="Author" value={f.author} options={[['', 'Anyone'], ...v.authors.map((a) => [String(a.id), a.name] as [string, string])]} />
        <button class="btn btn--secondary">Filter</button>
      </form>
      <p class="meta">{v.total === 1 ? '1 result' : `${v.total.toLocaleString('en-US')} results`}</p>
      {v.rows.length ? (
        <div class="table-wrap">
          <table class="admin-table">
            <thead>
              <tr><th scope="col">Title</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Author</th><th scope="col">Published</th><th scope="col">Updated</th></tr>
            </thead>
            <tbody>
              {v.rows.map((r) => (
                <tr>
                  <td><a href={`/admin/articles/${r.id}/edit`}>{r.title}</a><br /><span class="meta">/{r.slug}</span></td>
                  <td>{r.kind === 'post' ? 'Article' : 'Page'}</td>
                  <td><span class={`status status--${r.shownStatus}`}>{STATUS_LABEL[r.shownStatus]}</span></td>
                  <td>{r.authorName}</td>
                  <td>{r.publishedAt && r.status !== 'draft' ? formatDate(r.publishedAt) : '—'}</td>
                  <td>{formatDate(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : <p class="muted">Nothing matches these filters.</p>}
      <Pagination page={v.page} pages={v.pages} href={v.query} />
    </Layout>
  )
}

export function Select({ id, name, label, value, options }: { id: string; name: string; label: string; value: string; options: [string, string][] }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={name}>
        {options.map(([val, text]) => <option value={val} selected={val === value}>{text}</option>)}
      </select>
    </div>
  )
}
