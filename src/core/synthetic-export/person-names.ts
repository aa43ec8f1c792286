import { wordList } from './word-list.ts';

/**
 * French and English given names and family names, accents included, so the
 * archive's people list, sorting and search meet names like Nguyễn or Côté.
 */

export const FRENCH_GIVEN_NAMES = wordList(`
  Élise François Hélène Chloé Zoé Léa Noémie Maëlle Gaëlle Amélie Mélanie Béatrice Geneviève Josée Andrée
  Jérôme Stéphane Frédéric Sébastien Benoît Éric René Raphaël Joël Anaïs Océane Loïc Gaétan Mathieu Julie
  Camille Marie-Ève Jean-François Pierre-Luc Isabelle Catherine Nicolas Guillaume Émilie Valérie Clément
  Thérèse Ginette Réjean
`);

export const ENGLISH_GIVEN_NAMES = wordList(`
  Alice Bob Charlotte Daniel Emma Grace Henry Isaac Jack Karen Liam Maya Nathan Olivia Priya Quinn Ruth Samuel
  Tara Uma Victor Wendy Xavier Yasmin Zachary Aisha Ben Chen Dev Fatima Hiro Jamal Kwame Linh Mei Noor Omar
  Renée Siobhán Zoë
`);

export const FRENCH_FAMILY_NAMES = wordList(`
  Côté Gagnon Tremblay Bélanger Lévesque Thériault Gélinas Béland Bérubé Pelletier Gauthier Bouchard Fortin
  Lavoie Ouellet Morin Roy Boucher Poirier Leblanc Desrosiers Lefèbvre Ménard Séguin Lépine Hébert Paré
  Brassard Dubé Girard St-Pierre Gendron Noël Bergeron Chénier Caron
`);

export const ENGLISH_FAMILY_NAMES = wordList(`
  Smith Johnson Brown Taylor Wilson Campbell MacDonald Anderson O'Brien Murphy Nguyễn Trần Lê Phạm Chen Wang
  Li Singh Patel Kaur Khan Ahmed Okafor Mensah García Martínez Müller Kowalski Sørensen Ødegaard Young Clarke
  Hughes
`);
