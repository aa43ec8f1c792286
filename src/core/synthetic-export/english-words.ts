import { wordList } from './word-list.ts';

/**
 * Real English words of a research community's chat, roughly most frequent
 * first. Function words are used as they are; nouns, adjectives and verbs
 * also seed the derived forms (see vocabulary.ts) that make the long tail of
 * rare words.
 */

export const ENGLISH_FUNCTION_WORDS = wordList(`
  the to and a of in is for it that on you i this we be with are have if at can or not but from so an will
  just there about all do was my me they what our your any some one by it's i'm don't can't we're let's thanks
  yes no also still very maybe already today tomorrow yesterday here now then when where how who which would
  could should more than into over after before again please
`);

export const ENGLISH_NOUNS_AND_ADJECTIVES = wordList(`
  data meeting project question paper link week talk team seminar analysis method result model code file
  version access server document report workshop training student thesis research journal review conference
  event registration date room schedule morning evening lunch coffee break idea problem solution error bug
  issue test tool software package library script notebook table chart plot figure map survey sample variable
  regression mean median variance correlation hypothesis theory fieldwork interview respondent budget grant
  funding deadline email message channel thread topic proposal comment draft edit reading book chapter archive
  database query column row format export backup copy folder account password page website network system
  strategy policy health energy climate city region country job position internship scholarship application
  committee vote member volunteer community new next last first great small good important interesting useful
  quick simple open public private free available easy hard clear recent old security privacy ethics consent
  license reproducibility visualization statistics learning algorithm cluster cloud trend indicator census
  population household income housing transit school course term fall winter spring summer year month day hour
  minute monday tuesday wednesday thursday friday holiday party vacation congrats sorry awesome cool
`);

export const ENGLISH_VERBS = wordList(`
  make see know take put find give share send look read write publish present prepare organize join register
  reserve confirm check fix improve install download add remove change create run compute measure compare
  estimate explain understand help search answer ask suggest decide discuss thank remind announce welcome
  merge deploy host debug
`);
