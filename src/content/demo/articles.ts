/**
 * Demo articles, pages, people and taxonomy for a fresh Crown install.
 *
 * Everything here is sample content. The two staff people are fictional; the
 * studies cited (see ./studies.ts) are real. Bodies are Markdown with Crown's
 * extensions: `[@key]` citations, `![alt](demo:file.svg "caption")` figures and
 * a bare YouTube URL paragraph for an embedded video.
 */

export interface DemoArticle {
  kind: 'post' | 'page'
  slug: string
  title: string
  excerpt: string
  /** Markdown. 700–1500 words for published posts. */
  body: string
  author: 'editor' | 'reviewer'
  /** Category slugs from demoCategories. */
  categories: string[]
  /** Tag slugs from demoTags. */
  tags: string[]
  /** File name of an SVG in ./images/. */
  featuredImage?: string
  featuredAlt?: string
  /** Published this many days before the seed runs; negative means scheduled in the future. */
  daysAgo: number
  /** "Medically reviewed by" the reviewer, a few days after publishing. */
  reviewed?: boolean
  /** Defaults to 'published'. */
  status?: 'published' | 'draft' | 'scheduled'
}

export interface DemoPerson {
  name: string
  email: string
  bio: string
  slug: string
}

export const demoPeople: { editor: DemoPerson; reviewer: DemoPerson } = {
  editor: {
    name: 'Harriet Vale',
    email: 'editor@crown.example',
    slug: 'harriet-vale',
    bio:
      'Harriet Vale is the fictional editor of this demo site. In the story of the demo she spent ten years as a science journalist before starting a publication about hair loss that tries to say exactly what the evidence shows and no more. She writes most of the articles and moderates the comments.',
  },
  reviewer: {
    name: 'Tomas Brightwell, PharmD',
    email: 'reviewer@crown.example',
    slug: 'tomas-brightwell',
    bio:
      'Tomas Brightwell is the fictional medical reviewer of this demo site, written as a community pharmacist. He checks every article that mentions a medicine, a device or a safety rule, and answers readers’ questions about labels and side effects.',
  },
}

export const demoCategories: { slug: string; name: string; description: string }[] = [
  {
    slug: 'scalp-massage',
    name: 'Scalp massage',
    description: 'Manual and device massage: what the small studies measured and what they leave open.',
  },
  {
    slug: 'microneedling',
    name: 'Microneedling',
    description: 'Derma rollers, stamps and pens: trial protocols, needle lengths and safety at home.',
  },
  {
    slug: 'minoxidil',
    name: 'Minoxidil',
    description: 'Label directions, the shedding phase, and how long to wait before judging.',
  },
  {
    slug: 'dht-and-hormones',
    name: 'DHT and hormones',
    description: 'How DHT, finasteride and dutasteride fit together, explained without advice to take anything.',
  },
  {
    slug: 'evidence-basics',
    name: 'Evidence basics',
    description: 'How to read a study: designs, outcome scales, blinding and the questions worth asking.',
  },
  {
    slug: 'tracking-progress',
    name: 'Tracking progress',
    description: 'Consistent photos, self-assessment scales and honest comparisons over months.',
  },
  {
    slug: 'procedures',
    name: 'Clinic procedures',
    description: 'Treatments done in clinics, such as platelet-rich plasma injections.',
  },
]

export const demoTags: { slug: string; name: string }[] = [
  { slug: 'koyama-2016', name: 'Koyama 2016' },
  { slug: 'surveys', name: 'Surveys' },
  { slug: 'randomized-trials', name: 'Randomized trials' },
  { slug: 'case-series', name: 'Case series' },
  { slug: 'safety', name: 'Safety' },
  { slug: 'derma-roller', name: 'Derma roller' },
  { slug: 'needle-length', name: 'Needle length' },
  { slug: 'shedding', name: 'Shedding' },
  { slug: 'label-facts', name: 'Label facts' },
  { slug: 'finasteride', name: 'Finasteride' },
  { slug: 'dutasteride', name: 'Dutasteride' },
  { slug: 'pgd2', name: 'PGD2' },
  { slug: 'blinding', name: 'Blinding' },
  { slug: 'seven-point-scale', name: '7-point scale' },
  { slug: 'photography', name: 'Photography' },
  { slug: 'privacy', name: 'Privacy' },
  { slug: 'prp', name: 'PRP' },
  { slug: 'self-assessment', name: 'Self-assessment' },
  { slug: 'women', name: 'Women' },
]

const scalpMassage = `Scalp massage has an obvious appeal: it costs nothing, needs no prescription, and feels pleasant. It also has a following online, where it is often described with far more confidence than the research supports. The published evidence on massage for hair rests mostly on two papers. Both are worth reading, and both are much weaker than the headlines built on them. Here is what each one actually measured.

> **In short:** one tiny, uncontrolled study in men who were *not* losing hair found a small increase in hair-shaft thickness after 24 weeks of daily device massage. One survey of self-selected readers found that most of those who answered *felt* their hair had stabilized or improved. Neither can tell you whether massage changes the course of pattern hair loss.

## The device study: nine men, 24 weeks

In 2016 a Japanese team asked nine healthy men to use a handheld scalp-massage device for four minutes a day, for 24 weeks [@pmid:26904154]. The researchers measured hair count, hair-shaft thickness and growth rate at intervals. The headline figure is thickness: the average shaft went from 0.085 mm at the start to 0.092 mm at 24 weeks.

Alongside the volunteers, the team stretched human dermal papilla cells (the signaling cells at the base of a follicle) in a dish and looked at which genes switched on or off. Several genes linked to the hair cycle, including *NOGGIN*, *BMP4*, *SMAD4* and *IL6ST*, were more active after stretching, and *IL6*, which has been associated with hair loss, was less active. The team also used a computer model to estimate how much a massage deforms the tissue under the scalp.

Secondary summaries of the full paper add two details that get less attention: hair counts dipped around week 12, and the growth rate did not change over the study.

### What this study can't tell you

- **There was no control group.** Without a comparison group, a change over 24 weeks could reflect the season, drift in how things were measured, or chance.
- **Nine people is very few.** A single unusual participant can move an average.
- **The men were not balding.** The question most readers care about, whether massage affects pattern hair loss, was not tested.
- **It used a device, not hands.** Results from a massage device may not carry over to finger massage.
- **A cosmetics company part-funded it.** Funding does not make a result wrong, but it is something to weigh.
- **Cells in a dish are not a scalp.** Gene activity in stretched cells is a clue about mechanism, not evidence of a visible change.

A shift from 0.085 to 0.092 mm is about 8%. Whether anyone would notice that in a mirror is unknown; the study did not ask.

The idea that physical force changes how cells behave is well established in other tissues, such as bone and blood vessels. If you want background on that wider field, here is a lecture on mechanical forces in tissue; the relevant part starts at 34 minutes. It is general science, not a talk about hair.

https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=34m

## The reader survey: 340 answers out of 1,899

The second paper, published in 2019, took a different approach [@pmid:30671883]. Over a year, 1,899 people who visited a hair-loss website read material about a structured manual massage and watched a video demonstrating it: twice a day, 20 minutes, using presses, pinches and stretches across three regions of the scalp. Later, everyone was contacted once and asked to fill in a survey about what they had done and what they had noticed.

340 people answered, 17.9% of those contacted. Those who had tried the massage reported a median of 11 to 20 minutes a day, for an average of 7.4 months (with a wide spread: plus or minus 6.6 months). 68.9% said their hair loss had stabilized or that they had seen new growth, on average after about 36 hours of total massage time. The answers did not differ by Norwood stage or by whether people were also using other treatments.

### Why 68.9% means less than it seems

**Most people didn't answer.** More than four out of five people contacted stayed silent. People who felt something had happened are more likely to reply to a survey about it. If everyone who stayed silent had noticed nothing, the share reporting a benefit would be about one in eight of those contacted. The real figure is somewhere between those two numbers, and the survey can't say where.

**The outcome was self-assessed.** People judged their own hair, usually from memory and mirrors. As we explain in *How to read a hair-loss study*, self-ratings agree poorly with expert ratings. Many participants were also using minoxidil, finasteride or microneedling, so even a real change couldn't be credited to massage.

**There was no comparison group.** We don't know what the same people would have reported had they done nothing new.

**The first author runs the website that taught the method.** Again, that doesn't make the data wrong. It is a reason to want an independent trial.

## What we take from this

Taken together, these papers justify curiosity, not confidence. They suggest a mechanism worth testing, and they show that a structured routine is something many people can keep up for months. What is missing is a randomized, controlled trial in people with pattern hair loss, with blinded assessment of standardized photos. Until that exists, nobody can honestly tell you what to expect.

If you decide to try it anyway:

1. **Be gentle.** Pressing and moving the scalp is different from pulling hair. Stop if your scalp becomes sore, broken or irritated.
2. **Don't let it replace a diagnosis.** Sudden, patchy or rapid hair loss, or loss with itching, scaling or pain, deserves a visit to a doctor before any home routine.
3. **Track it properly.** Take standardized photos before you start and compare at intervals of a couple of months rather than daily.
4. **Change one thing at a time** if you can, so you have some chance of knowing what made a difference.

Readers have been comparing routines in the [forum](/forum). If you post there, please describe your method and your photo setup rather than only a verdict.`

const microneedling = `Microneedling means making many tiny punctures in the skin with fine needles, usually with a handheld roller, a stamp or a motorized pen. In hair-loss research it has mostly been studied as an *add-on* to minoxidil rather than on its own. This article walks through the main studies, what they measured, and the safety points that matter most if you are thinking about it.

> **In short:** two randomized trials and one review suggest that adding microneedling to minoxidil can increase hair counts compared with minoxidil alone, at least over 12 weeks. The trials are small and short, the review rates the overall quality as low, and the details people quote most (needle length, waiting 24 hours) are shakier than they look.

## The 2013 pilot trial

The study most often cited was run at a hospital in Mumbai [@pmid:23960389]. It enrolled 100 men with pattern hair loss at Norwood–Hamilton grade III vertex or IV, and randomly split them into two groups:

- **Microneedling group:** weekly microneedling plus 5% minoxidil lotion twice a day.
- **Minoxidil group:** 5% minoxidil lotion twice a day on its own.

The trial lasted 12 weeks. To count hairs reliably, the team shaved the scalp and marked a 1 cm² area with a small tattoo so the same spot could be found again. There were three main outcomes at week 12: the change in hair count, the patients' own assessment, and an investigator's rating of standardized global photos on a 7-point scale, made without knowing who was in which group.

The mean change in hair count was 91.4 in the microneedling group and 22.2 in the minoxidil group. On the photo ratings, 40 men in the microneedling group were scored +2 or +3 (a moderate or large increase); nobody in the minoxidil-only group reached that level.

Those are large differences, and this is a real randomized trial with a blinded assessor. But keep its limits in mind: it was a pilot, it ran for only three months, it was done at one center, and the participants knew whether they were being needled. It tells us nothing about what happens at one or two years.

Two details are widely attributed to this trial: that it used a 1.5 mm roller, and that minoxidil was held back for about 24 hours after each session. We have not been able to confirm either from the paper itself, so we don't repeat them as facts.

## A second trial in 2018

A later randomized trial enrolled 68 men with Norwood–Hamilton grade III–IV loss [@pmid:30886475]. One group had weekly microneedling with a 1.5 mm roller plus 5% minoxidil twice a day; the other used minoxidil alone, for 12 weeks, with a single blinded observer. Hair counts rose by 12.52 per square inch with the combination versus 1.89 with minoxidil alone, and satisfaction was higher in the combination group. The authors themselves noted that the improvement was not large enough to be cosmetically significant.

The two trials counted hairs in different ways and different units, so their numbers can't be compared directly. The direction of the result was the same; the size was very different.

## Four men who had stopped improving

A 2015 report described four men who had used finasteride and 5% minoxidil for two to five years [@doi:10.4103/0019-5154.156361]. Their hair loss had not worsened, but they had seen no new growth. Microneedling was added over six months. All four were rated +2 to +3 on the standardized 7-point scale, new growth was first seen after eight to ten sessions, and the result was still present 18 months later. Three of the four rated their satisfaction above 75%, and one above 50%.

It is an encouraging report, but it is four selected people with no comparison group. It is a reason to run a trial, not a result to plan around.

## What the review adds

A 2021 systematic review pulled together 22 studies with 1,127 participants [@pmid:34854067]. The studies used needle depths from 0.5 to 2.5 mm and sessions from weekly to monthly. As an add-on, microneedling was associated with better hair measurements, and no serious adverse events were reported among the 657 needled participants in studies that reported safety. The reviewers scored the studies at 1 to 3 out of 5 on the Jadad scale, which is low. Protocols varied so much that the review can't say which depth or schedule is best.

## The 24-hour question

Online guides nearly always say to wait 24 hours after needling before applying minoxidil. As far as we can find, this is a convention passed between forums and sellers rather than a trial finding. It is often attributed to the 2013 trial, but we could not verify that.

One study did the opposite. In a 2020 comparison of 60 patients, microneedling was done twice a month, and minoxidil was applied *straight after* each session [@ijrms:2020-8-4-1282]. Patient and physician ratings on the 7-point scale favored the combination over minoxidil alone; headache and redness were the most common side effects.

So the evidence doesn't settle the question either way. What is settled is the minoxidil label: **do not apply it to a scalp that is red, inflamed, infected, irritated or painful.** A freshly needled scalp often is exactly that, and irritated skin can absorb more of the drug. The usual reasons given for waiting, less stinging and less absorption into the body, are sensible even without a trial behind them. If you want to do anything other than follow the label, ask a pharmacist or doctor first.

## Safety first

The FDA lists infection, nerve and blood-vessel damage, transmission of disease between users, scarring, changes in skin color and allergic reactions among the risks of microneedling devices. At home, the practical points are:

- Disinfect the device before and after each use, and never share it.
- Replace it when the needles look dull or bent.
- Stop at mild redness or pinpoint bleeding; more damage is not better.
- See a doctor promptly if you notice spreading redness, warmth, swelling, pus, fever or pain that gets worse.

Clinics generally will not needle people with:

- an active skin infection, including cold sores (herpes)
- active eczema, psoriasis or dermatitis in the area
- a tendency to form keloid scars
- a bleeding disorder, or who take anticoagulants
- recent isotretinoin treatment
- uncontrolled diabetes, or a weakened immune system
- raised or changing moles in the area
- open wounds
- a pregnancy

If any of these apply to you, talk to a doctor before trying it at home. Our guide to needle length and interval covers equipment choices in more detail, and readers compare notes in the [forum](/forum).

The roller and the minoxidil foam in our shop, with their prices and what may be sent to your country:

[[product:derma-roller]]

[[product:minoxidil-5-foam]]`

const needleLength = `Ask ten sources what needle length and interval to use on the scalp and you will get ten answers, often stated with great confidence. Most of those numbers are conventions passed between sellers, blogs and forums. This guide separates what trials actually used from what is lore, and sets out the safety basics that apply whatever you choose. It is not a prescription: if you are unsure whether microneedling is right for you, a dermatologist is the right person to ask.

Throughout, we mark each statement: (**trial**) means a published study used it; (**lore**) means it is a common convention without trial support.

## Needle lengths you will see

Rollers are sold with needles from about 0.2 mm to 2 mm or more. The diagram below shows the common sizes side by side.

![Four derma-roller needles of 0.25, 0.5, 1.0 and 1.5 mm drawn against a simplified cross-section of skin](demo:derma-roller-needles.svg "Common needle lengths. The skin layers are simplified and not to anatomical scale.")

- **0.25–0.5 mm** is the usual range for home rollers, often used several times a week. (**lore**)
- **1.0–1.5 mm** is commonly called "aggressive", and some sources say anything over 1 mm should only be used by a professional. (**lore**)
- **1.5 mm weekly** was the protocol in a 2018 randomized trial, carried out in a clinic [@pmid:30886475]. (**trial**)
- **0.5 to 2.5 mm**, weekly to monthly, is the range across the studies in a 2021 systematic review [@pmid:34854067]. (**trial**)

Notice what is missing: no trial has compared needle lengths head to head in pattern hair loss, so there is no evidence-based "best" length. Also, a needle's length is not the depth it reaches. How hard you press, the angle, and the thickness of your scalp all change the actual depth.

## How often

Advice ranges from weekly, the schedule in the main trials, to once every three or four weeks, which is common in blogs. Clinic studies have used weekly and twice-monthly sessions [@pmid:23960389; @ijrms:2020-8-4-1282] (**trial**); the longer gaps are (**lore**). A reasonable principle, though not a tested one, is that longer needles need longer gaps, so the skin has fully settled before the next session. If your scalp is still red, tender or scabbed, it is too soon.

Crown's progress tracker lets you record the needle length and the interval, and it shows a warning if the gap is shorter than a minimum set for that length. It will not tell you what to use.

## The endpoint: when to stop a session

The endpoint described in clinical use is **mild redness or pinpoint bleeding**. Going past that adds no benefit that anyone has measured, and it raises the risk of infection and scarring. Rolling harder or for longer is not "doing it better".

## Keep it clean

- Disinfect before and after each use; isopropyl alcohol is commonly used. (**lore**)
- Never share a roller, even within a household.
- Replace it when the needles look dull, bent or discolored. (**lore**)
- Start with a clean, dry scalp and clean hands.

These rules matter because the FDA lists infection, nerve and blood-vessel damage, transmission of disease between users, scarring, pigment changes and allergic reactions among the risks of microneedling devices.

## Do not roll if you have

Clinics generally do not needle people who have:

- an active infection in the area, including cold sores (herpes)
- active eczema, psoriasis or dermatitis where you would roll
- a tendency to keloid scarring
- a bleeding disorder, or who take anticoagulants
- taken isotretinoin recently
- uncontrolled diabetes or a weakened immune system
- raised, changing or otherwise suspicious moles in the area
- open wounds
- a pregnancy

## Minoxidil and timing

If you also use minoxidil, remember the label rule: do not apply it to a scalp that is red, irritated or painful. Many people wait 24 hours after rolling. That is a convention rather than a trial finding, and one trial applied minoxidil immediately [@ijrms:2020-8-4-1282]. When in doubt, ask a pharmacist.

## Keep a simple log

Whatever you choose, write it down: the date, the needle length, the device, how long the session took, the endpoint you reached, and anything you noticed afterwards, such as redness that lasted more than a day, itching or tenderness. A log makes patterns easier to spot, such as irritation that only appears when sessions are close together, and it gives a doctor something concrete to look at if you need advice. Crown's tracker has fields for all of these. If your log shows that your scalp often hasn't settled by the next session, lengthen the gap or stop, and ask a dermatologist.

## When to ask a doctor

- **Before you start**, if any item on the list above applies to you, or if your hair loss is sudden, patchy, itchy or painful.
- **Straight away**, if after a session you notice spreading redness, warmth, swelling, pus, fever or pain that gets worse.
- **Soon**, if you see skin changes that don't settle, such as dark patches, firm areas or shiny, scar-like skin.

A note on our [shop](/shop): the rollers we sell are listed as skin-care tools. Their product pages make no claims about hair growth, and we keep reader results and study summaries off them on purpose.

[[product:derma-roller]]`

const minoxidil = `Minoxidil is the only hair-loss medicine most people can buy without a prescription, which also means many people use it without anyone explaining the label. As a pharmacist, these are the questions I hear most: how much, how often, why hair can fall out at first, and how long to wait before deciding. This article sticks to what the product labels say and flags where other figures come from.

> **Before you start:** minoxidil is a medicine. Read the leaflet for the exact product you buy, and if you have heart disease, ask a doctor before using it.

## Who it is for, and who it is not

In the US, the men's 5% products are for hereditary thinning on the top of the scalp. The label says they are not meant for a receding hairline at the front. In the UK, Regaine for Men 5% foam is a pharmacy medicine, licensed for men aged 18 to 49.

The labels say not to use minoxidil if:

- you are under 18
- your hair loss is sudden or patchy
- there is no family history of hair loss
- you use other medicines on your scalp
- your scalp is red, inflamed, infected, irritated or painful

Sudden or patchy loss matters because it usually has a different cause, and that cause should be diagnosed rather than covered up with a treatment for pattern loss.

## How much and how often

Follow the product you have. The common label directions are:

- **Men's 5% solution (US):** 1 mL twice a day, applied to the top of the scalp.
- **Men's 5% foam (UK):** 1 g twice a day, and no more than 2 g a day.
- **Women's 5% foam (US):** half a capful once a day.
- **Women's 2% solution:** 1 mL twice a day.

Using more, or using it more often, does not speed things up, and it makes side effects more likely. Apply it to a dry scalp, wash your hands afterwards, and let it dry before you lie down so it doesn't spread to your face.

## Why hair can fall out first

Many people notice more hairs in the shower or on the pillow in the first weeks. It is alarming, and it is the point at which a lot of people give up.

![A circular diagram of the hair cycle: anagen (growth), catagen (transition), telogen (rest) and exogen (shedding)](demo:hair-cycle.svg "The hair growth cycle. Each follicle moves through these phases independently.")

The usual explanation goes back to the hair cycle. Each follicle alternates between a long growth phase (*anagen*), a short transition (*catagen*) and a resting phase (*telogen*), after which the old hair is shed. Minoxidil is thought to nudge resting follicles into a new growth phase sooner, and the new hair pushes the old one out. So some shedding can be an expected early effect rather than a sign of harm.

How long it lasts depends on who you ask:

- The label describes a temporary increase in shedding of up to about **two weeks**.
- Pharmacy and clinic websites give anything from **two to six weeks**, to **the first month**, to **two to eight weeks**.
- One clinic estimates that it affects **20–30%** of users, over two to three months.

None of those longer figures come from trials, so treat them as rough. Shedding that continues well beyond two months, or that comes out in patches, is a reason to see a doctor.

## When to judge it

This is where patience matters most. The labels say:

- **Men's 5%:** results may appear from about two months, but some men need to use it for **at least four months**.
- **Women's 5% foam:** results may appear at three months; some women need **six months**.
- **Women's 2% solution:** at least **four months**. The UK leaflet says to stop if there is no improvement after a year.

Full effect is often quoted at about a year. Because of this, Crown's progress tracker won't ask you for a verdict before four months (men) or six months (women's foam), and it suggests check-ins at 4, 6 and 12 months. Judge from standardized photos, not from the mirror on a bad day.

It is also worth knowing what happens if you stop: the UK leaflet for the women's 2% product says hair gained during treatment is lost within about three to four months of stopping.

## Stop and ask a doctor if

Stop using minoxidil and get medical advice if you notice:

- chest pain, a fast heartbeat, faintness or dizziness
- sudden, unexplained weight gain
- swollen hands or feet
- scalp irritation or redness that does not settle
- unwanted facial hair
- no visible improvement after four months (men's products)

The first three can be signs that the drug is acting on your circulation. That is rare with use on the scalp, but it is important.

## Using it with microneedling

Do not apply minoxidil to a scalp that is red, irritated or painful, and that includes a scalp that has just been needled. The main trials combining the two used minoxidil twice daily alongside weekly needling [@pmid:23960389; @pmid:30886475]. Many people wait 24 hours after a session; one trial applied minoxidil immediately [@ijrms:2020-8-4-1282]. If you want to combine the two, ask a pharmacist or doctor first.

## Questions to bring to the pharmacy

- Is this the right strength and form for me, given my sex, age and type of hair loss?
- Does anything I already take, or any condition I have, make it a bad idea?
- What should I do if the shedding seems heavy?

You can also ask in the [forum](/forum), but please remember that other readers can share experience, not a diagnosis.

Our shop sells minoxidil 5% as a foam and as a solution. Whether we can send it depends on your country; the product page tells you before you pay.

[[product:minoxidil-5-foam]]

[[product:minoxidil-5-solution]]`

const dht = `Most pattern hair loss in men, and some in women, is linked to a hormone called dihydrotestosterone, or DHT. Two prescription medicines, finasteride and dutasteride, lower it. This article explains how the pieces fit together and what the numbers mean. It is background reading, not a recommendation: both drugs are prescription-only in the EU and UK (and in the US), and whether either is suitable for you is a conversation for you and a prescriber.

## Where DHT comes from

Testosterone circulates in the blood of both men and women. An enzyme called **5α-reductase** converts some of it into DHT, a more potent androgen. The enzyme comes in two main forms, type 1 and type 2, found in different proportions in different tissues, including the scalp.

In people who are genetically susceptible, scalp follicles respond to DHT by gradually shrinking, a process called *miniaturization*. Each new hair comes through a little finer and shorter than the last, until some follicles produce only fine, short hairs that barely show. Follicles at the back and sides of the scalp are usually less sensitive, which is why those areas are often spared.

![Diagram: testosterone is converted by 5-alpha-reductase into DHT; finasteride blocks type 2 of the enzyme, dutasteride blocks types 1 and 2](demo:dht-pathway.svg "Where finasteride and dutasteride act. Simplified.")

## Finasteride: what the hormone study measured

Finasteride blocks the type 2 form of the enzyme. A 1999 study measured what that does to DHT itself [@pmid:10495374]. 249 men with pattern hair loss had small scalp biopsies before and after 42 days on one of several daily doses of finasteride, or a placebo. At 1 mg a day:

- DHT in the scalp fell by about **64%**
- DHT in the blood fell by about **71%**

The placebo group's scalp DHT also fell, by about 13%, which is a reminder of why comparisons with placebo matter. Doses as low as 0.2 mg a day lowered DHT by a similar amount, and that informed the doses chosen for later trials.

Note what this study did *not* measure: hair. It shows that the drug does what it is designed to do to the hormone. Whether, and how much, that changes hair over years comes from separate, larger trials, and individual responses vary.

## Dutasteride

Dutasteride blocks both type 1 and type 2 of the enzyme and lowers blood DHT by roughly 90%. It is licensed for prostate enlargement. In the US, its use for hair loss is off-label, meaning a doctor may prescribe it but the regulator has not approved it for that purpose. Stronger suppression of a hormone is not automatically better: the possible benefit and the side effects both need weighing by someone who knows your history.

## Side effects and warnings

Both drugs have side effects, including effects on sexual function and mood that are discussed at length in the medical literature and in our [forum](/forum). Their leaflets also carry important warnings about pregnancy, including that women who are or may become pregnant should not handle broken or crushed tablets. A prescriber will go through these with you. We don't summarize them further here, because a partial list can be more misleading than none.

## DHT is not the whole story

In men, DHT appears to be necessary for pattern hair loss, but it may not explain all of it. A 2012 laboratory study found that a lipid signaling molecule called **prostaglandin D2** (PGD2) is raised in bald areas of the scalp compared with haired areas of the same men [@pmid:22440736]. In laboratory and mouse experiments, PGD2 slowed hair growth through a receptor called GPR44 (also known as CRTH2 or DP2).

This is background science, not a treatment. No product has been shown to help hair by blocking this pathway. It is a useful reminder, though, that hair loss involves several signals, and that a single-cause story is usually too simple.

## Common misunderstandings

- **"Lower DHT means no more hair loss."** The hormone study shows a large fall in DHT. It does not show what happens to any one person's hair.
- **"The blood and the scalp are the same."** The study measured both because they differ: at 1 mg a day, the fall in the scalp was a little smaller than in the blood.
- **"Shampoos and supplements that 'block DHT' do the same job."** We know of no good trials showing that over-the-counter products lower scalp DHT as the prescription medicines do. Be wary of products that borrow the language.
- **"Hair loss means too much testosterone."** Hormone levels are usually normal in people with pattern hair loss. What differs is how the follicles respond.

## Why we won't tell you what to take

Finasteride and dutasteride are prescription-only medicines. Under EU and UK rules they may not be advertised to the public, and we don't link to sellers or offer dosing advice. If you want to consider them:

1. See a GP, dermatologist or other prescriber. Bring your family history and a timeline of your hair loss.
2. Ask about the expected benefit, the likely side effects, and what happens if you stop.
3. Ask how progress will be judged, and when. Standardized photos help; see our guide to photographing your progress.

Please don't buy prescription medicines from unregulated websites or from other forum members. Beyond the legal issues, you can't know what you are getting.`

const readingStudies = `Hair-loss research is full of small studies, bold summaries and numbers that sound more precise than they are. You don't need a statistics degree to read it well; you need a handful of questions. This guide uses real examples from the studies we cite on this site.

## Start with the design

Different designs answer different questions, and they are not equally trustworthy.

![An evidence ladder: laboratory studies at the bottom, then surveys, case series, randomized controlled trials, and systematic reviews at the top](demo:evidence-ladder.svg "A rough ladder of evidence for treatment questions. Higher rungs are harder to fool, not infallible.")

### Randomized controlled trial (RCT)

People are assigned by chance to the treatment or to a comparison (a placebo, or another treatment). Because chance decides, the groups should be similar in everything except the treatment, so a difference at the end is more likely to be caused by the treatment. The 2013 microneedling pilot is an example: 100 men randomly split into microneedling plus minoxidil, or minoxidil alone [@pmid:23960389].

### Case series

A description of what happened to a group of people who all had the treatment, with no comparison group. Useful for spotting ideas; weak for proving them. The 2016 scalp-massage study followed nine men with no control group [@pmid:26904154].

### Survey

People are asked what they did and what they noticed. The answers depend on who replies and on memory. The 2019 scalp-massage survey had a 17.9% response rate [@pmid:30671883].

### Systematic review

A structured search for every study on a question, with the quality of each one assessed. A review is only as good as the studies in it: the microneedling review we cite found 22 studies but rated their quality low [@pmid:34854067].

### Laboratory and mechanism studies

Cells in a dish, tissue samples and animal models tell us *how* something might act. They can't tell us whether it helps people.

## What did they measure?

Hair studies commonly use one or more of these outcomes:

- **Hair count** in a small marked area, sometimes after clipping or shaving so every hair is visible. This is the most objective measure.
- **Hair thickness** (shaft diameter), usually measured under magnification.
- **Global photo rating**, where an expert compares a standardized photo from the start with one from the end.
- **Patient self-assessment** and **satisfaction**, which matter to people but are the easiest to sway.

### The 7-point scale

Global photo ratings usually use a 7-point scale from −3 to +3, where 0 means no change.

![A horizontal bar divided into seven steps from −3 (greatly decreased) to +3 (greatly increased), with +2 and above highlighted as the usual response threshold](demo:seven-point-scale.svg "The 7-point global photo scale. Papers usually count +2 or better as a response.")

The conventional labels are:

- −3 greatly decreased
- −2 moderately decreased
- −1 slightly decreased
- 0 no change
- +1 slightly increased
- +2 moderately increased
- +3 greatly increased

Papers usually report the share of people at **+2 or better** as "responders". Satisfaction is normally reported separately, often as a percentage, so a study can report high satisfaction and modest ratings at the same time.

## Who did the rating, and did they know?

**Blinding** means the person judging the outcome does not know who got which treatment. It matters most when the outcome is a judgment, like a photo rating. An *evaluator-blinded* study hides group membership from the assessor; a *double-blind* study hides it from the participants too. In most microneedling trials the participants know whether they were needled, so their own ratings can't be blinded.

Self-ratings deserve particular caution. In one study, only 38% of women rated the severity of their own hair loss the same way a dermatologist did. And many people don't notice thinning until roughly half the hair in an area has gone, which means small improvements are also easy to miss, or to imagine.

## How big, how long, and compared with what?

- **How many people?** Nine participants can't tell you much about anyone else.
- **How long?** Hair grows slowly. Twelve weeks is a short window for a condition that develops over years.
- **What was the comparison?** "Better than minoxidil alone" is a different claim from "better than nothing".
- **How large was the difference, in real units?** A statistically significant change can still be too small to see. One microneedling trial reported exactly that: a real difference in counts that the authors did not consider cosmetically significant [@pmid:30886475].
- **Was there a placebo group, and did it change?** In a 2020 placebo-controlled trial of platelet-rich plasma, neither hair counts nor photo ratings improved in the treated group [@doi:10.2340/00015555-3609]. Without the saline group, small drifts in either direction would have been hard to interpret.

## Who paid, and who wrote it?

Check the funding and conflict-of-interest statements. A company or a website with a stake in the result doesn't make a study wrong, but it is a reason to want independent confirmation.

## A short checklist

Before you change anything because of a study, ask:

1. Was it randomized, and was there a control group?
2. Who rated the result, and were they blinded?
3. How many people, and for how long?
4. What was measured, and how big was the change in real units?
5. Who funded it?
6. Has anyone else found the same thing?

If you'd like a second opinion on a paper you've found, post it in the [forum](/forum). Our editors read the evidence threads and add notes where we can.`

const photos = `Hair changes slowly, and memory is a poor measuring tool. The mirror is worse: bathroom lighting, a fresh haircut or still-damp hair can make the same scalp look very different from one week to the next. If you are trying anything for your hair, consistent photos are the most useful record you can keep. Here is how to take them so that a comparison actually means something.

## What clinics do

In clinical trials, "global photographs" follow strict rules:

- Hair is **washed, dried and combed**, with **no styling product**. Wet or oily hair clumps together and reflects light, which shows more scalp.
- The same views are taken every time: usually the **vertex** (crown), the **midline part**, the **front**, and the **temples**.
- A chin and forehead rest, a mounted camera and a fixed flash keep distance, angle and lighting the same between visits.
- A rater who doesn't know which photo came first, or which treatment the person had, compares the pairs.

Participants are also asked to keep the same hairstyle and hair color, and to avoid perms or thickening shampoos during the study.

You can't reproduce a clinic's equipment at home, but you can copy its principles.

## A home routine

This routine isn't from a trial. It is practical advice that follows the same rules clinics use.

1. **Pick one spot.** Same room, same light source, ideally the same time of day. Daylight from a window changes with the weather, so a fixed lamp is more consistent.
2. **Fix the camera.** Same phone, same lens (don't switch between wide and standard), same height and same distance. A cheap tripod, or a shelf and a mark on the floor, helps a lot.
3. **Prepare your hair the same way.** Washed, fully dried and combed the same way, with no product.
4. **Turn off beauty filters** and avoid digital zoom.
5. **Take every angle, every time**, even the ones that look unchanged.
6. **Keep a short log**: the date, any haircut, whether your hair was wet or dry, products used, and any change in treatment.

## The six angles

![Six small diagrams of a head seen from above showing where to point the camera: front hairline, left temple, right temple, top and midline part, crown, and the back of the head](demo:photo-angles.svg "The six standard angles. The back of the head serves as a comparison area.")

- **Front hairline:** face the camera, chin level, hair pushed back.
- **Left temple and right temple:** turn your head by the same amount each way. If one side is turned further than the other, the temples will look falsely uneven.
- **Top / midline part:** part the hair down the middle and shoot from directly above.
- **Crown (vertex):** shoot from above and slightly behind. A second person, or a timer and a mirror, helps.
- **Back of the head (occipital):** this area is usually the least affected by pattern hair loss, which makes it a useful control. If the back looks "worse" too, suspect the lighting rather than your hair.

## How to compare

- **Wait.** Compare at intervals of four to eight weeks, not daily. Hair grows roughly a centimeter a month, and short-term differences are mostly noise.
- **Look side by side**, at the same size, one angle at a time.
- **Shuffle the order.** Ask someone to show you pairs without telling you which is older. It is much harder to fool yourself when you don't know which photo you are hoping looks better.
- **Use the 7-point scale**, from −3 (greatly decreased) to +3 (greatly increased), and write down your rating before you check the dates.

Crown's progress tracker can show a faint overlay of your previous photo to help you line up each shot, and it records the hair state and lighting for you.

## Common mistakes

- **Comparing a fresh haircut with an overdue one.** Shorter hair stands up differently and shows more scalp. Note haircuts in your log and, if you can, take photos at the same point in your haircut cycle.
- **Switching cameras without noticing.** Many phones change lens automatically at close range or in low light, which changes the perspective. Check that the zoom indicator reads the same each time.
- **Using the flash only sometimes.** Direct flash flattens the picture and bounces off the scalp. Use it always or never.
- **Judging from one angle.** Thinning at the crown can look dramatic from one angle and ordinary from another. Compare every angle before drawing a conclusion.
- **Comparing with your best-ever photo.** Compare with your own baseline set, taken under the same conditions, not with a flattering holiday picture.

## Mind your privacy

Photos taken on a phone usually carry hidden data: the location, the exact time, details of the device, and sometimes a small embedded copy of the uncropped original. Before you post a photo anywhere public, including our [forum](/forum), crop it and remove that metadata. Photos uploaded to Crown's tracker are re-encoded to strip this data and are kept private to your account.

## When photos aren't enough

Photos are a record, not a diagnosis. If your hair loss is sudden or patchy, or comes with itching, scaling, pain or redness, see a doctor. Bring your photos: a consistent series can be genuinely useful to them.`

const prpDraft = `Platelet-rich plasma (PRP) treatment takes a sample of your own blood, spins it in a centrifuge to concentrate the platelets, and injects the result into the scalp. Platelets carry growth factors involved in wound healing, which is the reasoning behind trying it for hair. Many clinics offer it, usually as a course of sessions.

*Editor's note: this is a draft. Still to add: typical costs, what a session involves, and a section on combining PRP with other treatments.*

## What a 2018 review found

A systematic review published in 2018 found 24 studies of PRP for pattern hair loss: 8 randomized trials and 16 cohort studies [@doi:10.1055/s-0038-1660845]. Most gave three or more injection sessions several weeks apart. 21 of the 24 reported a positive result on objective measures. The review also noted that there is no standard way to prepare PRP, so "PRP" in one study may be quite different from "PRP" in another.

## A placebo-controlled trial that found no benefit

A 2020 randomized pilot trial in Austria compared PRP with saline injections in 30 men: 20 had PRP and 10 had saline, in five sessions four to six weeks apart [@doi:10.2340/00015555-3609]. Hair number and diameter were measured with a computerized system, and an independent reviewer rated photos. Neither showed an improvement with PRP used on its own.

## How to square the two

- Many of the positive studies had no placebo group, or combined PRP with other treatments.
- The placebo trial was small, so a modest benefit could have been missed.
- Preparation methods vary widely, and we don't know which details matter, if any.

What would settle the question is a larger placebo-controlled trial with a standardized preparation, blinded photo ratings and at least a year of follow-up.

The honest summary is that the evidence is mixed and the best-controlled study we know of was negative. If you are considering PRP, ask the clinic which studies their protocol is based on, how they will measure your progress, and what it will cost over a year.`

const scalesScheduled = `When you talk to a doctor, join a study or use Crown's tracker, you will often be asked to place your hair loss on a scale. The scales are simple drawings, and picking the right stage gives everyone a shared vocabulary. They are also easy to misjudge on your own, so treat your choice as a starting point, not a diagnosis.

## Norwood–Hamilton (mostly men)

Developed by Hamilton in the 1950s and revised by Norwood in 1975:

- **I:** little or no recession.
- **II:** a small, symmetrical triangle of recession at the temples, often called a mature hairline.
- **III:** deeper recession at the temples, usually the first stage counted as balding. **III vertex** means loss mainly at the crown, with the front no worse than stage III.
- **IV:** more loss at the front and at the crown, still separated by a band of hair.
- **V:** the band between them narrows.
- **VI:** the band is gone.
- **VII:** only a horseshoe-shaped fringe at the sides and back remains.

The "a" variants (IIa, IIIa, IVa and Va) describe a pattern in which the whole hairline moves back from front to back, rather than mainly at the temples.

## Ludwig (women)

The Ludwig scale describes thinning over the crown while the front hairline is kept: **I** mild, **II** moderate (a wider part, with scalp visible), and **III** severe.

## Savin

The Savin scale uses nine drawings: four in which the central part gradually widens (I-1 to I-4), two with diffuse thinning on top (II-1 and II-2), one with more diffuse thinning (III), one advanced stage, and one frontal pattern.

## Sinclair

The Sinclair scale grades the width of the central part from 1 to 5. Clinics use it to follow women's pattern hair loss over time, and a modified version exists for men.

## Tips for describing yourself

- Use dry, unstyled hair and the photo routine from our photography guide.
- Compare your photos with the diagrams, not with other people.
- If you are between two stages, note both.
- Record the result as *self-assessed*. Crown's tracker labels it that way automatically.
- Sudden or patchy loss does not fit these scales. See a doctor.`

const about = `**This site is demo content for Crown.** Crown is a self-hosted platform that runs a health publisher's website end to end: articles with citations, threaded comments, a forum, a small shop and a private progress tracker. What you are reading was created so that a fresh installation has something realistic to show.

## What is real and what is not

- **The people are fictional.** Harriet Vale (editor) and Tomas Brightwell (medical reviewer) do not exist, and neither do the commenters. Any resemblance to real people is coincidental.
- **The studies are real.** Every citation links to a published paper, and we have tried to describe each one accurately, including its limits.
- **The articles have not been checked by a real clinician.** They are written carefully, but they are sample content. Please don't treat them as medical advice.

## What this demo publication is about

The demo imagines a small, independent publisher writing about hair loss: scalp massage, microneedling, minoxidil, DHT and the medicines that affect it, and how to read the research. Its rules are simple:

1. Say what a study measured, in plain numbers, and how strong the evidence is.
2. Never promise that a product or method will produce a result.
3. Say when something is a convention rather than a finding.
4. Point people to a doctor or pharmacist whenever a decision needs one.

## The rest of the site

- The [forum](/forum) is where readers compare notes. Experience is welcome; diagnoses and sales pitches are not.
- The [shop](/shop) sells a few tools and over-the-counter products. Product pages make no claims about hair growth, and reader stories and study summaries are kept off them.
- The progress tracker lets signed-in readers log treatments and photos privately.

## Running Crown yourself

If you have just installed Crown, you can edit or delete everything here from the admin area: articles, pages, comments, categories and the two demo staff accounts. Replace this page with your own About page before you go live.`

const editorial = `This page explains how this (demo) publication decides what to write and how to read what we publish. Crown ships it as an example of the policy a health publisher should have; adapt it before you use it.

## Not medical advice

Articles on this site are general information about research and product labels. They are not a diagnosis and not a treatment plan, and they can't take your history into account. Before you start, stop or combine treatments, talk to a doctor or pharmacist. **See a doctor promptly** if your hair loss is sudden or patchy, if it comes with pain, itching, scaling or redness, or if you have any symptom that a product label lists as a reason to stop.

## How we use evidence

- **We say what was measured.** "Hair count rose by X in a marked area over 12 weeks" rather than "it works".
- **We name the design.** A randomized trial, a case series and a survey are different kinds of evidence, and we say which one we are describing.
- **We mark conventions.** Advice that comes from forums, sellers or habit rather than from a study is labeled as such.
- **We cite.** Claims about studies carry a numbered reference to the paper, listed at the end of each article.
- **We don't invent numbers.** If we can't confirm a figure from the paper or the label, we leave it out or say that it is unverified.

## Words we avoid

We don't say that any product or method will end hair loss, is certain to help, or is "proven to work". Even good trials report averages, and individual results vary.

## Medical review

Articles that discuss a medicine, a device or a safety rule are reviewed by our (fictional) pharmacist, Tomas Brightwell, before or shortly after publication. A reviewed article shows his name and the review date.

## Corrections

If we get something wrong, we correct it and add a dated note at the end of the article saying what changed. You can report an error through the contact details on the About page or in the [forum](/forum).

## Money and independence

- We don't accept payment for coverage.
- Our [shop](/shop) is kept separate from our editorial content. Product pages make no claims about hair growth, and we don't place reader success stories, before-and-after photos or study summaries next to anything for sale.
- We don't advertise prescription-only medicines and don't link to sellers of them.

## Comments

Comments are moderated. We remove spam, sales pitches, offers of prescription medicines, and personal medical details that a commenter may regret sharing. Staff replies are marked, and they follow the same rules as our articles.`

const privacy = `This is the demo privacy notice for a Crown site. It describes what Crown does by default; the operator of a real site must adapt it to their own setup and legal advice.

## What we collect

- **Accounts:** your email address, a display name and a password hash.
- **Comments:** the name, email address and optional website you enter, the comment itself, and the time it was posted. Your email address is never shown publicly.
- **Orders:** what you need to receive a delivery, and payment confirmations from our payment provider. We never see or store full card numbers.
- **The progress tracker:** treatments, notes, assessments and photos that you choose to log.

## Health data needs your explicit consent

What you enter in the tracker, such as scalp photos linked to a treatment log, is health data. We process it only with your **explicit consent**, which you give in a separate step that is not bundled with our terms. We record which version of the consent text you agreed to and when. You can withdraw consent at any time, and withdrawing it deletes your tracker data.

## Photos

Phone photos often carry hidden data: location, exact time, device details and sometimes an embedded copy of the uncropped original. When you upload a photo to the tracker, Crown re-encodes it and removes this metadata. Tracker photos are stored privately and shown only to you, through links that expire after a short time.

## No advertising trackers on health pages

We don't put third-party advertising or analytics pixels on tracker pages, and we don't sell or share your health data with advertisers or data brokers.

## Sharing results

If you choose to share an outcome, for example a rating after six months, we store a coarsened copy without free text and show it only in aggregates of at least ten people. You can withdraw a shared report; it drops out of the figures at the next scheduled update.

## Your rights

You can:

- see and export your data in a machine-readable format
- correct it
- delete your account and everything linked to it
- withdraw consent for any specific purpose

Use the settings page when you are signed in, or contact the site operator.

## Keeping data

We keep account and comment data for as long as your account exists, and order records for as long as the law requires. Tracker data is kept until you delete it or withdraw consent.

## Changes

If we change this notice in a way that affects how we use your data, we will tell you and, where consent is needed, ask again.`

export const demoArticles: DemoArticle[] = [
  {
    kind: 'post',
    slug: 'scalp-massage-what-two-small-studies-show',
    title: 'Scalp massage and hair: what two small studies can and can’t tell us',
    excerpt:
      'A nine-person device study and a survey with a 17.9% response rate are the core of the evidence. Here is what each one measured, and why neither settles the question.',
    body: scalpMassage,
    author: 'editor',
    categories: ['scalp-massage', 'evidence-basics'],
    tags: ['koyama-2016', 'surveys', 'case-series'],
    featuredImage: 'scalp-massage.svg',
    featuredAlt: 'Illustration of two hands resting on the top of a head, with small arcs suggesting a gentle circular massage',
    daysAgo: 228,
    reviewed: true,
  },
  {
    kind: 'post',
    slug: 'microneedling-with-minoxidil-what-the-trials-measured',
    title: 'Microneedling with minoxidil: what the trials measured',
    excerpt:
      'Two randomized trials, a four-person case series and a low-quality review: what they found, what they didn’t, and why the 24-hour rule is a convention, not a finding.',
    body: microneedling,
    author: 'editor',
    categories: ['microneedling', 'minoxidil'],
    tags: ['randomized-trials', 'case-series', 'derma-roller', 'safety', 'seven-point-scale'],
    featuredImage: 'microneedling-minoxidil.svg',
    featuredAlt: 'Illustration of a derma roller lying beside a dropper bottle and a single drop',
    daysAgo: 196,
    reviewed: true,
  },
  {
    kind: 'post',
    slug: 'how-to-read-a-hair-loss-study',
    title: 'How to read a hair-loss study without getting fooled',
    excerpt:
      'Trials, case series and surveys; hair counts and the 7-point photo scale; blinding, and why self-ratings mislead. A short checklist for the next study you see quoted.',
    body: readingStudies,
    author: 'editor',
    categories: ['evidence-basics'],
    tags: ['randomized-trials', 'case-series', 'surveys', 'blinding', 'seven-point-scale', 'self-assessment'],
    featuredImage: 'reading-a-study.svg',
    featuredAlt: 'Illustration of a printed paper with a small bar chart, seen through a magnifying glass',
    daysAgo: 163,
    reviewed: true,
  },
  {
    kind: 'post',
    slug: 'minoxidil-label-shedding-and-when-to-judge',
    title: 'Minoxidil: using it as labeled, the shedding phase, and when to judge it',
    excerpt:
      'A pharmacist’s walk through the label: who it is for, how much to use, why hair can fall out at first, the four- and six-month checkpoints, and when to stop and ask a doctor.',
    body: minoxidil,
    author: 'reviewer',
    categories: ['minoxidil'],
    tags: ['label-facts', 'shedding', 'safety', 'women'],
    featuredImage: 'minoxidil-basics.svg',
    featuredAlt: 'Illustration of a dropper bottle labeled 5% next to a twelve-month calendar with months four and six circled',
    daysAgo: 131,
  },
  {
    kind: 'post',
    slug: 'derma-roller-needle-length-and-interval',
    title: 'Choosing a needle length and interval: what is evidence and what is lore',
    excerpt:
      'Which needle lengths and schedules come from trials and which are forum conventions, plus the endpoint, cleaning rules, the do-not-roll list and when to see a doctor.',
    body: needleLength,
    author: 'editor',
    categories: ['microneedling'],
    tags: ['derma-roller', 'needle-length', 'safety'],
    featuredImage: 'needle-length.svg',
    featuredAlt: 'Illustration of four needles of increasing length, labeled 0.25, 0.5, 1.0 and 1.5 millimeters, standing on a ruler',
    daysAgo: 97,
    reviewed: true,
  },
  {
    kind: 'post',
    slug: 'dht-finasteride-and-dutasteride-explained',
    title: 'DHT, finasteride and dutasteride: how the hormone story fits together',
    excerpt:
      'How testosterone becomes DHT, what a 1999 biopsy study showed finasteride does to it, where dutasteride differs, and why prostaglandin D2 suggests DHT isn’t the whole story.',
    body: dht,
    author: 'editor',
    categories: ['dht-and-hormones'],
    tags: ['finasteride', 'dutasteride', 'pgd2'],
    featuredImage: 'dht-explained.svg',
    featuredAlt: 'Illustration of a stylized steroid ring structure next to an arrow interrupted by a barrier',
    daysAgo: 62,
    reviewed: true,
  },
  {
    kind: 'post',
    slug: 'photographing-your-hair-progress-at-home',
    title: 'Photographing your hair at home so the comparison means something',
    excerpt:
      'Same room, same light, same six angles: a home routine based on how clinics take trial photos, plus how to compare fairly and what to strip before you share.',
    body: photos,
    author: 'editor',
    categories: ['tracking-progress'],
    tags: ['photography', 'self-assessment', 'privacy', 'seven-point-scale'],
    featuredImage: 'photo-progress.svg',
    featuredAlt: 'Illustration of a phone on a small tripod photographing the top of a person’s head under a fixed lamp',
    daysAgo: 27,
  },
  {
    kind: 'post',
    slug: 'prp-for-hair-loss-what-the-evidence-shows',
    title: 'PRP for hair loss: a positive review and a negative trial',
    excerpt:
      'A 2018 review found mostly positive studies; a 2020 placebo-controlled pilot found no benefit from PRP alone. Draft in progress.',
    body: prpDraft,
    author: 'editor',
    categories: ['procedures'],
    tags: ['prp', 'randomized-trials'],
    featuredImage: 'prp-evidence.svg',
    featuredAlt: 'Illustration of two test tubes with separated layers beside a centrifuge rotor',
    daysAgo: 3,
    status: 'draft',
  },
  {
    kind: 'post',
    slug: 'norwood-ludwig-savin-hair-loss-scales',
    title: 'Norwood, Ludwig and Savin: using hair-loss scales to describe yourself',
    excerpt:
      'What each stage of the common hair-loss scales means, and how to use them for an honest self-assessment.',
    body: scalesScheduled,
    author: 'editor',
    categories: ['tracking-progress'],
    tags: ['self-assessment', 'women'],
    featuredImage: 'hair-loss-scales.svg',
    featuredAlt: 'Illustration of five heads seen from above, with the area of hair shrinking from left to right',
    daysAgo: -3,
    status: 'scheduled',
  },
  {
    kind: 'page',
    slug: 'about',
    title: 'About this site',
    excerpt: 'This site is demo content for Crown. The people are fictional; the studies are real.',
    body: about,
    author: 'editor',
    categories: [],
    tags: [],
    daysAgo: 240,
  },
  {
    kind: 'page',
    slug: 'editorial-policy',
    title: 'Medical disclaimer and editorial policy',
    excerpt: 'Not medical advice. How we use evidence, which words we avoid, medical review, corrections and independence.',
    body: editorial,
    author: 'editor',
    categories: [],
    tags: [],
    daysAgo: 240,
  },
  {
    kind: 'page',
    slug: 'privacy',
    title: 'Privacy notice',
    excerpt: 'What a Crown site collects, how tracker health data is handled, and your rights.',
    body: privacy,
    author: 'editor',
    categories: [],
    tags: [],
    daysAgo: 240,
  },
]
