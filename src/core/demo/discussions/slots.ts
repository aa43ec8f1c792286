import type { Random } from '../../synthetic-export/seeded-random.ts';
import type { Language } from './conversation.ts';

/**
 * What fills the conversations' slots: the community's data sets, tools,
 * places and dates. Dates are drawn after the day the conversation starts, in
 * its language, so a deadline is always ahead of the people discussing it.
 */

export interface SlotContext {
  random: Random;
  language: Language;
  /** Noon UTC of the day the conversation starts. */
  day: Date;
}

type Slot = (context: SlotContext) => string;

const one =
  (items: readonly string[]): Slot =>
  ({ random }) =>
    random.pick(items);

const byLanguage =
  (fr: readonly string[], en: readonly string[]): Slot =>
  ({ random, language }) =>
    random.pick(language === 'fr' ? fr : en);

const FR_MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const FR_DAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const EN_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A weekday `min` to `max` days ahead, written as people write it ("jeudi 14 septembre", "Thursday, September 14"). */
function dayAhead(min: number, max: number): Slot {
  return ({ random, language, day }) => {
    const at = new Date(day.getTime() + random.between(min, max) * 86_400_000);
    while (at.getUTCDay() === 0 || at.getUTCDay() === 6) at.setUTCDate(at.getUTCDate() + 1);
    const weekday = at.getUTCDay();
    const month = at.getUTCMonth();
    return language === 'fr'
      ? `${FR_DAYS[weekday]} ${at.getUTCDate() === 1 ? '1er' : at.getUTCDate()} ${FR_MONTHS[month]}`
      : `${EN_DAYS[weekday]}, ${EN_MONTHS[month]} ${at.getUTCDate()}`;
  };
}

export const SLOTS: Record<string, Slot> = {
  dataset: byLanguage(
    [
      'les données de la RAMQ',
      'MED-ÉCHO',
      'la cohorte CARTaGENE',
      'le registre des tumeurs',
      'les données du SIDEP',
      'le fichier des décès',
      "l'entrepôt du CHU",
      'les données de la DSP',
    ],
    ['the RAMQ claims', 'MED-ÉCHO', 'the CARTaGENE cohort', 'the tumour registry', 'the death file', "the hospital's data warehouse"],
  ),
  table: one(['person', 'visit_occurrence', 'condition_occurrence', 'drug_exposure', 'measurement', 'observation_period']),
  rPackage: one(['dplyr', 'data.table', 'lme4', 'survival', 'MatchIt', 'mice', 'targets', 'renv', 'gtsummary', 'ggplot2']),
  pyPackage: one(['pandas', 'polars', 'statsmodels', 'lifelines', 'scikit-learn', 'duckdb', 'pyarrow']),
  variable: one(['date_naissance', 'code_postal', 'no_dossier', 'date_deces', 'sexe', 'code_diag', 'date_admission']),
  method: byLanguage(
    ['le score de propension', "l'IPTW", 'un modèle mixte', 'la régression de Cox', "l'imputation multiple", 'un modèle de Poisson', 'les GEE'],
    ['propensity scores', 'IPTW', 'a mixed model', 'Cox regression', 'multiple imputation', 'a Poisson model', 'GEE'],
  ),
  seminarTopic: byLanguage(
    [
      "l'appariement sur score de propension",
      'les biais de temps immortel',
      'le modèle commun OMOP',
      'la dé-identification des notes cliniques',
      'les analyses de survie avec risques concurrents',
      "l'imputation multiple en pratique",
      'la reproductibilité avec targets et renv',
      'FHIR pour les épidémiologistes',
    ],
    [
      'propensity score matching',
      'immortal time bias',
      'the OMOP common data model',
      'de-identifying clinical notes',
      'competing risks in survival analysis',
      'multiple imputation in practice',
      'reproducible pipelines with targets',
      'FHIR for epidemiologists',
    ],
  ),
  conference: byLanguage(
    ["l'ACFAS", 'le congrès de la SCÉ', 'les Journées de la statistique', 'ISPOR Europe', 'le colloque Données massives en santé', 'JSM', 'AMIA'],
    ['ACFAS', 'the CSEB conference', 'JSM', 'AMIA', 'ISPOR Europe', 'the Big Data in Health symposium'],
  ),
  room: byLanguage(['la salle 3-214', 'la salle du conseil', 'le local B-1120', 'la salle Laurentide'], ['room 3-214', 'the board room', 'room B-1120']),
  server: byLanguage(
    ['calcul-01', 'calcul-02', 'le serveur sécurisé', 'la VM RStudio', 'le serveur SAS', 'JupyterHub'],
    ['calcul-01', 'calcul-02', 'the secure server', 'the RStudio VM', 'the SAS server', 'JupyterHub'],
  ),
  form: one(['F-20', 'F-11', 'F-7', 'F-30']),
  protocolNo: ({ random }) => `CER-${random.between(2023, 2024)}-${String(random.between(100, 999))}`,
  count: ({ random }) => String(random.between(3, 40)),
  bigCount: ({ random }) => String(random.between(12, 480) * 1000).replace(/\B(?=(\d{3})+$)/g, ' '),
  weeks: ({ random }) => String(random.between(2, 8)),
  hour: one(['9 h', '10 h', '11 h 30', 'midi', '13 h 30', '14 h', '15 h 30']),
  soon: dayAhead(2, 9),
  later: dayAhead(14, 45),
  issue: ({ random }) => String(random.between(12, 240)),
};

export function fillSlot(name: string, context: SlotContext): string | undefined {
  return SLOTS[name]?.(context);
}
