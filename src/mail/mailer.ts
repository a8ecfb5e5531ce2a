import fs from 'node:fs/promises'
import path from 'node:path'
import { createRequire } from 'node:module'
import type { Transporter } from 'nodemailer'

// nodemailer is loaded with the first message: most processes never send one.
const require = createRequire(import.meta.url)
const nodemailer = () => require('nodemailer') as typeof import('nodemailer')

export interface OutgoingMail {
  to: string
  subject: string
  text: string
  html?: string
  /** One-click unsubscribe (RFC 8058): the URL that a POST to unsubscribes. */
  unsubscribeUrl?: string
}

export interface Mailer { send(mail: OutgoingMail): Promise<void>; close(): void }

/**
 * Sends over SMTP when SMTP_URL is set; otherwise writes each message as an
 * .eml file under DATA_DIR/outbox, so a fresh install can read its mail.
 */
export function createMailer(opts: { smtpUrl?: string; from: string; outboxDir: string }): Mailer {
  let made: Transporter | undefined
  const transport = (): Transporter => (made ??= opts.smtpUrl
    ? nodemailer().createTransport(opts.smtpUrl)
    : nodemailer().createTransport({ streamTransport: true, buffer: true, newline: 'unix' }))
  return {
    async send(mail) {
      const headers: Record<string, string> = {}
      if (mail.unsubscribeUrl) {
        headers['List-Unsubscribe'] = `<${mail.unsubscribeUrl}>`
        headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click'
      }
      const info = await transport().sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers })
      if (!opts.smtpUrl) {
        await fs.mkdir(opts.outboxDir, { recursive: true })
        const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}.eml`
        await fs.writeFile(path.join(opts.outboxDir, name), (info as unknown as { message: Buffer }).message)
      }
    },
    close() { made?.close() },
  }
}
