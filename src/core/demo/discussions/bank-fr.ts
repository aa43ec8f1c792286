import type { Conversation } from './conversation.ts';

/** The French half of the demo's conversations, written as the community's members write on Slack. */
export const FRENCH_CONVERSATIONS: readonly Conversation[] = [
  {
    topic: 'entente de partage',
    language: 'fr',
    opening: [
      "Quelqu'un a déjà signé une entente de partage de données avec {dataset} ? On me demande un modèle et je ne sais pas par où commencer.",
      "Question entente de partage : pour {dataset}, est-ce que c'est l'établissement ou le chercheur qui signe ?",
      'Petite question sur les ententes de partage de données : combien de temps ça vous a pris pour {dataset} ?',
    ],
    replies: [
      [
        "{asker} oui ! Le gabarit du Collectif est sur le wiki : [[https://wiki.example.org/partage/entente|Gabarit d'entente de partage]]. Compte {weeks} semaines minimum, le contentieux relit tout.",
        "C'est l'établissement qui signe, mais c'est toi qui prépares l'annexe technique (variables, durée de conservation, lieu d'hébergement).",
        "Chez nous ça a pris {weeks} semaines, surtout à cause de l'annexe sur la sécurité. Commence par là.",
      ],
      [
        "J'ajoute : mets la liste exacte des variables dans l'annexe, sinon ils reviennent avec des questions et tu perds deux semaines.",
        "Et n'oublie pas la clause de destruction des données à la fin du projet, c'est la première chose qu'ils vérifient.",
        'Je te passe notre version signée en privé, ça peut aider pour le ton.',
      ],
      ['Merci beaucoup, je regarde ça !', 'Super, merci à vous deux 🙏', "Parfait, c'est exactement ce qu'il me fallait."],
      [
        "Petit suivi : entente signée aujourd'hui, {weeks} semaines au total. Le gabarit a fait gagner beaucoup de temps.",
        'Suivi : le contentieux a accepté le gabarit tel quel, seule la durée de conservation a changé.',
      ],
    ],
    minReplies: 2,
    reactions: ['+1', 'eyes', 'pray'],
  },
  {
    topic: "demande d'accès",
    language: 'fr',
    opening: [
      "Je prépare une demande d'accès aux données pour {dataset}. Il faut l'approbation du CER avant de déposer, ou on peut faire les deux en parallèle ?",
      "Bonjour ! Première demande d'accès pour moi ({dataset}). Y a-t-il une liste des pièces à joindre quelque part ?",
      "Ma demande d'accès pour {dataset} est bloquée depuis {weeks} semaines, c'est normal ?",
    ],
    replies: [
      [
        "{asker} en parallèle c'est possible, mais l'accès ne sera accordé qu'avec la lettre d'approbation finale du CER.",
        "La liste est ici : [[https://wiki.example.org/acces/liste-de-verification|liste de vérification]]. Protocole, approbation éthique, CV, engagement de confidentialité.",
        "Malheureusement oui, les délais sont longs en ce moment. Écris au guichet d'accès avec ton numéro de dossier, ils répondent en général.",
      ],
      [
        "Et prévois le formulaire {form} signé par ton directeur, c'est celui qui manque le plus souvent.",
        "Conseil : décris précisément la population à l'étude, c'est la question qu'ils posent à chaque fois.",
        "Moi j'ai eu une réponse en relançant après un mois, avec le numéro de dossier dans l'objet.",
      ],
      ['Merci, je dépose la semaine prochaine.', "Ok merci, je m'attendais pas à autant de papiers 😅", 'Parfait, merci !'],
    ],
    minReplies: 1,
    reactions: ['+1', 'eyes'],
  },
  {
    topic: 'soumission au CER',
    language: 'fr',
    opening: [
      "Pour ceux qui ont soumis au CER récemment : le formulaire {form} a changé ? Le portail me demande une section sur la réidentification que je n'avais pas avant.",
      'Le CER se réunit quand ce mois-ci ? Je voudrais soumettre le protocole {protocolNo} à temps.',
      "On a reçu les commentaires du CER sur {protocolNo}. Ils demandent de justifier la durée de conservation de 10 ans, vous avez mis quoi d'habitude ?",
    ],
    replies: [
      [
        "{asker} oui, nouvelle version depuis ce mois-ci. Il faut décrire le risque de réidentification et les mesures prises (agrégation, petites cellules, etc.).",
        'Prochaine réunion le {soon}, date limite de dépôt une semaine avant.',
        "On justifie par la durée de suivi de la cohorte plus la période de vérification des publications. Ça passe en général.",
      ],
      [
        "J'ai un exemple de réponse qui est passé sans commentaire, je le mets dans le fil : {{file:reponse-CER-conservation.docx}}",
        "Attention, ils veulent aussi le formulaire de consentement mis à jour s'il y a un volet prospectif.",
        'Ils ont été assez rapides pour nous, environ {weeks} semaines entre le dépôt et la lettre.',
      ],
      ['Génial, merci !', 'Merci, ça me rassure.', 'Top, je vais adapter ça.'],
      ['Approuvé sans modification finalement 🎉', "Suivi : approbation reçue ce matin, merci pour l'exemple !"],
    ],
    minReplies: 1,
    reactions: ['eyes', 'pray', 'white_check_mark'],
  },
  {
    topic: 'formulaire de consentement',
    language: 'fr',
    opening: [
      "Vous avez un modèle de formulaire de consentement pour la réutilisation secondaire des données ? Le nôtre date de 2018 et le CER le trouve trop vague.",
      "Question consentement : est-ce qu'on peut utiliser un consentement électronique dans REDCap pour une étude à risque minimal ?",
      'Dans un formulaire de consentement, comment vous formulez le partage des données avec des chercheurs externes ?',
    ],
    replies: [
      [
        "{asker} le CER a publié un nouveau gabarit cet automne, avec une section sur les usages secondaires : [[https://cer.example.org/gabarits/consentement]]",
        "Oui, l'e-consentement REDCap est accepté pour le risque minimal, à condition de garder la trace de la version signée (le PDF archivé).",
        "On écrit « les données codées pourront être partagées avec d'autres équipes de recherche, après approbation d'un comité d'éthique ». Le CER l'a accepté.",
      ],
      [
        "Attention à la version anglaise, le CER veut les deux langues en même temps.",
        "Pense à activer l'option « e-Consent Framework » dans le projet REDCap, c'est elle qui produit le PDF horodaté.",
        'Et précise la durée de conservation, ils posent toujours la question.',
      ],
      ['Merci !', 'Parfait, je regarde le gabarit.', 'Merci, je ne connaissais pas cette option.'],
    ],
    minReplies: 1,
    reactions: ['+1', 'heart'],
  },
  {
    topic: 'dé-identification',
    language: 'fr',
    opening: [
      'Comment vous faites la dé-identification des dates ? Décalage aléatoire par patient ou on garde seulement le mois et l’année ?',
      "Pour la dé-identification, est-ce qu'on doit retirer les trois premiers caractères du code postal aussi, ou seulement le reste ?",
      "Quelqu'un a un script pour pseudonymiser la variable {variable} avant de sortir les données du serveur sécurisé ?",
    ],
    replies: [
      [
        "{asker} on fait un décalage aléatoire par patient (entre -180 et +180 jours), même décalage pour toutes ses dates, ça garde les intervalles.",
        "On garde les trois premiers caractères (RTA) seulement si la population de la zone dépasse 10 000, sinon on agrège.",
        'Oui, un hachage salé avec une clé qui reste sur le serveur :\n```\nlibrary(digest)\ndf$id_pseudo <- vapply(paste0(sel, df${variable}), digest, "", algo = "sha256")\n```',
      ],
      [
        "Attention, le décalage des dates casse les analyses saisonnières. Si c'est ton cas, garde le mois et l'année.",
        "Le guide de dé-identification du Collectif explique les deux options : [[https://wiki.example.org/deidentification|guide de dé-identification]]",
        "Et ne garde jamais le sel dans le même dossier que les données, évidemment 🙃",
      ],
      ['Merci, très clair.', 'Parfait, ça règle ma question.', "Merci pour le script, je l'adapte."],
    ],
    minReplies: 1,
    reactions: ['+1', 'bulb', '100'],
  },
  {
    topic: 'petites cellules',
    personal: false,
    language: 'fr',
    opening: [
      'Rappel pour tout le monde : la règle des petites cellules s’applique aussi aux figures. Aucune cellule < 5 dans ce qui sort du serveur.',
      "Question sur la règle des petites cellules : est-ce qu'on doit supprimer aussi les totaux qui permettent de recalculer une cellule masquée ?",
      "J'ai une cellule à 3 dans un tableau de prévalence par région, vous faites quoi : on masque ou on regroupe des régions ?",
    ],
    replies: [
      [
        "{asker} oui, suppression secondaire : il faut masquer une autre cellule de la ligne, sinon on retrouve la valeur par soustraction.",
        "Regrouper c'est souvent mieux que masquer, le tableau reste lisible. On regroupe les régions voisines.",
        'Bon rappel. Les histogrammes aussi : une barre à 2, ça compte.',
      ],
      [
        "Le service des données refuse toute sortie où une cellule est entre 1 et 4, même dans les annexes.",
        "On a un petit script maison qui vérifie les tableaux avant la sortie, je peux le partager si ça intéresse quelqu'un.",
        'Et pour les zéros, on peut les garder, ce ne sont pas des petites cellules.',
      ],
      ['Merci, je vais regrouper.', 'Compris 👍', 'Oui je veux bien le script !'],
    ],
    minReplies: 1,
    reactions: ['+1', 'white_check_mark', 'eyes'],
  },
  {
    topic: 'OMOP',
    language: 'fr',
    opening: [
      'On commence à convertir {dataset} vers OMOP. Vous avez utilisé Usagi pour le mapping des codes locaux ?',
      'Dans OMOP, les diagnostics CIM-10-CA vont dans condition_occurrence ou dans observation ?',
      "Est-ce que quelqu'un a déjà fait tourner les Achilles/DQD sur notre instance OMOP ? J'ai des erreurs sur la table {table}.",
    ],
    replies: [
      [
        "{asker} oui, Usagi pour les codes locaux, mais prévois beaucoup de révision manuelle. Environ 70 % des codes passent automatiquement.",
        "Dans condition_occurrence quand le code est mappé vers un concept standard du domaine Condition, sinon observation.",
        "Souvent c'est un concept_id à 0 qui traîne. Regarde les lignes sans mapping :\n```\nSELECT count(*) FROM {table} WHERE {table}_concept_id = 0;\n```",
      ],
      [
        "Le wiki a nos conventions de mapping : [[https://wiki.example.org/omop/mapping|conventions OMOP du Collectif]]",
        "Attention, la CIM-10-CA n'est pas dans Athena telle quelle, il faut passer par la CIM-10 de l'OMS pour la plupart des codes.",
        'Et pense à mettre à jour les vocabulaires Athena, les nôtres datent de l’an dernier.',
      ],
      ['Merci, ça aide beaucoup.', "Ok, c'était bien ça 🙈", 'Top, je regarde les conventions.'],
      ['Suivi : DQD passe à 97 % maintenant, il reste les unités de mesure.', "Suivi : le mapping est fait, je présenterai ça au séminaire."],
    ],
    minReplies: 1,
    reactions: ['eyes', 'rocket', '+1'],
  },
  {
    topic: 'REDCap',
    language: 'fr',
    opening: [
      "REDCap est lent aujourd'hui ou c'est juste moi ? Les exports prennent une éternité.",
      "Comment vous faites pour exporter REDCap directement dans R ? Je copie-colle encore le CSV 😬",
      "Dans REDCap, comment on ajoute une logique de branchement sur un champ d'un autre instrument ?",
    ],
    replies: [
      [
        "{asker} pas juste toi, ils font une mise à jour ce soir, ça devrait aller mieux demain.",
        "Avec le package REDCapR et un jeton d'API :\n```\nlibrary(REDCapR)\nds <- redcap_read(redcap_uri = uri, token = Sys.getenv(\"REDCAP_TOKEN\"))$data\n```\nNe mets jamais le jeton dans le script.",
        'Tu peux référencer le champ avec [nom_instrument][champ] dans la logique, ça marche entre instruments du même événement.',
      ],
      [
        "Et pour les projets longitudinaux, il faut préciser l'événement : [evenement_1_arm_1][champ].",
        'Le jeton se demande à l’administrateur REDCap, il faut une bonne raison et le projet doit être en production.',
        'Confirmé, la page de statut dit maintenance à 20 h.',
      ],
      ['Merci !', 'Génial, fini le copier-coller 🎉', "Ah d'accord, merci."],
    ],
    minReplies: 1,
    reactions: ['+1', 'joy'],
  },
  {
    topic: 'question R',
    language: 'fr',
    opening: [
      "Question R : mon left_join multiplie les lignes, j'avais 12 000 patients et j'en ai 15 000 après la jointure. Une idée ?",
      "Quelqu'un sait pourquoi {rPackage} me donne « Error in UseMethod » après la mise à jour de R ?",
      'Mon modèle glmer ne converge pas (« Model failed to converge with max|grad| »). Des trucs qui marchent chez vous ?',
      'Comment vous gérez les versions de packages R dans un projet ? On a des résultats différents entre deux machines.',
    ],
    replies: [
      [
        "{asker} tu as des doublons dans la table de droite. Vérifie avec `count(df, id) |> filter(n > 1)` avant la jointure.",
        'Réinstalle le package après la mise à jour de R, les binaires compilés pour l’ancienne version posent souvent ce problème.',
        'Essaie de centrer et réduire les variables continues, et change l’optimiseur : `control = glmerControl(optimizer = "bobyqa")`.',
        'renv ! `renv::init()` puis `renv::snapshot()`, et on commit le renv.lock. Plus de surprises.',
      ],
      [
        "Depuis dplyr 1.1 tu peux aussi mettre `relationship = \"one-to-one\"` dans la jointure, ça plante au lieu de multiplier en silence.",
        "Regarde aussi si un effet aléatoire a une variance quasi nulle, c'est souvent la cause.",
        "Et mets renv dans le gabarit de projet du Collectif, tout le monde l'utilisera.",
      ],
      ['Effectivement, 3 000 doublons dans la table des visites 🤦', "C'était ça, merci !", 'Bobyqa a réglé le problème, merci.', 'Merci, je teste.'],
    ],
    minReplies: 1,
    reactions: ['+1', 'bulb', 'pray'],
  },
  {
    topic: 'question Python',
    language: 'fr',
    opening: [
      'Pandas ou polars pour un fichier de {bigCount} lignes ? Pandas me prend toute la mémoire du serveur.',
      "Question Python : comment lire un fichier SAS (.sas7bdat) sans SAS ? J'ai reçu les données du registre dans ce format.",
      'Vous utilisez quoi pour les analyses de survie en Python ? lifelines suffit ?',
    ],
    replies: [
      [
        "{asker} polars sans hésiter, en mode lazy : `pl.scan_parquet(...)` ne charge que ce qu'il faut.",
        '`pandas.read_sas("fichier.sas7bdat", encoding="latin-1")` marche bien, ou pyreadstat si tu veux garder les formats.',
        'lifelines pour Kaplan-Meier et Cox, c’est simple. Pour les risques concurrents, je reste en R.',
      ],
      [
        'Ou duckdb directement sur le fichier, tu fais du SQL et ça ne charge rien en mémoire.',
        "Attention à l'encodage, les accents arrivent souvent cassés.",
        "Pour la validation des résultats, compare avec R au moins une fois, on a déjà eu des surprises.",
      ],
      ['Merci, je passe à polars.', 'Ça marche, merci !', 'Noté, merci 🙏'],
    ],
    minReplies: 1,
    reactions: ['+1', 'snake', 'eyes'],
  },
  {
    topic: 'question SAS',
    weight: 0.6,
    language: 'fr',
    opening: [
      "Quelqu'un utilise encore SAS ici ? J'ai un PROC PHREG à traduire en R et les résultats ne concordent pas.",
      'Le serveur SAS refuse ma session (« ERROR: Insufficient authorization ») depuis ce matin, je suis la seule ?',
    ],
    replies: [
      [
        "{asker} vérifie la gestion des égalités : SAS utilise Breslow par défaut, R utilise Efron. `ties = \"breslow\"` dans coxph et ça devrait concorder.",
        "Non, même chose ici. La licence SAS a été renouvelée hier, le service informatique est au courant.",
      ],
      ["C'était exactement ça, merci !!", 'Ok, merci pour la confirmation.', 'Réglé à 14 h, ça remarche.'],
    ],
    minReplies: 1,
    reactions: ['+1', 'sweat_smile'],
  },
  {
    topic: 'méthodes biostatistiques',
    language: 'fr',
    opening: [
      'Question méthodo : différence entre score de propension en appariement et IPTW ? Mon directeur veut les deux et je ne vois pas la différence pour ma question.',
      'Pour une étude de cohorte sur {dataset}, vous conseillez {method} ou autre chose pour contrôler la confusion ?',
      "Comment vous traitez les données manquantes quand 30 % de l'IMC manque ? Imputation multiple ou cas complets ?",
      'Biais de temps immortel : quelqu’un a une bonne référence à partager pour mes étudiants ?',
    ],
    replies: [
      [
        "{asker} l'appariement estime l'effet chez les traités (ATT) et jette des observations ; l'IPTW estime l'effet moyen dans la population (ATE) avec tout le monde. Ça dépend de ta question.",
        "Ça dépend de ta question causale, mais {method} est un bon choix si tu as beaucoup de covariables. Fais un DAG d'abord.",
        "Imputation multiple, sans hésiter, avec mice. Les cas complets seraient biaisés si le manque dépend de l'âge ou de la région.",
        "L'article de Suissa (2008) reste la meilleure introduction, et le chapitre sur l'émulation d'essai de Hernán et Robins.",
      ],
      [
        'Vérifie les poids extrêmes avec IPTW, on tronque souvent au 1er et 99e percentile.',
        "Et regarde l'équilibre des covariables après (différences standardisées < 0,1).",
        'Le séminaire méthodo de {soon} porte justement sur ça, viens !',
      ],
      ['Merci, ça clarifie.', "C'est plus clair, merci.", 'Super, je viendrai au séminaire.'],
    ],
    minReplies: 1,
    reactions: ['bulb', '+1', '100'],
  },
  {
    topic: 'séminaire',
    personal: false,
    language: 'fr',
    opening: [
      'Séminaire méthodo le {soon} à {hour} : « {seminarTopic} ». En présentiel dans {room} et sur Teams. Tout le monde est bienvenu !',
      'Rappel : prochain séminaire du Collectif le {soon}, sur {seminarTopic}. Inscription : [[https://evenements.example.org/seminaires|page des séminaires]]',
      "On cherche des présentateurs pour les séminaires de l'automne. Quelqu'un veut parler de {seminarTopic} ?",
    ],
    replies: [
      ['Je serai là !', "J'y serai en ligne.", 'Super sujet, merci de l’organiser.', 'Je peux présenter, je travaille justement là-dessus.'],
      ['Les diapos et l’enregistrement sont sur le wiki : [[https://wiki.example.org/seminaires]]', 'Est-ce que ce sera enregistré ?', 'Merci pour la présentation, très clair !'],
    ],
    minReplies: 0,
    reactions: ['tada', 'raised_hands', '+1'],
  },
  {
    topic: 'date limite de congrès',
    personal: false,
    language: 'fr',
    opening: [
      "La date limite de soumission pour {conference} est le {later}. Qui soumet quelque chose ? On pourrait faire un symposium du Collectif.",
      "Rappel : résumés pour {conference} à déposer avant le {later}. Je peux relire si vous voulez.",
      "Quelqu'un sait si {conference} accepte les résumés en français cette année ?",
    ],
    replies: [
      [
        "{asker} je soumets le travail sur les ententes de partage, partant pour un symposium.",
        "Oui, français et anglais, c'est dans l'appel : [[https://congres.example.org/appel|appel à communications]]",
        'Je veux bien une relecture, je t’envoie ça cette semaine.',
      ],
      [
        'La date a été repoussée de deux semaines, bonne nouvelle.',
        'Attention, limite de 250 mots cette année.',
        "Je m'occupe de la proposition de symposium si vous m'envoyez vos titres.",
      ],
      ['Soumis ! 🎉', 'Merci pour le rappel, j’avais complètement oublié.', 'Accepté en présentation orale !'],
    ],
    minReplies: 1,
    reactions: ['tada', 'muscle', 'eyes'],
  },
  {
    topic: 'panne de serveur',
    personal: false,
    language: 'fr',
    opening: [
      "Est-ce que {server} est en panne ? Impossible de me connecter depuis ce matin.",
      "Panne sur {server} : la maintenance prévue a débordé, retour estimé vers {hour}. Désolée pour le dérangement.",
      "Mon job sur {server} a été tué vers 2 h du matin, il y a eu un redémarrage ?",
    ],
    replies: [
      [
        "Même chose ici, j'ai écrit au soutien informatique.",
        "{asker} oui, redémarrage pour les correctifs de sécurité à 2 h. C'était annoncé dans #annonces.",
        'Oui, le disque /projets était plein, ils font le ménage.',
      ],
      ["C'est revenu, on peut se reconnecter.", 'Retour à la normale, tout fonctionne.', "Ça remarche ! Pensez à sauvegarder vos sessions."],
      ['Merci pour le suivi !', 'Ouf, merci.', 'Enfin 😅'],
    ],
    minReplies: 1,
    inThread: true,
    reactions: ['eyes', 'sob', 'white_check_mark'],
  },
  {
    topic: 'offre de stage',
    personal: false,
    weight: 0.35,
    language: 'fr',
    opening: [
      "Mon équipe cherche un·e stagiaire en biostatistique pour l'été (analyses de survie, R). N'hésitez pas à faire circuler !",
      "Offre d'emploi : poste de professionnel·le de recherche en gestion de données ({dataset}), temps plein. Détails : [[https://emplois.example.org/prd-donnees]]",
    ],
    replies: [
      ['Partagé avec mes étudiants !', 'Je connais quelqu’un que ça intéresse, je lui transmets.', 'Quelle est la date limite ?'],
      ['Date limite le {later}.', 'Merci à tous pour le partage 🙏'],
    ],
    minReplies: 0,
    reactions: ['eyes', 'raised_hands'],
  },
  {
    topic: 'conservation des données',
    weight: 0.5,
    language: 'fr',
    opening: [
      'Quelle durée de conservation des données vous mettez dans vos protocoles ? On a un projet qui finit et je ne sais pas quoi faire des fichiers.',
      "La charte du Collectif dit 7 ans de conservation, mais l'entente avec {dataset} dit destruction à la fin du projet. Laquelle l'emporte ?",
    ],
    replies: [
      [
        "{asker} l'entente l'emporte toujours sur la charte. Et il faut un certificat de destruction signé.",
        "On met 7 ans après la dernière publication, c'est ce que la charte révisée recommande.",
      ],
      [
        'Le certificat de destruction est dans les gabarits du wiki.',
        "Et garde le code d'analyse, lui il n'a pas besoin d'être détruit !",
      ],
      ['Merci, c’est clair.', 'Ok, merci.'],
    ],
    minReplies: 1,
    reactions: ['+1'],
  },
  {
    topic: 'git et reproductibilité',
    weight: 0.6,
    language: 'fr',
    opening: [
      "Petite question git : j'ai commité un fichier de données par erreur (juste des comptes agrégés heureusement). Comment je le retire de l'historique ?",
      "Vous mettez vos scripts d'analyse sur le GitLab du Collectif ? Je me demande si c'est permis pour les projets avec {dataset}.",
    ],
    replies: [
      [
        "{asker} `git filter-repo --path donnees/comptes.csv --invert-paths`, puis force push. Et ajoute le dossier au .gitignore.",
        "Le code oui, les données jamais. Le GitLab est hébergé au Québec, c'est dans la politique.",
      ],
      ['Et préviens les autres de recloner le dépôt après.', "Mets un .gitignore strict : `*.csv`, `*.sas7bdat`, `*.parquet` par défaut."],
      ['Merci !', 'Parfait, merci beaucoup.'],
    ],
    minReplies: 1,
    reactions: ['+1', 'bulb'],
  },
  {
    topic: 'FHIR',
    weight: 0.6,
    language: 'fr',
    opening: [
      "Quelqu'un a déjà extrait des données d'un serveur FHIR pour la recherche ? L'hôpital nous propose ça au lieu d'un extrait CSV.",
      'FHIR vs OMOP : pour un projet de recherche, vous partiriez sur quoi ?',
    ],
    replies: [
      [
        "{asker} oui, avec l'API Bulk Data ($export). Ça donne du NDJSON, il faut ensuite tout aplatir. Prévois du temps.",
        "FHIR pour l'échange, OMOP pour l'analyse. Les deux se complètent plutôt que de s'opposer.",
      ],
      ['Le webinaire FHIR de l’an dernier est enregistré sur le wiki, il explique bien ça.', 'fhircrackr en R aide beaucoup pour aplatir les ressources.'],
      ['Merci, je regarde le webinaire.', 'Intéressant, merci.'],
    ],
    minReplies: 1,
    reactions: ['eyes', 'bulb'],
  },
  {
    topic: 'entraide divers',
    weight: 0.7,
    language: 'fr',
    opening: [
      "Est-ce que quelqu'un a accès à la version complète de l'article de Hernán sur l'émulation d'essai cible ? La bibliothèque ne l'a pas.",
      'Vous utilisez quoi pour gérer vos références ? Zotero ou autre chose ?',
      "Je cherche un jeu de données public de santé pour un cours d'introduction à R, des idées ?",
    ],
    replies: [
      [
        "{asker} je te l'envoie en privé.",
        'Zotero avec le module Better BibTeX, impeccable avec Quarto.',
        'Les données NHANES sont bien pour ça, ou le package `medicaldata` qui en regroupe plusieurs.',
      ],
      ['+1 pour Zotero', "Merci !", 'Super idée, je ne connaissais pas medicaldata.'],
    ],
    minReplies: 1,
    reactions: ['+1', 'heart'],
  },
  {
    topic: 'financement',
    weight: 0.5,
    language: 'fr',
    opening: [
      "Le concours des IRSC ferme le {later}. Quelqu'un monte une demande sur la réutilisation secondaire des dossiers cliniques ? On pourrait s'associer.",
      "Une compagnie du médicament propose de financer notre analyse sur {dataset}. Le Collectif a une position là-dessus ?",
    ],
    replies: [
      [
        "{asker} oui ! Écris-moi, on a déjà une lettre d'appui du Collectif.",
        "La charte dit : financement accepté si l'indépendance scientifique est garantie par écrit et que les résultats sont publiés quels qu'ils soient.",
      ],
      ["Le comité de direction en reparle à la prochaine réunion.", 'Et il faut déclarer le conflit d’intérêts dans toutes les publications.'],
      ['Merci, je vous écris.', 'Ok, merci pour la précision.'],
    ],
    minReplies: 1,
    reactions: ['eyes', '+1'],
  },
];

/** Messages that stand alone in the channel: news, greetings, small talk. */
export const FRENCH_ONE_LINERS: readonly string[] = [
  'Bonne fin de semaine tout le monde !',
  'Bon matin ! Quelqu’un au bureau aujourd’hui ? Je cherche un adaptateur HDMI.',
  "Le nouveau guide d'accès aux données est en ligne : [[https://wiki.example.org/acces|guide d'accès]]",
  'Petit rappel : le café du Collectif a lieu jeudi à {hour}, virtuellement.',
  "Merci à tous pour la rencontre d'hier, c'était très riche.",
  'Article intéressant sur la réidentification à partir de données agrégées : [[https://revue.example.org/reidentification-2023]]',
  "Je serai en vacances les deux prochaines semaines, écrivez à {someone} pour les questions d'accès.",
  "Les diapos de ma présentation ({conference}) sont ici : {{file:presentation-collectif.pdf}}",
  'Quelqu’un sait si le serveur sécurisé sera disponible pendant les Fêtes ?',
  "Bienvenue aux nouveaux membres ! Présentez-vous dans #general 🙂",
  'Petit sondage : vous êtes plutôt R, Python ou SAS ? Réagissez avec :r: :snake: ou :sas: 😄',
  'Nouvelle version du gabarit de plan de gestion des données : {{file:gabarit-PGD-v2.docx}}',
  'Je confirme que le guichet d’accès est fermé vendredi (journée pédagogique).',
  "Très bon webinaire ce midi sur {seminarTopic}, merci aux organisateurs.",
  'Quelqu’un a une recommandation de formation sur les modèles mixtes ? En français idéalement.',
  "Petite victoire : notre article sur {dataset} est accepté 🎉",
  'Rappel : pas de données nominatives dans Slack, même en message privé. Merci !',
  'Capture de l’erreur que j’ai sur le serveur : {{file:Capture d’écran erreur calcul.png}}',
  'Les inscriptions pour l’école d’été en science des données sont ouvertes.',
  'Merci {someone} pour ton aide hier, ça a débloqué mon analyse !',
];

/** What the Rappels bot posts in the channel. */
export const FRENCH_REMINDERS: readonly string[] = [
  'Rappel : séminaire méthodo jeudi à midi.',
  'Rappel : date limite de dépôt au CER vendredi.',
  'Rappel : maintenance du serveur sécurisé samedi de 8 h à 12 h.',
  'Rappel : café du Collectif jeudi à 10 h.',
  "Rappel : l'assemblée générale approche, pensez à confirmer votre présence.",
];

/** How people start a question or a message, so that the same question never reads twice the same. */
export const FRENCH_OPENERS: readonly string[] = [
  'Bonjour à tous ! ',
  'Salut ! ',
  'Bonjour, ',
  'Petite question : ',
  'Allo, ',
  'Bon matin, ',
  "Question pour les gens qui s'y connaissent : ",
];

export const FRENCH_CLOSERS: readonly string[] = [
  " Merci d'avance !",
  ' Des idées ?',
  ' Merci !',
  " Toute aide est la bienvenue.",
  ' 🙏',
  ' (désolée si la question a déjà été posée)',
];

/** How answers begin. */
export const FRENCH_REPLY_LEADS: readonly string[] = ['Alors, ', 'Bonne question. ', 'Hmm, ', 'Ah, '];

/** What a third person adds to a thread: agreement, a question of their own, a pointer. */
export const FRENCH_INTERJECTIONS: readonly string[] = [
  'Je suis le fil, même question de mon côté.',
  '+1, ça m’intéresse aussi.',
  'Tu peux mettre le lien dans le wiki ? Ça revient souvent.',
  'Je confirme, même expérience chez nous.',
  "C'est dans la FAQ aussi, mais ta réponse est plus claire 😄",
  'Merci pour la question, je me demandais la même chose.',
  'Je rajoute ça à la FAQ du Collectif.',
  'Ah, bon à savoir !',
  'On en a parlé au dernier café du Collectif, même conclusion.',
  'Est-ce que ça vaut aussi pour les projets étudiants ?',
];

/** What people say about their project before asking: the same question, from a different study. */
export const FRENCH_CONTEXTS: readonly string[] = [
  'Je travaille sur une cohorte de patients diabétiques suivis depuis 2010.',
  "Pour mon mémoire de maîtrise sur les visites à l'urgence chez les aînés :",
  'On démarre un projet sur la santé mentale des jeunes de 12 à 25 ans.',
  'Contexte : étude sur les chutes chez les personnes âgées en CHSLD.',
  'Je suis nouvelle dans le Collectif, je fais un postdoc sur les maladies cardiovasculaires.',
  "Dans notre projet sur l'asthme pédiatrique,",
  "Pour l'évaluation du programme de dépistage du cancer colorectal :",
  'On prépare une étude sur les opioïdes prescrits après une chirurgie.',
  "Je fais mon doctorat sur les issues de grossesse et j'ai une question.",
  'Notre équipe travaille sur les hospitalisations évitables en région.',
  'Projet sur la COVID longue, volet administratif.',
  'Je suis à la DSP et on relance un projet sur la vaccination.',
];
