import type { OutgoingMail } from '../mail/mailer.js'

// The account mails. Plain text, one link each, and always a line for the
// person who did not ask: these go to whatever address was typed into a form.

export const confirmPath = (token: string) => `/account/confirm/${token}`
export const resetPath = (token: string) => `/account/reset/${token}`

interface Site { url: string; title: string }

export function confirmEmailMail(site: Site, to: string, name: string, token: string): OutgoingMail {
  return {
    to,
    subject: `Confirm your email address for ${site.title}`,
    text: [
      `Hello ${name},`,
      '',
      `Thank you for creating an account on ${site.title}. To confirm that this address is yours, open this link and press the button:`,
      `${site.url}${confirmPath(token)}`,
      '',
      'The link works once, for 36 hours.',
      '',
      'If you did not create this account, ignore this message: without confirmation the account cannot post or be mailed.',
    ].join('\n'),
  }
}

export function alreadyRegisteredMail(site: Site, to: string, confirmToken: string | null): OutgoingMail {
  return {
    to,
    subject: `About your account on ${site.title}`,
    text: [
      `Someone (perhaps you) tried to create an account on ${site.title} with this email address. It already has an account, so no new one was made.`,
      '',
      `Sign in: ${site.url}/sign-in`,
      `Forgot your password? Choose a new one: ${site.url}/account/forgot`,
      ...(confirmToken ? ['', `Your address is not confirmed yet. Confirm it here (the link works once, for 36 hours): ${site.url}${confirmPath(confirmToken)}`] : []),
      '',
      'If this was not you, ignore this message: nothing about your account has changed.',
    ].join('\n'),
  }
}

export function resetPasswordMail(site: Site, to: string, name: string, token: string): OutgoingMail {
  return {
    to,
    subject: `Choose a new password for ${site.title}`,
    text: [
      `Hello ${name},`,
      '',
      `Someone (perhaps you) asked to reset the password of your account on ${site.title}. To choose a new one, open this link:`,
      `${site.url}${resetPath(token)}`,
      '',
      'The link works once, for one hour. Choosing a new password signs your account out of every other browser.',
      '',
      'If you did not ask, ignore this message: your password stays as it is.',
    ].join('\n'),
  }
}
