import { Layout } from '../../views/layout.js'
import { Pagination } from '../../views/components.js'
import { formatDateTime } from '../../views/format.js'
import type { AuditPageData } from '../summary.js'

export function AuditPage({ data }: { data: AuditPageData }) {
  return (
    <Layout meta={{ title: 'Audit log', noindex: true }} wide>
      <h1>Audit log</h1>
      <p class="muted">Every staff action, newest first. Entries cannot be edited or removed here.</p>
      {data.rows.length === 0 ? <p>No staff actions yet.</p> : (
        <div class="table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">Staff actions</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">On</th><th scope="col">Detail</th></tr></thead>
            <tbody>
              {data.rows.map((r) => (
                <tr>
                  <td><time datetime={r.createdAt}>{formatDateTime(r.createdAt)}</time></td>
                  <td>{r.actorName ?? 'System'}</td>
                  <td><code>{r.action}</code></td>
                  <td>{r.subjectType}{r.subjectId ? ` ${r.subjectId}` : ''}</td>
                  <td>{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={data.page} pages={data.pages} href={(p) => (p === 1 ? '/admin/audit' : `/admin/audit?page=${p}`)} />
    </Layout>
  )
}
