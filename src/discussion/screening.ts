import type { Db } from '../db/database.js'
import { getSetting, setSetting } from '../db/settings.js'
import { LIMITS } from './limits.js'
import { countedLinks } from './markdown.js'
import { hasApprovedPostFrom } from './queries.js'

// Which new comments wait for a moderator, as WordPress does by default:
// a first-time commenter, two or more links, or a word from the admins' list.
const WORDS_KEY = 'discussion.moderation_words'

export async function moderationWords(db: Db): Promise<string[]> {
  return parseWordList((await getSetting(db, WORDS_KEY)) ?? '')
}

export async function saveModerationWords(db: Db, text: string): Promise<string[]> {
  const words = parseWordList(text)
  await setSetting(db, WORDS_KEY, words.join('\n'))
  return words
}

/** One word or phrase per line; blank lines and duplicates dropped, case ignored. */
export function parseWordList(text: string): string[] {
  const seen = new Set<string>()
  for (const line of text.split(/\r?\n/)) {
    const w = line.trim().toLowerCase()
    if (w && w.length <= 100) seen.add(w)
  }
  return [...seen].slice(0, 1000)
}

export interface Screened { hold: boolean; reason: string | null }

/** Decides whether a guest's comment is held, and says why in words a moderator reads. */
export async function screenComment(
  db: Db,
  input: { email: string; name: string; url: string; bodyMd: string; bodyHtml: string; siteUrl: string },
): Promise<Screened> {
  const reasons: string[] = []
  const links = countedLinks(input.bodyHtml, input.siteUrl)
  if (links >= LIMITS.holdAtLinks) reasons.push(`${links} links`)
  const haystack = [input.name, input.email, input.url, input.bodyMd].join('\n').toLowerCase()
  const word = (await moderationWords(db)).find((w) => haystack.includes(w))
  if (word) reasons.push(`Matches the word list (“${word}”)`)
  if (!(await hasApprovedPostFrom(db, input.email))) reasons.push('First comment from this email address')
  return { hold: reasons.length > 0, reason: reasons.length ? reasons.join('; ') : null }
}
