// npm run bench: builds the server, then prints figures. Not a test: nothing
// here passes or fails on speed; the numbers go in the closing note.
import os from 'node:os'
import { buildServer } from './lib.js'
import { benchArticlePage } from './article-page.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
console.log(`Crown benchmarks: ${os.cpus().length} cores, Node ${process.version}, ${seconds} s per figure, 16 connections, loopback`)
buildServer()

console.log('\n## Article page (SQLite)')
const article = await benchArticlePage(seconds)
for (const r of article) console.log(`  peak RSS (${r.label}): ${r.rssMiB} MiB`)
