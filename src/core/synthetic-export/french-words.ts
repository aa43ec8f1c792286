import { wordList } from './word-list.ts';

/**
 * Real French words of a research community's chat, roughly most frequent
 * first. Function words are used as they are; nouns, adjectives and verbs
 * also seed the derived forms (see vocabulary.ts) that make the long tail of
 * rare words.
 */

export const FRENCH_FUNCTION_WORDS = wordList(`
  de la le et les à des un une en du pour que est on pas je il qui dans sur au avec ce ne plus c'est par mais
  nous vous ou si tout aux son ça j'ai bien aussi très déjà merci oui non encore où quand comme alors donc
  peut-être toujours après avant entre chez sans sous vers depuis aujourd'hui demain hier l'université d'accès
  l'équipe qu'il n'est d'abord l'article s'il jusqu'à l'atelier d'ailleurs l'an qu'on j'aime l'été voilà cette
  leur notre votre même là
`);

export const FRENCH_NOUNS_AND_ADJECTIVES = wordList(`
  données réunion projet question article lien semaine présentation équipe séminaire analyse méthode résultat
  modèle code fichier version accès serveur document rapport atelier formation étudiant étudiante thèse
  mémoire recherche revue publication colloque conférence événement inscription date salle horaire matin soir
  midi café pause idée problème solution erreur test outil logiciel paquet script tableau graphique figure
  carte enquête échantillon variable régression moyenne écart corrélation hypothèse théorie terrain entrevue
  questionnaire répondant budget subvention financement demande échéance courriel message canal fil discussion
  sujet proposition commentaire révision correction lecture livre chapitre bibliothèque archive base requête
  table colonne ligne format export import sauvegarde copie partage dossier compte mot page site réseau
  système stratégie politique société santé énergie climat ville région pays québec montréal ottawa gatineau
  sherbrooke emploi poste stage bourse candidature comité assemblée vote membre bénévole organisation
  communauté nouvelle nouveau prochain prochaine dernier dernière premier première grand petit bon bonne
  important intéressant utile rapide simple complet ouvert public privé gratuit disponible possible facile
  difficile clair récent ancien sécurité confidentialité éthique consentement anonymat licence
  reproductibilité visualisation statistique apprentissage algorithme calcul mémoire-vive processeur grappe
  nuage courbe tendance indicateur recensement population ménage revenu logement transport école cours session
  automne hiver printemps été année mois jour heure minute lundi mardi mercredi jeudi vendredi février août
  décembre rentrée fête vacances congé bravo félicitations désolé génial
`);

export const FRENCH_VERBS = wordList(`
  faire voir savoir pouvoir vouloir devoir prendre mettre trouver donner partager envoyer regarder lire écrire
  publier présenter préparer organiser participer inscrire réserver confirmer valider vérifier corriger
  améliorer installer télécharger ajouter supprimer modifier changer créer tester lancer calculer mesurer
  comparer estimer expliquer comprendre aider chercher répondre demander proposer décider discuter remercier
  rappeler annoncer accueillir retrouver relire collaborer coder déboguer fusionner migrer déployer héberger
`);
