/**
 * Demo bibliography for Crown's seed content.
 *
 * Every article body cites studies as `[@key]` (for example `[@pmid:23960389]`);
 * the key must match one of the entries below. Identifiers were checked against
 * PubMed/PMC/publisher pages; where an identifier could not be confirmed it is
 * simply left out rather than guessed.
 */

export type StudyDesign = 'RCT' | 'case series' | 'survey' | 'review' | 'other'

export interface DemoStudy {
  /** Citation key used in article bodies: 'pmid:NNN', else 'doi:...', else 'pmc:PMC...'. */
  key: string
  pmid?: string
  pmcid?: string
  doi?: string
  authors: string
  title: string
  year: number
  journal: string
  design: StudyDesign
  n?: number
  url: string
  /** One line on the study's limits. */
  note?: string
}

export const demoStudies: DemoStudy[] = [
  {
    key: 'pmid:26904154',
    pmid: '26904154',
    pmcid: 'PMC4740347',
    authors: 'Koyama T, Kobayashi K, Hama T, Murakami K, Ogawa R',
    title:
      'Standardized scalp massage results in increased hair thickness by inducing stretching forces to dermal papilla cells in the subcutaneous tissue',
    year: 2016,
    journal: 'Eplasty',
    design: 'case series',
    n: 9,
    url: 'https://pubmed.ncbi.nlm.nih.gov/26904154/',
    note: 'Uncontrolled, n=9 healthy non-balding men, device massage; part-funded by a device maker (ANGFA Co.).',
  },
  {
    key: 'pmid:30671883',
    pmid: '30671883',
    doi: '10.1007/s13555-019-0281-6',
    authors: 'English RS Jr, Barazesh JM',
    title: 'Self-assessments of standardized scalp massages for androgenic alopecia: survey results',
    year: 2019,
    journal: 'Dermatology and Therapy',
    design: 'survey',
    n: 340,
    url: 'https://pubmed.ncbi.nlm.nih.gov/30671883/',
    note: 'Retrospective survey, 17.9% response rate, self-reported outcomes; first author runs a hair-loss website.',
  },
  {
    key: 'pmid:23960389',
    pmid: '23960389',
    pmcid: 'PMC3746236',
    doi: '10.4103/0974-7753.114700',
    authors: 'Dhurat R, Sukesh M, Avhad G, Dandale A, Pal A, Pund P',
    title:
      'A randomized evaluator blinded study of effect of microneedling in androgenetic alopecia: a pilot study',
    year: 2013,
    journal: 'International Journal of Trichology',
    design: 'RCT',
    n: 100,
    url: 'https://pubmed.ncbi.nlm.nih.gov/23960389/',
    note: 'Pilot RCT, 12 weeks only, evaluator-blinded but participants were not; single centre.',
  },
  {
    key: 'doi:10.4103/0019-5154.156361',
    doi: '10.4103/0019-5154.156361',
    authors: 'Dhurat R, Mathapati S',
    title:
      'Response to microneedling treatment in men with androgenetic alopecia who failed to respond to conventional therapy',
    year: 2015,
    journal: 'Indian Journal of Dermatology',
    design: 'case series',
    n: 4,
    url: 'https://doi.org/10.4103/0019-5154.156361',
    note: 'Four men, no control group; needle length and session schedule are not reliably reported in secondary sources.',
  },
  {
    key: 'pmid:30886475',
    pmid: '30886475',
    doi: '10.4103/JCAS.JCAS_130_17',
    authors: 'Kumar MK, Inamadar AC, Palit A',
    title:
      'A randomized controlled, single-observer blinded study to determine the efficacy of topical minoxidil plus microneedling versus topical minoxidil alone in the treatment of androgenetic alopecia',
    year: 2018,
    journal: 'Journal of Cutaneous and Aesthetic Surgery',
    design: 'RCT',
    n: 68,
    url: 'https://pubmed.ncbi.nlm.nih.gov/30886475/',
    note: 'Single-observer blinded, 12 weeks; the authors judged the gain too small to matter cosmetically.',
  },
  {
    // No PMID, PMCID or DOI could be confirmed for this paper, so it has a
    // journal-based key. The URL is the publisher's article page.
    key: 'ijrms:2020-8-4-1282',
    authors: 'Malhotra K, Herakal KC',
    title:
      'Does microneedling with 5% minoxidil offer added advantage for treatment of androgenetic alopecia in comparison to use of topical 5% minoxidil alone?',
    year: 2020,
    journal: 'International Journal of Research in Medical Sciences',
    design: 'RCT',
    n: 60,
    url: 'https://www.msjonline.org/index.php/ijrms/article/view/7777',
    note: 'Small two-arm comparison; minoxidil applied straight after needling; outcome was a rating scale, not hair counts.',
  },
  {
    key: 'pmid:34854067',
    pmid: '34854067',
    pmcid: 'PMC8776974',
    doi: '10.1007/s13555-021-00653-2',
    authors: 'English RS Jr, Ruiz S, DoAmaral P',
    title: 'Microneedling and its use in hair loss disorders: a systematic review',
    year: 2021,
    journal: 'Dermatology and Therapy',
    design: 'review',
    n: 1127,
    url: 'https://www.ncbi.nlm.nih.gov/pmc/articles/PMC8776974/',
    note: '22 studies; Jadad scores 1 to 3 (low quality); protocols differ widely. Published online Dec 2021.',
  },
  {
    key: 'doi:10.1055/s-0038-1660845',
    doi: '10.1055/s-0038-1660845',
    authors: 'Author list not verified; see the DOI record',
    title: 'Platelet-rich plasma for the treatment of androgenic alopecia: a systematic review',
    year: 2018,
    journal: 'Facial Plastic Surgery (Thieme)',
    design: 'review',
    url: 'https://doi.org/10.1055/s-0038-1660845',
    note: '24 studies (8 RCTs, 16 cohort studies); preparation and injection schedules not standardised.',
  },
  {
    key: 'doi:10.2340/00015555-3609',
    doi: '10.2340/00015555-3609',
    authors: 'Gressenberger P, Pregartner G, Gary T, Wolf P, Kopera D',
    title: 'Platelet-rich plasma for androgenetic alopecia treatment: a randomized placebo-controlled pilot study',
    year: 2020,
    journal: 'Acta Dermato-Venereologica',
    design: 'RCT',
    n: 30,
    url: 'https://doi.org/10.2340/00015555-3609',
    note: 'Placebo-controlled pilot (20 PRP, 10 saline); small, so a modest effect could have been missed.',
  },
  {
    key: 'pmid:10495374',
    pmid: '10495374',
    authors: 'Drake L, Hordinsky M, Fiedler V, et al.',
    title:
      'The effects of finasteride on scalp skin and serum androgen levels in men with androgenetic alopecia',
    year: 1999,
    journal: 'Journal of the American Academy of Dermatology',
    design: 'RCT',
    n: 249,
    url: 'https://pubmed.ncbi.nlm.nih.gov/10495374/',
    note: 'Measured hormone levels over 42 days, not hair; shows the mechanism, not the clinical benefit.',
  },
  {
    key: 'pmid:22440736',
    pmid: '22440736',
    pmcid: 'PMC3319975',
    authors: 'Garza LA, Liu Y, Yang Z, et al.',
    title:
      'Prostaglandin D2 inhibits hair growth and is elevated in bald scalp of men with androgenetic alopecia',
    year: 2012,
    journal: 'Science Translational Medicine',
    design: 'other',
    url: 'https://pubmed.ncbi.nlm.nih.gov/22440736/',
    note: 'Laboratory and tissue study; a mechanism finding, not a treatment trial.',
  },
]
