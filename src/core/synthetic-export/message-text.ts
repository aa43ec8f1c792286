import { asciiSlug } from './ascii-slug.ts';
import type { Random } from './seeded-random.ts';
import { VOCABULARIES, type Language } from './vocabulary.ts';
import { createWeightedPicker, zipfWeights, type WeightedPicker } from './weighted-picker.ts';
import { wordList } from './word-list.ts';

/**
 * Message text in Slack's mrkdwn, as stored in exports: a French/English mix
 * with the markup the archive must render — <@U…> and <#C…|name> mentions,
 * <url|label> links, *bold*, _italic_, `code`, :emoji:, and &amp; escapes.
 */

export interface ChannelReference {
  id: string;
  name: string;
}

export interface TextContext {
  /** People who can be mentioned. */
  memberIds: readonly string[];
  /** Channels that can be linked to. */
  channels: readonly ChannelReference[];
}

const SHARE_FRENCH = 0.6;
const MIN_WORDS = 3;
const MAX_WORDS = 40;

const WORD_PICKERS: Readonly<Record<Language, WeightedPicker<string>>> = {
  fr: createWeightedPicker(VOCABULARIES.fr, zipfWeights(VOCABULARIES.fr.length, 1)),
  en: createWeightedPicker(VOCABULARIES.en, zipfWeights(VOCABULARIES.en.length, 1)),
};

const EMOJI = wordList(`
  :+1: :slightly_smiling_face: :tada: :pray: :sweat_smile: :joy: :thinking_face: :heart: :eyes:
  :white_check_mark: :wave::skin-tone-2: :rocket: :coffee: :100: :flag-ca:
`);
const LINK_HOSTS = ['https://example.org', 'https://example.com', 'https://www.example.net'] as const;
const LINK_SECTIONS = ['docs', 'wiki', 'evenements', 'blog', 'donnees', 'articles', 'formulaire'] as const;
const ESCAPED_TERMS = ['R&amp;D', 'Q&amp;R', 'Q&amp;A', '&lt;3', 'a -&gt; b'] as const;

export function pickLanguage(random: Random): Language {
  return random.chance(SHARE_FRENCH) ? 'fr' : 'en';
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Plain words without markup, for titles, topics and link labels. */
export function plainPhrase(random: Random, language: Language, wordCount: number): string {
  const picker = WORD_PICKERS[language];
  const words: string[] = [];
  for (let i = 0; i < wordCount; i++) words.push(picker.pick(random));
  return capitalized(words.join(' '));
}

/** Between 3 and 40 words, most messages short, a few long. */
function messageLength(random: Random): number {
  return MIN_WORDS + Math.floor((MAX_WORDS - MIN_WORDS + 1) * Math.pow(random.next(), 2.2));
}

function sentenceEnd(random: Random, language: Language): string {
  const roll = random.next();
  // French typography puts a space before ? and !.
  if (roll < 0.15) return language === 'fr' ? ' ?' : '?';
  if (roll < 0.25) return language === 'fr' ? ' !' : '!';
  if (roll < 0.85) return '.';
  return '';
}

function link(random: Random, language: Language): string {
  const url = `${random.pick(LINK_HOSTS)}/${random.pick(LINK_SECTIONS)}/${asciiSlug(plainPhrase(random, language, random.between(1, 4)))}`;
  return random.chance(0.6) ? `<${url}|${plainPhrase(random, language, random.between(1, 4))}>` : `<${url}>`;
}

function marked(random: Random, word: string, context: TextContext): string {
  const roll = random.next();
  if (roll < 0.012) return `*${word}*`;
  if (roll < 0.02) return `_${word}_`;
  if (roll < 0.026) return `\`${word}\``;
  if (roll < 0.03 && context.memberIds.length > 0) return `<@${random.pick(context.memberIds)}> ${word}`;
  if (roll < 0.033) return random.pick(ESCAPED_TERMS);
  return word;
}

export function messageText(random: Random, context: TextContext): string {
  const language = pickLanguage(random);
  const picker = WORD_PICKERS[language];
  const wordCount = messageLength(random);
  let text = '';
  if (context.memberIds.length > 0 && random.chance(0.08)) text = `<@${random.pick(context.memberIds)}> `;
  let startsSentence = true;
  for (let i = 0; i < wordCount; i++) {
    const word = picker.pick(random);
    text += marked(random, startsSentence ? capitalized(word) : word, context);
    startsSentence = false;
    if (i === wordCount - 1) break;
    const roll = random.next();
    if (roll < 0.05 && i < wordCount - 3) {
      text += `${sentenceEnd(random, language) || '.'}${random.chance(0.2) ? '\n' : ' '}`;
      startsSentence = true;
    } else {
      text += roll < 0.1 ? ', ' : ' ';
    }
  }
  text += sentenceEnd(random, language);
  if (random.chance(0.05)) text += ` ${link(random, language)}`;
  if (context.channels.length > 0 && random.chance(0.025)) {
    const channel = random.pick(context.channels);
    text += ` <#${channel.id}|${channel.name}>`;
  }
  if (random.chance(0.12)) text += ` ${random.pick(EMOJI)}`;
  return text;
}
