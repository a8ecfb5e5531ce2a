import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { crownServerConfig, DOCUMENTED, NGINX, testNginxConfig } from './nginx.js'

// docs/deploy.md shows the nginx configuration the scale-out journeys run,
// with TLS for a real site. These keep the page and the code the same, and
// have nginx itself check the TLS variant.

const ROOT = path.resolve(import.meta.dirname, '..')

test('docs/deploy.md shows the configuration the tests run, character for character', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'deploy.md'), 'utf8')
  const expected = crownServerConfig(DOCUMENTED)
  assert.ok(doc.includes('```nginx\n' + expected + '```'), `docs/deploy.md should hold, in an nginx block:\n${expected}`)
})

test('nginx accepts the TLS configuration (nginx -t, with a self-signed certificate)', () => {
  assert.ok(fs.existsSync(NGINX), `nginx is not installed at ${NGINX}: sudo apt-get install nginx`)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-nginx-tls-'))
  try {
    const certificate = path.join(dir, 'cert.pem')
    const key = path.join(dir, 'key.pem')
    const ssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=hair.example.org', '-keyout', key, '-out', certificate], { encoding: 'utf8' })
    assert.equal(ssl.status, 0, ssl.stderr)
    const conf = path.join(dir, 'nginx.conf')
    fs.writeFileSync(conf, testNginxConfig(dir, { ...DOCUMENTED, tls: { ...DOCUMENTED.tls!, certificate, key } }))
    const check = spawnSync(NGINX, ['-t', '-e', path.join(dir, 'error.log'), '-p', dir, '-c', conf], { encoding: 'utf8' })
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`)
    assert.match(check.stderr, /syntax is ok/)
    assert.match(check.stderr, /test is successful/)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
