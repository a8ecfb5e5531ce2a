import { Layout } from '../../views/layout.js'
import { CsrfField, FormErrors } from '../../views/components.js'
import { formatDateTime } from '../../views/format.js'
import type { FormState } from '../../http/forms.js'
import type { ImportReportData, ImportRunView } from '../admin-import.js'

const SOURCE_LABEL = { wordpress: 'WordPress', disqus: 'Disqus' } as const
const STATUS_LABEL = { queued: 'Waiting to start', running: 'Running', done: 'Done', failed: 'Failed' } as const

// A long report stays readable: the first entries, then how many more.
const MAX_LISTED = 200

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  const mb = bytes / 1024 / 1024
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`
}

/** Whole percent of the file read; the client module computes the same. */
export function percentDone(run: { bytesDone: number; sizeBytes: number; status: string }): number {
  if (run.status === 'done') return 100
  return run.sizeBytes ? Math.min(100, Math.floor((run.bytesDone / run.sizeBytes) * 100)) : 0
}

export function ImportPage({ runs, form, maxBytes }: { runs: ImportRunView[]; form: FormState; maxBytes: number }) {
  const source = form.values.source ?? 'wordpress'
  const fileError = form.errors.file
  const sourceError = form.errors.source
  return (
    <Layout meta={{ title: 'Import', noindex: true }} wide>
      <p class="eyebrow"><a href="/admin">Dashboard</a></p>
      <h1>Import from WordPress or Disqus</h1>
      <div class="import-intro">
        <p class="lead">Move a site in from its export file. The import runs in the background; its page shows the progress and then a report.</p>
        <ul>
          <li><strong>WordPress</strong> (Tools → Export → All content): authors become accounts without a password, then categories, tags, posts and pages with their dates and status, and comments, threaded as they were. bbPress forums come along.</li>
          <li><strong>Disqus</strong> (an XML export of your forum): comments are matched to the articles already here, by the page they were on. Import the WordPress export first.</li>
          <li>Old links keep working: the old addresses (<code>/?p=123</code>, dated permalinks, category and tag pages) redirect to the new ones.</li>
          <li>Images stay on the old site: pages keep linking to them there, and the report lists them. To bring them in, run the import from the command line with <code>--uploads</code> and a copy of the old site's <code>wp-content/uploads</code> folder.</li>
          <li>Importing the same export again changes nothing; a newer export updates what changed.</li>
        </ul>
      </div>
      <h2 id="new-import">Upload an export</h2>
      <form method="post" action="/admin/import" enctype="multipart/form-data" class="shop-admin-form" aria-labelledby="new-import">
        <FormErrors form={form} title="The import was not started." />
        <CsrfField />
        <fieldset class={`field${sourceError ? ' field--error' : ''}`} aria-describedby={sourceError ? 'f-source-error' : undefined}>
          <legend>What is the file?</legend>
          <label class="choice"><input type="radio" id="f-source" name="source" value="wordpress" checked={source !== 'disqus'} /> A WordPress export (WXR)</label>
          <label class="choice"><input type="radio" id="f-source-disqus" name="source" value="disqus" checked={source === 'disqus'} /> A Disqus export</label>
          {sourceError ? <p class="field__error" id="f-source-error">{sourceError}</p> : null}
        </fieldset>
        <div class={`field${fileError ? ' field--error' : ''}`}>
          <label for="f-file">Export file<span class="required" aria-hidden="true"> *</span></label>
          <p class="field__hint" id="f-file-hint">An .xml file, up to {sizeText(maxBytes)}. A larger site imports from the command line (<code>npm run crown -- import-wordpress</code>).</p>
          <input type="file" id="f-file" name="file" accept=".xml,.wxr,application/xml,text/xml" required
            aria-invalid={fileError ? 'true' : undefined} aria-describedby={fileError ? 'f-file-hint f-file-error' : 'f-file-hint'} />
          {fileError ? <p class="field__error" id="f-file-error">{fileError}</p> : null}
        </div>
        <div class="field field--check">
          <input type="checkbox" id="f-dry_run" name="dry_run" value="1" checked={form.values.dry_run === '1'} />
          <label for="f-dry_run">Dry run: read the whole file and report what the import would do, without writing anything</label>
        </div>
        <p class="actions"><button class="btn btn--primary" type="submit">Upload and import</button></p>
      </form>
      <h2 id="past-imports">Past imports</h2>
      {runs.length === 0 ? <p class="mod-empty">No imports yet.</p> : (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="past-imports"><table class="admin-table">
          <caption class="visually-hidden">Imports, newest first</caption>
          <thead><tr><th scope="col">File</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">By</th></tr></thead>
          <tbody>
            {runs.map((r) => (
              <tr>
                <th scope="row"><a href={`/admin/import/${r.id}`}>{r.fileName}</a></th>
                <td>{SOURCE_LABEL[r.source]}{r.dryRun ? ' (dry run)' : ''}</td>
                <td>{STATUS_LABEL[r.status]}</td>
                <td><time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time></td>
                <td>{r.startedBy}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
    </Layout>
  )
}

export function ImportRunPage({ run }: { run: ImportRunView }) {
  const active = run.status === 'queued' || run.status === 'running'
  const percent = percentDone(run)
  return (
    <Layout meta={{ title: `Import: ${run.fileName}`, noindex: true }} wide>
      <p class="eyebrow"><a href="/admin/import">Import</a></p>
      <h1>Import of “{run.fileName}”</h1>
      <dl class="settings-facts">
        <dt>Kind</dt><dd>{SOURCE_LABEL[run.source]} export{run.dryRun ? ', dry run (nothing is written)' : ''}</dd>
        <dt>Size</dt><dd>{sizeText(run.sizeBytes)}</dd>
        <dt>Started by</dt><dd>{run.startedBy}, <time dateTime={run.createdAt}>{formatDateTime(run.createdAt)}</time></dd>
        <dt>Status</dt><dd data-import-status>{STATUS_LABEL[run.status]}</dd>
      </dl>
      {run.status === 'failed' ? null : (
        <section class="import-progress" aria-labelledby="import-progress-heading"
          {...(active ? { 'data-import-progress': `/admin/import/${run.id}/status.json` } : {})}>
          <h2 id="import-progress-heading">Progress</h2>
          <label for="import-bar" class="visually-hidden">File read</label>
          <progress id="import-bar" max={run.sizeBytes || 1} value={run.status === 'done' ? run.sizeBytes || 1 : run.bytesDone}>{percent}%</progress>
          <p>
            <span data-import-percent>{percent}%</span> of the file read
            (<span data-import-bytes>{sizeText(run.status === 'done' ? run.sizeBytes : run.bytesDone)}</span> of {sizeText(run.sizeBytes)}),{' '}
            <span data-import-records>{run.recordsDone.toLocaleString('en')}</span> records{active ? ' so far' : ''}.
          </p>
          {active ? (
            <p class="import-refresh">This page shows the progress as it was when loaded; it updates when refreshed. <a href={`/admin/import/${run.id}`}>Refresh</a></p>
          ) : null}
        </section>
      )}
      {run.status === 'failed' ? (
        <div class="form-errors" role="alert">
          <p><strong>The import stopped.</strong></p>
          <p class="import-error">{run.error}</p>
          <p>Everything before that point is imported{run.dryRun ? ' (a dry run writes nothing)' : ''}. Fix the file and upload it again to go on: nothing is imported twice.</p>
        </div>
      ) : null}
      {run.status === 'done' && run.report ? <ReportView report={run.report} dryRun={run.dryRun} /> : null}
      <p><a href="/admin/import">Back to imports</a></p>
    </Layout>
  )
}

const KIND_LABELS: Record<string, string> = {
  author: 'Authors (accounts)', category: 'Categories', tag: 'Tags', post: 'Posts', page: 'Pages', comment: 'Comments',
  image: 'Images', forum: 'Forums', topic: 'Forum topics', reply: 'Forum replies', thread: 'Disqus threads',
  pingback: 'Pingbacks and trackbacks', nav_menu_item: 'Menu items',
}

/** A report's kind as staff read it: "Forum replies", "Other: product (a post type Crown has no place for)". */
function kindLabel(kind: string): string {
  const term = /^term \((.+)\)$/.exec(kind)
  if (term) return `Terms of “${term[1]}”`
  return KIND_LABELS[kind] ?? `Other: ${kind} (a post type Crown has no place for)`
}

function kindOrder(kind: string): number {
  const i = Object.keys(KIND_LABELS).indexOf(kind)
  return i === -1 ? 99 : i
}

function ReportView({ report, dryRun }: { report: ImportReportData; dryRun: boolean }) {
  const kinds = Object.keys(report.counts).sort((a, b) => kindOrder(a) - kindOrder(b) || a.localeCompare(b))
  return (
    <section class="import-report" aria-labelledby="import-report-heading">
      <h2 id="import-report-heading">Report</h2>
      <p>{dryRun ? 'Dry run: nothing was written. This is what the import would do.' : 'The import finished.'}</p>
      {kinds.length === 0 ? <p class="mod-empty">The file held nothing to import.</p> : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Counts, kind by kind"><table class="admin-table">
          <caption class="visually-hidden">What was imported, kind by kind</caption>
          <thead><tr><th scope="col">Kind</th><th scope="col">Imported</th><th scope="col">Updated</th><th scope="col">Unchanged</th><th scope="col">Skipped</th></tr></thead>
          <tbody>
            {kinds.map((k) => {
              const c = report.counts[k]!
              return <tr><th scope="row">{kindLabel(k)}</th><td class="num">{c.imported}</td><td class="num">{c.updated}</td><td class="num">{c.unchanged}</td><td class="num">{c.skipped}</td></tr>
            })}
          </tbody>
        </table></div>
      )}
      {report.convertedWithRawHtml ? <p>{report.convertedWithRawHtml} article(s) keep a part as sanitized HTML (see the warnings).</p> : null}
      {report.remoteImages.length ? (
        <>
          <h3>Images left on the old site ({report.remoteImages.length})</h3>
          <p>Pages link to these on the old site. Import from the command line with <code>--uploads</code> to bring them in.</p>
          <ul class="import-list">{report.remoteImages.slice(0, MAX_LISTED).map((u) => <li>{u}</li>)}</ul>
          {report.remoteImages.length > MAX_LISTED ? <p>… and {report.remoteImages.length - MAX_LISTED} more.</p> : null}
        </>
      ) : null}
      {report.warnings.length ? (
        <>
          <h3>Warnings ({report.warnings.length})</h3>
          <ul class="import-list">
            {report.warnings.slice(0, MAX_LISTED).map((w) => <li>{w.line ? `Line ${w.line}: ` : ''}{w.subject}: {w.message}</li>)}
          </ul>
          {report.warnings.length > MAX_LISTED ? <p>… and {report.warnings.length - MAX_LISTED} more.</p> : null}
        </>
      ) : <p>No warnings.</p>}
    </section>
  )
}
