import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileOffsetClock } from './clock.js'

test('the file-offset clock adds the milliseconds in its file, read on every call', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'crown-clock-')), 'offset')
  const clock = fileOffsetClock(file)
  const near = (d: Date, ms: number) => Math.abs(d.getTime() - (Date.now() + ms)) < 1000
  assert.ok(near(clock.now(), 0), 'no file: no offset')
  fs.writeFileSync(file, String(31 * 60_000))
  assert.ok(near(clock.now(), 31 * 60_000), 'thirty-one minutes ahead')
  fs.writeFileSync(file, 'not a number')
  assert.ok(near(clock.now(), 0), 'an unreadable offset counts as none')
})
