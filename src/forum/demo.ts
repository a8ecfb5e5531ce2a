import type { GuestPolicy } from './tables.js'
import type { StoryFields } from './stories.js'

// Original demo content for the forum: five categories and a handful of
// conversations in readers' voices. Experiences are self-reported and say
// so; nothing here promises a result.

export interface DemoCategory { slug: string; name: string; description: string; policy: GuestPolicy; hold: boolean }

export const demoCategories: DemoCategory[] = [
  { slug: 'success-stories', name: 'Success stories', description: 'What you tried, for how long, and what changed, in your own words. Self-reported experiences, not medical advice.', policy: 'topics', hold: true },
  { slug: 'scalp-massage', name: 'Scalp massage', description: 'Routines, tools, and how to keep it up for months.', policy: 'topics', hold: true },
  { slug: 'microneedling', name: 'Microneedling', description: 'Needle lengths, schedules, hygiene, and combining it with other treatments.', policy: 'topics', hold: true },
  { slug: 'minoxidil-and-medication', name: 'Minoxidil and medication', description: 'Foam or liquid, strengths, shedding phases, side effects. Talk to a doctor before starting or stopping a medicine.', policy: 'topics', hold: true },
  { slug: 'general', name: 'General', description: 'Everything else: introductions, questions about the site, and reading the studies together.', policy: 'topics', hold: true },
]

export interface DemoPost { name: string; guest: boolean; body: string; replyTo?: number; hoursLater: number }
/** A success story carries its structured fields (the card), consistent with what its opening post says. */
export interface DemoTopic { category: string; title: string; daysAgo: number; pinned?: boolean; story?: StoryFields; posts: DemoPost[] }

export const demoTopics: DemoTopic[] = [
  {
    category: 'general', title: 'Welcome: how this forum works', daysAgo: 30, pinned: true,
    posts: [
      { name: 'Wren Writer', guest: false, hoursLater: 0, body: 'Welcome! You can post here **without an account**: pick a display name and, if you like, an email for reply notices (never shown).\n\nA newcomer’s first posts wait for a quick review, so spam stays out. Please share what you tried and how it went, and link the studies you read. Nothing here is medical advice.' },
      { name: 'Priya', guest: true, hoursLater: 20, body: 'Thanks, glad I don’t need yet another password. Is it fine to post photos later on?' },
      { name: 'Wren Writer', guest: false, hoursLater: 22, replyTo: 2, body: 'Photo uploads are coming. For now, describe what you see: where, how long, and what you compared against.' },
    ],
  },
  {
    category: 'success-stories', title: 'Ten months of nightly scalp massage: slow, small, but I notice it', daysAgo: 12,
    story: { treatments: [{ kind: 'massage', minutesPerDay: 4 }], months: 10, change: 1, stage: 'nh-III-vertex' },
    posts: [
      { name: 'Tomás', guest: true, hoursLater: 0, body: '*Self-reported, no clinic photos.*\n\nNorwood III vertex (my own guess). Four minutes every night with fingertips, following the standardised routine from the article. Month 1–4: nothing. Around month 6 the crown looked a bit less see-through under the bathroom light.\n\nI’d rate it **+1, slightly increased** on the 7-point scale. Not a miracle; I’m keeping it up because it costs nothing.' },
      { name: 'Hanna', guest: true, hoursLater: 30, replyTo: 1, body: 'Did you take photos under the same light each month? I found mine changed more with the lighting than with anything else.' },
      { name: 'Tomás', guest: true, hoursLater: 34, replyTo: 2, body: 'Same spot, same lamp, phone on a shelf. Before that I was fooling myself both ways.' },
    ],
  },
  {
    category: 'success-stories', title: 'Minoxidil foam plus weekly microneedling, one year in (self-assessed)', daysAgo: 6,
    story: {
      treatments: [{ kind: 'minoxidil', strength: '5%', form: 'foam' }, { kind: 'microneedling', needleMm: '0.5', intervalDays: 7 }],
      months: 12, change: 2, stage: 'nh-IV',
    },
    posts: [
      { name: 'Sam K', guest: true, hoursLater: 0, body: '*My own experience, self-assessed; my doctor okayed the minoxidil.*\n\nI started around Norwood IV by my own reckoning. 5% foam once a day, and a 0.5 mm roller once a week at home (never on the same evening as the foam). The first three months I shed more, which scared me. By month 9 the temples looked about the same as when I started and the crown fuller.\n\nI’d call it **+2, moderately increased**, but I know self-ratings are unreliable, so take it as one person’s notes.' },
      { name: 'Priya', guest: true, hoursLater: 5, body: 'The shedding phase is what made me quit last time. Good to read someone pushed through it with a doctor’s advice.' },
    ],
  },
  {
    category: 'microneedling', title: '0.5 mm or 1.5 mm for a home roller?', daysAgo: 9,
    posts: [
      { name: 'Jonas', guest: true, hoursLater: 0, body: 'The trials used 1.5 mm in clinic. Is that sensible at home, or should I stay at 0.5 mm?' },
      { name: 'Eve', guest: true, hoursLater: 3, replyTo: 1, body: 'Most home guides stay at 0.5 mm or below because of hygiene and bleeding. The review on PubMed lists depths from 0.5 to 2.5 mm, but the longer ones were done by clinicians.' },
      { name: 'Jonas', guest: true, hoursLater: 8, body: 'Makes sense. I’ll start at 0.5 mm and ask a dermatologist before going longer.' },
    ],
  },
  {
    category: 'scalp-massage', title: 'How do you keep the habit going?', daysAgo: 4,
    posts: [
      { name: 'Mei', guest: true, hoursLater: 0, body: 'I manage two weeks, then forget for a week. Any tricks?' },
      { name: 'Tomás', guest: true, hoursLater: 6, replyTo: 1, body: 'I tied it to brushing my teeth at night: same sink, same timer. After a month it was automatic.' },
    ],
  },
  {
    category: 'minoxidil-and-medication', title: 'Foam or liquid if your scalp is sensitive?', daysAgo: 2,
    posts: [
      { name: 'Lukas', guest: true, hoursLater: 0, body: 'The liquid makes my scalp itch. Does the foam help with that?' },
      { name: 'Hanna', guest: true, hoursLater: 4, replyTo: 1, body: 'The foam has no propylene glycol, which is the usual culprit for itching. Worth asking your pharmacist about switching.' },
    ],
  },
]
