import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createMailer } from './mailer.js'
import { startTestSmtp } from '../test/smtp.js'

test('mail goes over real SMTP with one-click unsubscribe headers', async () => {
  const smtp = await startTestSmtp()
  const mailer = createMailer({ smtpUrl: smtp.url, from: 'Crown <no-reply@crown.test>', outboxDir: '/nonexistent' })
  try {
    await mailer.send({ to: 'reader@example.com', subject: 'A reply', text: 'Someone replied.', unsubscribeUrl: 'http://localhost:3000/unsubscribe/abc' })
    const m = await smtp.waitFor((m) => m.subject === 'A reply')
    assert.equal(m.text?.trim(), 'Someone replied.')
    const raw = (name: string) => m.headerLines.find((h) => h.key === name)?.line
    assert.equal(raw('list-unsubscribe-post'), 'List-Unsubscribe-Post: List-Unsubscribe=One-Click')
    assert.equal(raw('list-unsubscribe'), 'List-Unsubscribe: <http://localhost:3000/unsubscribe/abc>')
  } finally {
    mailer.close()
    await smtp.close()
  }
})

test('without SMTP_URL, mail is written to the outbox as .eml', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-outbox-'))
  const mailer = createMailer({ from: 'Crown <no-reply@crown.test>', outboxDir: dir })
  await mailer.send({ to: 'reader@example.com', subject: 'Confirm your address', text: 'Click the link.' })
  const files = fs.readdirSync(dir)
  assert.equal(files.length, 1)
  assert.match(files[0], /\.eml$/)
  const raw = fs.readFileSync(path.join(dir, files[0]), 'utf8')
  assert.match(raw, /Subject: Confirm your address/)
  assert.match(raw, /To: reader@example.com/)
})
