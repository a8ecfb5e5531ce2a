import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort } from './support.js'

// Debian's nginx in front of several Crown processes, as docs/deploy.md sets
// it up: the browser journeys go through it in e2e/scale-out.test.ts.

export const NGINX = '/usr/sbin/nginx'

export interface CrownUpstreamConfig {
  /** host:port of each app process (one line per process, on any machine). */
  upstreams: string[]
  /** What nginx listens on, e.g. 127.0.0.1:8080, or 443 with tls. */
  listen: string
  /** The largest request body let through: the admin import takes up to 512 MB. */
  maxBodySize?: string
  /** HTTPS: the site's host name and certificate files; plain http on port 80 is sent to https. */
  tls?: { serverName: string; certificate: string; key: string }
}

/**
 * The http-level part of the configuration: the upstream of app processes and
 * the server that proxies to them. docs/deploy.md shows it; the tests run it
 * (plain http in the scale-out journeys, TLS through `nginx -t`).
 */
export function crownServerConfig({ upstreams, listen, maxBodySize = '512m', tls }: CrownUpstreamConfig): string {
  const redirect = tls
    ? `server {
    listen 80;
    server_name ${tls.serverName};
    return 301 https://$host$request_uri;
}

`
    : ''
  const https = tls
    ? `    # nginx 1.25.1 and later: "listen ${listen} ssl;" and "http2 on;" instead.
    server_name ${tls.serverName};
    ssl_certificate ${tls.certificate};
    ssl_certificate_key ${tls.key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:crown_tls:10m;
    ssl_session_timeout 1d;
    # Crown sends Strict-Transport-Security itself when SITE_URL is https.
`
    : ''
  return `upstream crown {
    # Round-robin over the app processes. A process that refuses connections
    # is skipped for 10 s; a request is retried on another only if it failed
    # before anything was sent (nginx never retries a POST on its own).
${upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=10s;`).join('\n')}
    keepalive 32;
}

${redirect}server {
    listen ${listen}${tls ? ' ssl http2' : ''};
${https}    client_max_body_size ${maxBodySize};

    location / {
        proxy_pass http://crown;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        # Crown believes X-Forwarded-For only from TRUST_PROXY (nginx's address):
        # nginx appends the address it sees, and Crown takes the last one it
        # does not trust, so a client cannot choose its own address.
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_next_upstream error timeout;
        proxy_read_timeout 120s;
    }
}
`
}

/** The example docs/deploy.md shows: two machines, one app process port each. */
export const DOCUMENTED: CrownUpstreamConfig = {
  upstreams: ['10.0.0.11:3000', '10.0.0.12:3000'],
  listen: '443',
  tls: {
    serverName: 'hair.example.org',
    certificate: '/etc/letsencrypt/live/hair.example.org/fullchain.pem',
    key: '/etc/letsencrypt/live/hair.example.org/privkey.pem',
  },
}

/** A whole nginx.conf for a test: its own pid, logs and temp files in `dir`, in the foreground. */
export function testNginxConfig(dir: string, server: CrownUpstreamConfig): string {
  const t = (name: string) => path.join(dir, name)
  return `daemon off;
master_process on;
worker_processes 1;
pid ${t('nginx.pid')};
error_log ${t('error.log')} warn;
events { worker_connections 256; }
http {
    log_format crown '$remote_addr "$request" $status $upstream_addr';
    access_log ${t('access.log')} crown;
    client_body_temp_path ${t('client_body')};
    proxy_temp_path ${t('proxy')};
    fastcgi_temp_path ${t('fastcgi')};
    uwsgi_temp_path ${t('uwsgi')};
    scgi_temp_path ${t('scgi')};
    types { text/html html; }
${crownServerConfig(server).replace(/^(?=.)/gm, '    ')}}
`
}

export interface RunningNginx {
  url: string
  dir: string
  /** The access log: one line per request, with the upstream that answered. */
  log(): string
  stop(): Promise<void>
}

/**
 * Starts nginx with a generated configuration, in the foreground, on a free
 * loopback port; waits until it answers. Fails (never skips) when nginx is
 * missing or does not start: the scale-out journeys need it.
 */
export async function startNginx(upstreams: string[], port?: number): Promise<RunningNginx> {
  if (!fs.existsSync(NGINX)) throw new Error(`nginx is not installed at ${NGINX}: sudo apt-get install nginx (scripts/test.mjs does it when run as root)`)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crown-nginx-'))
  // nginx's workers drop root for "nobody", which must reach the temp folders.
  fs.chmodSync(dir, 0o755)
  for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(dir, sub), { mode: 0o777 })
  port ??= await freePort()
  const conf = path.join(dir, 'nginx.conf')
  fs.writeFileSync(conf, testNginxConfig(dir, { upstreams, listen: `127.0.0.1:${port}` }))
  // -e: the error log from the very start, before the configuration is read.
  const proc: ChildProcess = spawn(NGINX, ['-e', path.join(dir, 'error.log'), '-p', dir, '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  proc.stdout!.on('data', (d) => { out += d })
  proc.stderr!.on('data', (d) => { out += d })
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  const errorLog = () => { try { return fs.readFileSync(path.join(dir, 'error.log'), 'utf8') } catch { return '' } }
  for (;;) {
    const ready = await Promise.race([
      fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false),
      exited.then((code) => new Error(`nginx exited (${code}):\n${out}\n${errorLog()}`)),
    ])
    if (ready instanceof Error) throw ready
    if (ready) break
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url, dir,
    log: () => fs.readFileSync(path.join(dir, 'access.log'), 'utf8'),
    async stop() {
      if (proc.exitCode === null) {
        // SIGQUIT: nginx's graceful stop.
        proc.kill('SIGQUIT')
        await exited
      }
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
