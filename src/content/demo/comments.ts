/**
 * Demo reader comments. Threads reference their parent with `replyTo` (a `ref`
 * earlier in this file, on the same article). Staff replies carry `staff` and
 * use the demo people's names and addresses. Two comments are pending and one
 * is obvious spam, so the moderation queue has something in it on first start.
 */
import type { DemoComment } from '../../discussion/index.js'
import { demoPeople } from './articles.js'


const editor = { name: demoPeople.editor.name, email: demoPeople.editor.email, staff: 'editor' as const }
const reviewer = { name: demoPeople.reviewer.name, email: demoPeople.reviewer.email, staff: 'reviewer' as const }

const SM = 'scalp-massage-what-two-small-studies-show'
const MN = 'microneedling-with-minoxidil-what-the-trials-measured'
const RS = 'how-to-read-a-hair-loss-study'
const MX = 'minoxidil-label-shedding-and-when-to-judge'
const NL = 'derma-roller-needle-length-and-interval'
const DH = 'dht-finasteride-and-dutasteride-explained'
const PH = 'photographing-your-hair-progress-at-home'

export const demoComments: DemoComment[] = [
  // --- Scalp massage -------------------------------------------------------
  {
    article: SM,
    ref: 'sm-1',
    name: 'Dan Kowalczyk',
    email: 'dan.k@example.com',
    body:
      "Honest write-up. I've been doing the finger massage for about five months, roughly 15 minutes a day. I can't say I see a difference in photos yet, but my scalp feels less tight. Not sure that means anything.",
    hoursAfterPublish: 20,
  },
  {
    article: SM,
    ref: 'sm-2',
    replyTo: 'sm-1',
    ...editor,
    body:
      "Thanks for sharing this, Dan, and for saying *not sure*. A looser-feeling scalp is a real experience, but it isn't something either study measured, so we can't say what it means for hair. If you keep going, standardized photos compared every couple of months will tell you more than day-to-day impressions.",
    hoursAfterPublish: 26,
  },
  {
    article: SM,
    ref: 'sm-3',
    replyTo: 'sm-2',
    name: 'Dan Kowalczyk',
    email: 'dan.k@example.com',
    body:
      'Fair. I have been taking them in the bathroom under the overhead light, which I now realize is about the worst possible choice.',
    hoursAfterPublish: 30,
  },
  {
    article: SM,
    ref: 'sm-4',
    name: 'Priya Natarajan',
    email: 'priya.n@example.com',
    body: [
      'The survey part is what bugs me.',
      '',
      '> 340 people answered, 17.9% of those contacted.',
      '',
      "And yet I keep seeing \"68.9%\" quoted as if it were a success rate. It's 68.9% of the people who chose to reply.",
    ].join('\n'),
    hoursAfterPublish: 52,
  },
  {
    article: SM,
    ref: 'sm-5',
    replyTo: 'sm-4',
    name: 'Marco Bellini',
    email: 'marco.b@example.com',
    body: "To be fair, the paper itself says the outcomes were self-reported. It's the blog retellings that drop that part.",
    hoursAfterPublish: 70,
  },
  {
    article: SM,
    ref: 'sm-6',
    replyTo: 'sm-5',
    name: 'Priya Natarajan',
    email: 'priya.n@example.com',
    body: 'Agreed, the paper is upfront about it. My problem is with the retellings.',
    hoursAfterPublish: 75,
  },
  {
    article: SM,
    ref: 'sm-7',
    name: 'Owen Tremblay',
    email: 'owen.t@example.com',
    body: 'Is there any harm in using one of those silicone scalp brushes every day?',
    hoursAfterPublish: 140,
  },
  {
    article: SM,
    ref: 'sm-8',
    replyTo: 'sm-7',
    ...reviewer,
    body: [
      'For most people with a healthy scalp, gentle brushing is unlikely to cause harm. A few caveats:',
      '',
      '- stop if you get soreness, broken skin, or itching and flaking that persist',
      '- if you have a scalp condition such as psoriasis or eczema, ask your doctor first',
      "- more pressure isn't better",
      '',
      "And as with massage, we don't know whether it changes hair at all.",
    ].join('\n'),
    hoursAfterPublish: 150,
  },
  {
    article: SM,
    ref: 'sm-9',
    name: 'Lena Fischer',
    email: 'lena.f@example.com',
    body:
      "Watched the lecture from the 34-minute mark. Interesting, but it's about tissue in general and says nothing about scalps. Appreciate that you said so up front.",
    hoursAfterPublish: 400,
  },

  // --- Microneedling + minoxidil (holds the six-level thread) --------------
  {
    article: MN,
    ref: 'mn-1',
    name: 'Sam Okafor',
    email: 'sam.okafor@example.com',
    body:
      'Genuine question: I keep reading that microneedling causes *fibrosis*, and that fibrosis around follicles is part of what goes wrong in hair loss. Could I be making things worse by rolling?',
    hoursAfterPublish: 10,
  },
  {
    article: MN,
    ref: 'mn-2',
    replyTo: 'mn-1',
    ...reviewer,
    body: [
      "It's a reasonable worry, and the honest answer has two halves.",
      '',
      '**What the studies show:** in the review of 22 studies, no serious adverse events were reported among the 657 people who were needled, and we are not aware of trial evidence that scalp microneedling at the depths studied causes scarring.',
      '',
      "**What they can't show:** most of those studies were small and ran for 12 weeks to six months. They can't rule out effects from years of frequent home use.",
      '',
      'Scarring is one of the risks the FDA lists for microneedling devices, and it is more likely with long needles, heavy pressure, sessions too close together, or infection. If you tend to form keloid scars, don\'t roll. If you notice firm areas, shiny patches or skin changes that don\'t settle, stop and see a dermatologist.',
    ].join('\n'),
    hoursAfterPublish: 22,
  },
  {
    article: MN,
    ref: 'mn-3',
    replyTo: 'mn-2',
    name: 'Sam Okafor',
    email: 'sam.okafor@example.com',
    body: 'Thanks. So "no evidence of harm in short studies" is not the same as "evidence of no harm". Got it.',
    hoursAfterPublish: 29,
  },
  {
    article: MN,
    ref: 'mn-4',
    replyTo: 'mn-3',
    name: 'Ifeoma Adeyemi',
    email: 'ifeoma.a@example.com',
    body:
      'This is the point I wish more people understood. I use 0.5 mm roughly every ten days, and I still asked my dermatologist to look at my scalp at my last appointment. She saw nothing worrying, for what it is worth (n=1!).',
    hoursAfterPublish: 47,
  },
  {
    article: MN,
    ref: 'mn-5',
    replyTo: 'mn-4',
    ...editor,
    body:
      'That is a sensible approach, Ifeoma, and thank you for the *n=1* label. A periodic look from someone who knows what early scarring looks like is a good safeguard.',
    hoursAfterPublish: 55,
  },
  {
    article: MN,
    ref: 'mn-6',
    replyTo: 'mn-5',
    name: 'Sam Okafor',
    email: 'sam.okafor@example.com',
    body: "Booked a dermatology appointment. Rolling is paused until then; I'll report back if I learn anything useful.",
    hoursAfterPublish: 80,
  },
  {
    article: MN,
    ref: 'mn-7',
    name: 'Jonas Weber',
    email: 'jonas.w@example.com',
    body:
      'The 91.4 vs 22.2 figure gets quoted everywhere without mentioning it was 12 weeks, one center, and participants who knew which group they were in. Thanks for putting it in context.',
    hoursAfterPublish: 35,
  },
  {
    article: MN,
    ref: 'mn-8',
    replyTo: 'mn-7',
    name: 'Rafael Duarte',
    email: 'rafael.d@example.com',
    body: 'The shaved heads were just for counting, not part of the treatment, right?',
    hoursAfterPublish: 41,
  },
  {
    article: MN,
    ref: 'mn-9',
    replyTo: 'mn-8',
    ...editor,
    body:
      'Right. Shaving made every hair in the tattoo-marked square countable; it was not part of the treatment.',
    hoursAfterPublish: 48,
  },
  {
    article: MN,
    ref: 'mn-10',
    name: 'Kim Moreau',
    email: 'k.moreau@example.com',
    website: 'https://kim-reads-papers.example.com',
    body:
      'For anyone who wants to read it themselves, the review is open access: [PMC8776974](https://www.ncbi.nlm.nih.gov/pmc/articles/PMC8776974/). The table of included studies is worth a look; the protocols are all over the place.',
    hoursAfterPublish: 120,
  },
  {
    article: MN,
    ref: 'mn-11',
    name: 'Beth Lindgren',
    email: 'beth.l@example.com',
    body:
      "On the 24-hour question: I asked my pharmacist and she said to follow the label and not put it on irritated skin. That settled it for me.",
    hoursAfterPublish: 200,
  },
  {
    article: MN,
    ref: 'mn-12',
    name: 'Alex Petrov',
    email: 'alex.p@example.com',
    body:
      "Does anyone know whether the 2020 study that applied minoxidil straight after needling reported how many people dropped out? I couldn't find it in the abstract.",
    hoursAfterPublish: 4600,
    status: 'pending',
  },

  // --- How to read a study -------------------------------------------------
  {
    article: RS,
    ref: 'rs-1',
    name: 'Greta Holm',
    email: 'greta.h@example.com',
    body:
      'The self-rating section hit home. Last winter I was convinced my crown had got worse; my partner looked at the same photos and thought they were identical.',
    hoursAfterPublish: 15,
  },
  {
    article: RS,
    ref: 'rs-2',
    name: 'Tomasz Zielinski',
    email: 'tomasz.z@example.com',
    body:
      "Related: the finasteride hormone study that gets quoted a lot is here if anyone wants the abstract: https://pubmed.ncbi.nlm.nih.gov/10495374/ . Worth noting that it measured DHT levels, not hair.",
    hoursAfterPublish: 60,
  },
  {
    article: RS,
    ref: 'rs-3',
    replyTo: 'rs-2',
    ...editor,
    body: "Thanks, Tomasz, that's exactly the right caveat. We'll make the same point when we write up the DHT story.",
    hoursAfterPublish: 65,
  },
  {
    article: RS,
    ref: 'rs-4',
    name: 'Mo Haddad',
    email: 'mo.h@example.com',
    body: "What's a Jadad score? It came up in the microneedling article too.",
    hoursAfterPublish: 300,
  },
  {
    article: RS,
    ref: 'rs-5',
    replyTo: 'rs-4',
    ...reviewer,
    body: [
      'A short checklist, scored 0 to 5, for how a trial is reported:',
      '',
      '1. Is it described as randomized? (plus a point if the method is appropriate)',
      '2. Is it described as double-blind? (plus a point if the method is appropriate)',
      '3. Are withdrawals and dropouts accounted for?',
      '',
      "It's crude, and it rates the *report* as much as the trial, but a score of 1 to 3 is a signal of weak reporting.",
    ].join('\n'),
    hoursAfterPublish: 320,
  },
  {
    article: RS,
    ref: 'rs-6',
    name: 'Helen Ashworth',
    email: 'helen.a@example.com',
    body: 'Would love a follow-up on how to read confidence intervals.',
    hoursAfterPublish: 800,
  },
  {
    article: RS,
    ref: 'rs-7',
    replyTo: 'rs-6',
    ...editor,
    body: "Noted, Helen. It's on our list.",
    hoursAfterPublish: 830,
  },

  // --- Minoxidil -----------------------------------------------------------
  {
    article: MX,
    ref: 'mx-1',
    name: 'Chris Bauer',
    email: 'chris.b@example.com',
    body:
      "Week 3 on 5% foam and the shedding is real: hair in the sink every morning. How do I know whether this is the 'expected' shed or whether it's making things worse?",
    hoursAfterPublish: 30,
  },
  {
    article: MX,
    ref: 'mx-2',
    replyTo: 'mx-1',
    ...reviewer,
    body: [
      "Sorry, that's stressful. There's no test you can do at home that tells the two apart with certainty, but a few things help:",
      '',
      '- The label describes increased shedding of up to about two weeks. Other sources give longer ranges, none of them from trials.',
      '- Diffuse shedding across the treated area in the first weeks fits the usual pattern.',
      '- See a doctor rather than wait if you notice **patches** of loss, shedding that continues well past two months, scalp redness, itching or pain, or any of the stop-use symptoms: chest pain, a fast heartbeat, dizziness or swelling.',
      '',
      "And please don't judge the product before four months.",
    ].join('\n'),
    hoursAfterPublish: 40,
  },
  {
    article: MX,
    ref: 'mx-3',
    replyTo: 'mx-2',
    name: 'Chris Bauer',
    email: 'chris.b@example.com',
    body: "That helps. It's diffuse, no patches, and my scalp is fine. I'll keep taking photos and stop staring at the sink.",
    hoursAfterPublish: 52,
  },
  {
    article: MX,
    ref: 'mx-4',
    replyTo: 'mx-3',
    name: 'Anika Sharma',
    email: 'anika.s@example.com',
    body: 'Same experience here around weeks 2 to 5. Mine settled down after that, but I know that is just me.',
    hoursAfterPublish: 90,
  },
  {
    article: MX,
    ref: 'mx-5',
    name: 'Lou Garnier',
    email: 'lou.g@example.com',
    body: 'Why does the US label say it is not for a receding hairline? Everyone online puts it on their temples.',
    hoursAfterPublish: 160,
  },
  {
    article: MX,
    ref: 'mx-6',
    replyTo: 'mx-5',
    ...reviewer,
    body:
      "The label reflects what the regulator approved, based on where the original trials measured: the top of the scalp. That doesn't prove it can't do anything at the front, but there's less evidence there. If the front is your main concern, it's worth a conversation with a doctor.",
    hoursAfterPublish: 175,
  },
  {
    article: MX,
    ref: 'mx-7',
    name: 'Nadia Farouk',
    email: 'nadia.f@example.com',
    body: 'Women\'s foam, month 5. I really appreciated the *six months* point. I was about to give up at three.',
    hoursAfterPublish: 600,
  },
  {
    article: MX,
    ref: 'mx-8',
    replyTo: 'mx-7',
    ...editor,
    body: 'Thanks, Nadia. Do take a full set of standardized photos at six months and compare them with your first set then.',
    hoursAfterPublish: 610,
  },
  {
    article: MX,
    ref: 'mx-9',
    name: 'Pete Lawson',
    email: 'pete.l@example.com',
    body:
      "Got some dizziness in week 1, stopped, and saw my GP. It turned out my blood pressure was on the low side anyway. Posting so people know the stop-and-ask list isn't just legal boilerplate.",
    hoursAfterPublish: 900,
  },
  {
    article: MX,
    ref: 'mx-10',
    replyTo: 'mx-9',
    ...reviewer,
    body: 'Thank you for posting this, Pete. Stopping and getting checked was exactly the right thing to do.',
    hoursAfterPublish: 920,
  },
  {
    article: MX,
    ref: 'mx-11',
    name: 'BestHair Pharma Direct',
    email: 'sales.besthair@example.com',
    website: 'https://cheap-hair-pills.example.com',
    body:
      'GUARANTEED RESULTS IN 7 DAYS!!! Minoxidil 15% + finasteride, NO PRESCRIPTION NEEDED, worldwide discreet shipping. Visit our site now for 50% off!!!',
    hoursAfterPublish: 1000,
    status: 'spam',
  },

  // --- Needle length -------------------------------------------------------
  {
    article: NL,
    ref: 'nl-1',
    name: 'Tariq Hussain',
    email: 'tariq.h@example.com',
    body: 'Which length would you start with as a complete beginner? Everyone on YouTube says 1.5 mm.',
    hoursAfterPublish: 12,
  },
  {
    article: NL,
    ref: 'nl-2',
    replyTo: 'nl-1',
    ...editor,
    body: [
      "We can't recommend a length for you; there's no trial comparing lengths. What we can say:",
      '',
      '- 1.5 mm weekly was used in clinic trials, done by clinic staff',
      '- 0.25 to 0.5 mm is the common range for home rollers',
      '- some sources say anything over 1 mm should only be used by a professional',
      '',
      'If you are unsure, a dermatologist can look at your scalp and advise. Whatever you choose, the endpoint, the cleaning rules and the do-not-roll list matter more than the number.',
    ].join('\n'),
    hoursAfterPublish: 20,
  },
  {
    article: NL,
    ref: 'nl-3',
    replyTo: 'nl-2',
    name: 'Tariq Hussain',
    email: 'tariq.h@example.com',
    body: "Fair enough. I'll ask at my appointment next month.",
    hoursAfterPublish: 26,
  },
  {
    article: NL,
    ref: 'nl-4',
    replyTo: 'nl-2',
    ...reviewer,
    body:
      'One addition: if you take anything that affects bleeding, such as an anticoagulant or a daily aspirin, mention it at that appointment.',
    hoursAfterPublish: 30,
  },
  {
    article: NL,
    ref: 'nl-5',
    name: 'Mei Tanaka',
    email: 'mei.t@example.com',
    body: "How do you actually disinfect it? I've been rinsing it under hot water.",
    hoursAfterPublish: 100,
  },
  {
    article: NL,
    ref: 'nl-6',
    replyTo: 'nl-5',
    ...reviewer,
    body:
      "Hot water alone isn't a disinfectant. A common routine (a convention, not a tested protocol) is to rinse off any debris, soak the head in isopropyl alcohol for several minutes, let it air-dry on a clean surface and store it in its case. Boiling can blunt or loosen the needles. Replace it when the needles look dull or bent, and never share it.",
    hoursAfterPublish: 110,
  },
  {
    article: NL,
    ref: 'nl-7',
    name: 'Jordan Reyes',
    email: 'jordan.r@example.com',
    body: 'I wish the FDA risk list were printed on the packaging of these things.',
    hoursAfterPublish: 300,
  },
  {
    article: NL,
    ref: 'nl-8',
    name: 'Ravi Menon',
    email: 'ravi.m@example.com',
    body: 'Is 0.75 mm every 5 days OK? My scalp is still a bit pink on day 4.',
    hoursAfterPublish: 2200,
    status: 'pending',
  },

  // --- DHT ------------------------------------------------------------------
  {
    article: DH,
    ref: 'dh-1',
    name: 'Will Carter',
    email: 'will.c@example.com',
    body: 'Clear explainer. Thank you for not turning it into an advert.',
    hoursAfterPublish: 8,
  },
  {
    article: DH,
    ref: 'dh-2',
    name: 'Graham Pike',
    email: 'graham.p@example.com',
    body: "The placebo group's scalp DHT falling by 13% is an interesting detail. Any idea why?",
    hoursAfterPublish: 40,
  },
  {
    article: DH,
    ref: 'dh-3',
    replyTo: 'dh-2',
    ...editor,
    body:
      "We don't have a confident answer, and we'd rather not guess at one. In general, shifts in a placebo group's lab values can come from measurement variability, differences between biopsy samples, or seasonal change. That is exactly why the comparison group is there.",
    hoursAfterPublish: 52,
  },
  {
    article: DH,
    ref: 'dh-4',
    name: 'Elena Rossi',
    email: 'elena.r@example.com',
    body: 'Does any of this apply to women?',
    hoursAfterPublish: 120,
  },
  {
    article: DH,
    ref: 'dh-5',
    replyTo: 'dh-4',
    ...reviewer,
    body:
      'Partly. DHT is involved in some women\'s hair loss, but female pattern hair loss is less clearly driven by hormones, and both medicines carry specific pregnancy warnings. This is a discussion for a dermatologist or GP who knows your history. Sudden or patchy loss, or hair loss together with irregular periods, acne or new facial hair, is a reason to get checked rather than to self-treat.',
    hoursAfterPublish: 135,
  },

  // --- Photos ---------------------------------------------------------------
  {
    article: PH,
    ref: 'ph-1',
    name: 'Sofia Lindqvist',
    email: 'sofia.l@example.com',
    body: [
      'My setup, in case it helps anyone:',
      '',
      '```',
      'phone:    rear main camera (1x), filters off',
      'lamp:     LED desk lamp, pointed at the ceiling',
      'distance: 40 cm, tape mark on the floor',
      'when:     Sunday 9am, washed Saturday night, no product',
      '```',
      '',
      'The tape mark on the floor made the biggest difference.',
    ].join('\n'),
    hoursAfterPublish: 20,
  },
  {
    article: PH,
    ref: 'ph-2',
    replyTo: 'ph-1',
    ...editor,
    body:
      'This is excellent, Sofia, thank you. Bouncing a fixed lamp off the ceiling is a nice trick for soft, repeatable light.',
    hoursAfterPublish: 28,
  },
  {
    article: PH,
    ref: 'ph-3',
    name: 'Ben Adler',
    email: 'ben.a@example.com',
    body:
      'The temple point is so true. I was sure my left side was receding faster, and it turned out I just turn my head further that way.',
    hoursAfterPublish: 60,
  },
  {
    article: PH,
    ref: 'ph-4',
    name: 'Aisha Karimi',
    email: 'aisha.k@example.com',
    body: 'Is it worth buying a ring light?',
    hoursAfterPublish: 130,
  },
  {
    article: PH,
    ref: 'ph-5',
    replyTo: 'ph-4',
    ...editor,
    body:
      'It can help, but consistency matters more than the light itself. One fixed lamp that you always use beats a ring light you use some of the time.',
    hoursAfterPublish: 140,
  },
  {
    article: PH,
    ref: 'ph-6',
    name: 'Mark Osei',
    email: 'mark.o@example.com',
    body:
      "Tried the *shuffle the order* trick with my partner tonight. I picked the wrong photo as the newer one twice out of four. Humbling.",
    hoursAfterPublish: 300,
  },
]
