import fs from 'node:fs'
import { loadConfig } from '../src/config.js'
import { createDeps, closeDeps } from '../src/boot.js'
import { importWordPress, readWxr } from '../src/importer/index.js'

// One measurement of the import bench, in a process of its own so its peak
// RSS is the import's alone: `import FILE` runs importWordPress into the
// database DATABASE_URL names (fresh, made by the parent); `read FILE` runs
// only readWxr over the same file, counting records: the same-run reference.
// Both modes load the same modules (the imports above), so the difference in
// peak RSS between them is the import's working data, not its code.
// Prints one JSON line with its wall time, CPU and peak RSS.

const [mode, file] = process.argv.slice(2)
if ((mode !== 'import' && mode !== 'read') || !file) {
  console.error('usage: import-child.ts import|read FILE')
  process.exit(2)
}

/** CPU (user + system) so far, in ms. */
const cpuMs = () => {
  const u = process.resourceUsage()
  return (u.userCPUTime + u.systemCPUTime) / 1000
}
// ru_maxrss, in KiB on Linux: the peak over the process's whole life.
const peakRssMiB = () => process.resourceUsage().maxRSS / 1024

const started = performance.now()
const cpuStarted = cpuMs()
if (mode === 'read') {
  let items = 0
  let comments = 0
  for await (const r of readWxr(fs.createReadStream(file))) {
    if (r.kind !== 'item') continue
    items++
    comments += r.comments.length
  }
  console.log(JSON.stringify({ wallMs: performance.now() - started, cpuMs: cpuMs() - cpuStarted, peakRssMiB: peakRssMiB(), items, comments }))
} else {
  const deps = await createDeps(loadConfig())
  // Migrations are not the import: the clock starts once the database is ready.
  const importStarted = performance.now()
  const importCpuStarted = cpuMs()
  const { report } = await importWordPress(deps, fs.createReadStream(file))
  const wallMs = performance.now() - importStarted
  const importCpuMs = cpuMs() - importCpuStarted
  await closeDeps(deps)
  console.log(JSON.stringify({
    wallMs,
    cpuMs: importCpuMs,
    peakRssMiB: peakRssMiB(),
    setupMs: importStarted - started,
    counts: report.counts,
    warnings: report.warnings.length,
    remoteImages: report.remoteImages.size,
    rawHtml: report.convertedWithRawHtml,
  }))
}
