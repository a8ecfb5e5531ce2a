/**
 * With JavaScript, an import's page follows the run: it asks the run's
 * status.json every second and moves the bar and the figures; when the run
 * ends it reloads, so the server renders the report (or the error). Without
 * it, the page says it updates when refreshed and offers a Refresh link.
 */
const POLL_MS = 1000

interface RunStatus { status: 'queued' | 'running' | 'done' | 'failed'; bytes_done: number; size_bytes: number; records_done: number }

const STATUS_LABEL: Record<RunStatus['status'], string> = { queued: 'Waiting to start', running: 'Running', done: 'Done', failed: 'Failed' }

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  const mb = bytes / 1024 / 1024
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`
}

export function enhanceImportProgress() {
  const section = document.querySelector<HTMLElement>('[data-import-progress]')
  const url = section?.dataset.importProgress
  if (!section || !url) return
  const bar = section.querySelector<HTMLProgressElement>('progress')
  const percent = section.querySelector<HTMLElement>('[data-import-percent]')
  const bytes = section.querySelector<HTMLElement>('[data-import-bytes]')
  const records = section.querySelector<HTMLElement>('[data-import-records]')
  const status = document.querySelector<HTMLElement>('[data-import-status]')
  const refresh = section.querySelector<HTMLElement>('.import-refresh')
  if (refresh) refresh.textContent = 'This page follows the import and shows the report when it is done.'

  const poll = async () => {
    let run: RunStatus
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      if (!res.ok) throw new Error(String(res.status))
      run = await res.json() as RunStatus
    } catch {
      // A dropped request (a restart, a flaky connection): try again later.
      window.setTimeout(poll, POLL_MS * 5)
      return
    }
    if (run.status === 'done' || run.status === 'failed') {
      window.location.reload()
      return
    }
    const pct = run.size_bytes ? Math.min(100, Math.floor((run.bytes_done / run.size_bytes) * 100)) : 0
    if (bar) { bar.max = run.size_bytes || 1; bar.value = run.bytes_done; bar.textContent = `${pct}%` }
    if (percent) percent.textContent = `${pct}%`
    if (bytes) bytes.textContent = sizeText(run.bytes_done)
    if (records) records.textContent = run.records_done.toLocaleString('en')
    if (status) status.textContent = STATUS_LABEL[run.status]
    window.setTimeout(poll, POLL_MS)
  }
  window.setTimeout(poll, POLL_MS)
}
