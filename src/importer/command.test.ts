import { test } from 'node:test'
import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { testApp } from '../test/harness.js'
import { testDialects } from '../test/databases.js'
import { fixture } from './fixtures.js'
import { runImportCommand } from './command.js'

// The CLI runner on a terminal draws one progress bar (cli-progress) on
// stderr and prints the report on stdout; off a terminal it prints plain
// lines instead (src/cli.test.ts runs that path as a real process).
for (const dialect of testDialects()) test(`on a terminal, the import draws a progress bar to 100% and then prints the report (${dialect})`, async () => {
  const t = await testApp(dialect)
  try {
    const bar = new PassThrough()
    let drawn = ''
    bar.on('data', (chunk: Buffer) => { drawn += chunk.toString() })
    Object.assign(bar, { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true })
    const out: string[] = []
    const err: string[] = []
    const code = await runImportCommand(t.deps, 'wordpress', { file: fileURLToPath(fixture('site.wxr.xml')), dryRun: false }, {
      out: (l) => out.push(l), err: (l) => err.push(l), tty: true, stream: bar,
    })
    assert.equal(code, 0, err.join('\n'))
    assert.match(drawn, /site\.wxr\.xml \|[█░]+\| 100% · \d+ records/)
    assert.ok(!out.some((l) => /^Importing /.test(l)), 'no plain progress lines on a terminal')
    assert.ok(out.includes('Import finished.'))
  } finally {
    await t.close()
  }
})
