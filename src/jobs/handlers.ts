import type { Deps } from '../deps.js'
import type { OutgoingMail } from '../mail/mailer.js'
import { registerDiscussionJobs } from '../discussion/index.js'
import { registerShopJobs } from '../shop/index.js'
import { registerImporterJobs } from '../importer/index.js'

/** Every job kind the worker knows, gathered from the modules that own them. */
export function registerJobHandlers(deps: Deps) {
  deps.jobs.handle<OutgoingMail>('mail.send', (mail) => deps.mail.send(mail))
  registerDiscussionJobs(deps)
  registerShopJobs(deps)
  registerImporterJobs(deps)
}
