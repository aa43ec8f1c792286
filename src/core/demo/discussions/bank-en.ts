import type { Conversation } from './conversation.ts';

/** The English half of the demo's conversations: the community's anglophone members and visitors. */
export const ENGLISH_CONVERSATIONS: readonly Conversation[] = [
  {
    topic: 'data sharing agreement',
    language: 'en',
    opening: [
      'Has anyone negotiated a data sharing agreement with {dataset}? Legal wants a template and I have no idea where to start.',
      'Quick question on data-sharing agreements: who signs for {dataset}, the institution or the PI?',
    ],
    replies: [
      [
        "{asker} the Collectif's template is on the wiki: [[https://wiki.example.org/partage/entente|data sharing agreement template]]. Budget {weeks} weeks at least.",
        'The institution signs, but the PI writes the technical appendix (variables, retention, hosting).',
      ],
      ['List every variable in the appendix, otherwise they come back with questions.', "Don't forget the data destruction clause, it's the first thing they check."],
      ['Thanks, super helpful!', 'Great, thank you both.'],
    ],
    minReplies: 1,
    reactions: ['+1', 'pray'],
  },
  {
    topic: 'ethics submission',
    language: 'en',
    opening: [
      'When is the next REB meeting? I want to get protocol {protocolNo} in before the holidays.',
      'Does the REB accept the consent form in English only, or do they need both languages?',
      "Got REB comments back on {protocolNo}: they want us to justify a 10-year retention period. What do you usually write?",
    ],
    replies: [
      [
        '{asker} next meeting is {soon}, submission deadline one week before.',
        'Both languages, submitted together. They will send it back otherwise.',
        'We justify it with the follow-up period plus the time journals may ask to verify results. It usually goes through.',
      ],
      ['Took about {weeks} weeks for us between submission and approval.', 'Happy to share our wording, DM me.'],
      ['Thanks!', 'Good to know, thanks.', 'Approved this morning 🎉'],
    ],
    minReplies: 1,
    reactions: ['eyes', 'white_check_mark'],
  },
  {
    topic: 'de-identification',
    language: 'en',
    opening: [
      'How do you de-identify dates? Random shift per patient, or keep month and year only?',
      'Is a hashed health card number considered de-identified for the REB, or still identifying?',
    ],
    replies: [
      [
        '{asker} random shift per patient (±180 days), same shift for all of a patient\'s dates so intervals stay right.',
        'A salted hash with the salt kept on the secure server counts as pseudonymised, not de-identified. The REB knows the difference.',
      ],
      ['Date shifting breaks seasonal analyses though. Keep month and year if that matters.', 'The de-identification guide covers both: [[https://wiki.example.org/deidentification]]'],
      ['Makes sense, thanks.', 'Thanks, very clear.'],
    ],
    minReplies: 1,
    reactions: ['bulb', '+1'],
  },
  {
    topic: 'OMOP',
    language: 'en',
    opening: [
      'Anyone mapped local lab codes to LOINC for OMOP? Usagi suggestions are all over the place.',
      'Which OMOP table do procedure codes from {dataset} go to, procedure_occurrence or observation?',
    ],
    replies: [
      [
        '{asker} yes, expect to review most of them by hand. We sorted codes by frequency and did the top 500 first, that covered 95% of rows.',
        'procedure_occurrence if the concept is standard in the Procedure domain, otherwise observation. The domain of the standard concept decides.',
      ],
      ['Our mapping conventions are on the wiki: [[https://wiki.example.org/omop/mapping|OMOP conventions]]', 'Also refresh your Athena vocabularies, ours were a year old.'],
      ['Thanks!', 'That explains a lot, thanks.'],
    ],
    minReplies: 1,
    reactions: ['eyes', 'rocket'],
  },
  {
    topic: 'R question',
    language: 'en',
    opening: [
      'R question: my left_join duplicates rows, 12k patients before and 15k after. What am I missing?',
      'glmer keeps warning "Model failed to converge". Any tricks that work for you?',
      'How do you pin R package versions across machines? We get different results on the server and on laptops.',
    ],
    replies: [
      [
        '{asker} duplicates in the right-hand table. Check with `count(df, id) |> filter(n > 1)` first.',
        'Scale your continuous covariates and try `glmerControl(optimizer = "bobyqa")`.',
        'renv: `renv::init()`, `renv::snapshot()`, commit renv.lock. Problem solved.',
      ],
      ['With dplyr 1.1+ add `relationship = "one-to-one"` so it errors instead of silently duplicating.', 'Also check for a random effect with near-zero variance.'],
      ['That was it, thanks!', 'bobyqa did it 🙌', 'Thanks, trying now.'],
    ],
    minReplies: 1,
    reactions: ['+1', 'bulb'],
  },
  {
    topic: 'Python question',
    language: 'en',
    opening: [
      'pandas or polars for a {bigCount}-row claims file? pandas eats all the memory on {server}.',
      'What do you use for survival analysis in Python? Is lifelines enough?',
    ],
    replies: [
      [
        '{asker} polars in lazy mode, `pl.scan_parquet()` only reads what it needs.',
        'lifelines for Kaplan-Meier and Cox. For competing risks I still go to R.',
      ],
      ['Or duckdb straight on the file, plain SQL, nothing loaded in memory.', 'Cross-check against R once, we had surprises with tied event times.'],
      ['Switching to polars, thanks!', 'Thanks!'],
    ],
    minReplies: 1,
    reactions: ['+1', 'snake'],
  },
  {
    topic: 'biostatistics methods',
    language: 'en',
    opening: [
      'Methods question: matching on the propensity score vs IPTW, when would you pick one over the other?',
      'How do you handle 30% missing BMI? Multiple imputation or complete cases?',
      'Anyone have a good reference on immortal time bias for a journal club?',
    ],
    replies: [
      [
        '{asker} matching estimates the ATT and drops people; IPTW estimates the ATE and keeps everyone. It depends on your causal question.',
        'Multiple imputation with mice. Complete cases would be biased if missingness depends on age or region.',
        'Suissa 2008 is the classic, plus the target trial emulation chapter in Hernán & Robins.',
      ],
      ['Watch for extreme IPTW values, we usually truncate at the 1st and 99th percentiles.', 'The methods seminar on {soon} covers exactly this.'],
      ['Super clear, thanks.', 'Thanks!'],
    ],
    minReplies: 1,
    reactions: ['bulb', '100'],
  },
  {
    topic: 'seminar',
    personal: false,
    language: 'en',
    opening: [
      'Methods seminar on {soon} at noon: "{seminarTopic}". In person in {room} and on Teams, everyone welcome!',
      'We are looking for speakers for the winter seminars. Anyone up for {seminarTopic}?',
    ],
    replies: [
      ["I'll be there!", 'Joining online.', 'I can present, this is my thesis topic.'],
      ['Slides and recording are on the wiki: [[https://wiki.example.org/seminaires]]', 'Will it be recorded?'],
    ],
    minReplies: 0,
    reactions: ['tada', 'raised_hands'],
  },
  {
    topic: 'conference deadline',
    personal: false,
    language: 'en',
    opening: [
      'Abstract deadline for {conference} is {later}. Who is submitting? We could propose a Collectif symposium.',
      'Reminder: {conference} abstracts are due {later}, 250 words max this year.',
    ],
    replies: [
      ["{asker} I'm in, submitting the data access timelines work.", 'Happy to proofread anyone’s abstract.'],
      ['Deadline got extended by two weeks!', "Submitted 🎉"],
    ],
    minReplies: 1,
    reactions: ['tada', 'muscle'],
  },
  {
    topic: 'server outage',
    personal: false,
    language: 'en',
    opening: [
      'Is {server} down? Cannot log in since this morning.',
      'My overnight job on {server} got killed, was there a reboot?',
    ],
    replies: [
      ['Same here, I opened a ticket with IT.', '{asker} yes, security patches at 2 am. It was announced in #annonces.'],
      ["It's back up.", 'Back to normal now, remember to save your sessions.'],
    ],
    minReplies: 1,
    reactions: ['eyes', 'white_check_mark'],
  },
  {
    topic: 'REDCap',
    language: 'en',
    opening: [
      'How do you pull REDCap data straight into R? Still downloading CSVs by hand 😬',
      'Is REDCap slow for everyone today? Exports take forever.',
    ],
    replies: [
      [
        '{asker} REDCapR with an API token: `redcap_read(redcap_uri = uri, token = Sys.getenv("REDCAP_TOKEN"))`. Never put the token in the script.',
        'Not just you, there is an upgrade tonight.',
      ],
      ['The token comes from the REDCap admin, the project has to be in production.', 'Status page says maintenance at 8 pm.'],
      ['Thanks!', 'No more copy-paste 🎉'],
    ],
    minReplies: 1,
    reactions: ['+1'],
  },
];

export const ENGLISH_ONE_LINERS: readonly string[] = [
  'Have a good weekend everyone!',
  'Interesting read on re-identification from aggregate tables: [[https://journal.example.org/reidentification-2023]]',
  "I'm away next week, ping {someone} for anything urgent.",
  'Welcome to the new members! Feel free to introduce yourselves in #general 🙂',
  'Great webinar today on {seminarTopic}, thanks to the organisers.',
  'Our paper using {dataset} got accepted 🎉',
  'Reminder: no identifying data in Slack, not even in DMs. Thanks!',
  'Slides from my talk at {conference}: {{file:collectif-talk.pdf}}',
  'Thanks {someone} for the help yesterday, it unblocked my analysis!',
  'Does anyone know if the secure server stays up over the holidays?',
];

export const ENGLISH_OPENERS: readonly string[] = ['Hi all! ', 'Hey, ', 'Quick question: ', 'Morning! ', 'Question for the group: '];
export const ENGLISH_CLOSERS: readonly string[] = [' Thanks in advance!', ' Any ideas?', ' Thanks!', ' (sorry if this was asked before)', ' 🙏'];
export const ENGLISH_REPLY_LEADS: readonly string[] = ['So, ', 'Good question. ', 'Hmm, ', 'Ah, '];

export const ENGLISH_INTERJECTIONS: readonly string[] = [
  'Following this thread, same question here.',
  '+1, interested too.',
  'Could someone add this to the wiki FAQ? It comes up a lot.',
  'Same experience in our group.',
  'Good to know!',
  'Does that apply to student projects too?',
];

export const ENGLISH_CONTEXTS: readonly string[] = [
  "I'm working on a cohort of people with type 2 diabetes followed since 2010.",
  'For my MSc thesis on emergency visits among older adults:',
  'We are starting a project on youth mental health.',
  'Context: a study on falls in long-term care.',
  "I'm a new postdoc here, working on cardiovascular outcomes.",
  'In our paediatric asthma project,',
  'We are evaluating the colorectal cancer screening programme.',
  'Our team studies opioid prescriptions after surgery.',
];
