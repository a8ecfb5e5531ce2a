// npm run bench: builds the server, then prints figures. Not a test: nothing
// here passes or fails on speed; the numbers go in the closing note.
import os from 'node:os'
import { buildServer } from './lib.js'
import { benchArticlePage } from './article-page.js'
import { benchForum } from './forum.js'
import { benchShop } from './shop.js'
import { benchShopCatalog } from './shop-catalog.js'
import { benchImport } from './import.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
// BENCH_ONLY=article|forum|shop|import runs one part.
const only = process.env.BENCH_ONLY

console.log(`Crown benchmarks: ${os.cpus().length} cores, Node ${process.version}, ${seconds} s per figure, 16 connections, loopback`)
// The import runs from source in child processes: it needs no build.
if (only !== 'import') buildServer()

if (!only || only === 'article') {
  console.log('\n## Article page (SQLite)')
  const article = await benchArticlePage(seconds)
  for (const r of article) console.log(`  peak RSS (${r.label}): ${r.rssMiB} MiB`)
}

if (!only || only === 'forum') {
  console.log('\n## Forum pages, uncached (SQLite)')
  await benchForum(seconds)
}

if (!only || only === 'shop') {
  console.log('\n## Shop: product page and catalog (SQLite)')
  const shop = await benchShopCatalog(seconds)
  for (const r of shop) console.log(`  peak RSS (${r.label}): ${r.rssMiB} MiB`)
  console.log('\n## Shop: placing orders (SQLite, WAL, synchronous=FULL)')
  await benchShop(seconds)
}

if (!only || only === 'import') {
  console.log('\n## WordPress import (SQLite; also PostgreSQL with BENCH_POSTGRES_URL), each in a child process, beside the bare reader')
  if (!(await benchImport())) process.exitCode = 1
}
