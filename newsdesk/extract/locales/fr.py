"""French page chrome (France, Belgium, Switzerland, Quebec). Written from the layouts of French news sites: the
"Lecture : 3 min" and "Publié le ... à 08h30, mis à jour le ..." head, "Lire aussi" links, "Abonnez-vous" walls."""

from newsdesk.extract.locales.base import Locale

TABLE = Locale(
    code="fr",
    name="français",
    reading_time_labels=("temps de lecture", "lecture", "durée de lecture"),
    reading_time_suffixes=("de lecture", "lecture"),
    minute_words=("min", "mn", "minute", "minutes"),
    related_prefixes=(
        "lire aussi", "à lire aussi", "a lire aussi", "lire également", "à lire également", "voir aussi",
        "à voir aussi", "à voir également", "à lire", "sur le même sujet", "notre article",
    ),
    teaser_headings=(
        "lire aussi", "à lire aussi", "a lire aussi", "à lire également", "voir aussi", "à voir aussi",
        "à voir également", "sur le même sujet", "sur le même thème", "article similaire", "articles similaires",
        "article lié", "articles liés", "article connexe", "articles connexes", "les plus lus", "les plus partagés",
        "les plus commentés", "les articles les plus lus", "vous aimerez", "vous aimerez aussi",
        "vous pourriez aimer", "vous pourriez aimer aussi", "à découvrir", "à découvrir aussi",
        "nos recommandations", "dans la même rubrique", "dernières actualités", "recommandé pour vous",
        "sélectionné pour vous", "ces articles peuvent vous intéresser",
    ),
    section_prefixes=("toute l'actualité", "plus d'actualités", "dans la rubrique", "plus d'articles"),
    comment_words=("commentaire", "commentaires"),
    reply_words=("réponse", "réponses", "réaction", "réactions"),
    comment_prompts=(
        "laisser un commentaire", "laissez un commentaire", "ajouter un commentaire", "écrire un commentaire",
        "réagir", "réagissez", "réagir à cet article", "voir les commentaires", "afficher les commentaires",
        "les commentaires sont fermés", "participer à la discussion",
    ),
    comment_prepositions=("sur", "à", "au"),
    story_navigation=(
        "précédent", "suivant", "article précédent", "article suivant", "billet précédent", "billet suivant",
    ),
    tag_headings=("mots-clés", "mots clés", "tags", "thèmes", "étiquettes", "sujets associés"),
    end_markers=(
        "newsletter", "suivez-nous", "nous suivre", "retour en haut", "haut de page", "partager cet article",
        "partager l'article", "contenu sponsorisé", "contenus sponsorisés", "s'abonner",
    ),
    share_words=("partager", "imprimer", "envoyer", "tweeter"),
    share_phrases=(
        "copier le lien", "lien copié", "partager cet article", "envoyer par e-mail", "envoyer par mail",
        "partager par e-mail",
    ),
    share_prefixes=("partager sur", "partager par", "partager via"),
    subscription_buttons=(
        "s'abonner", "abonnez-vous", "je m'abonne", "se connecter", "connexion", "s'inscrire", "mon compte",
        "s'identifier", "abonnement", "offre d'abonnement",
    ),
    subscription_prompts=(
        "abonnez-vous", "déjà abonné", "déjà abonnée", "réservé aux abonnés", "réservé à nos abonnés",
        "article réservé", "je m'abonne", "pour lire la suite", "cet article est réservé",
        "inscrivez-vous à notre newsletter", "recevez notre newsletter",
    ),
    cookie_buttons=(
        "accepter", "tout accepter", "accepter tout", "accepter et fermer", "j'accepte", "refuser", "tout refuser",
        "continuer sans accepter", "paramétrer", "personnaliser", "paramètres des cookies", "gérer les cookies",
        "gérer mes choix",
    ),
    cookie_prompts=(
        "nous utilisons des cookies", "utilise des cookies", "utilisons des cookies", "utilisation de cookies",
        "utilisation des cookies", "dépôt de cookies", "en poursuivant votre navigation",
    ),
    legal_notices=(
        "reproduction interdite", "toute reproduction interdite", "toute reproduction, même partielle",
        "droits de reproduction et de diffusion réservés",
    ),
    rights_reserved=("tous droits réservés",),
    footer_links=(
        "mentions légales", "politique de confidentialité", "confidentialité", "données personnelles",
        "conditions générales", "conditions générales d'utilisation", "conditions générales de vente", "cgu", "cgv",
        "contact", "contactez-nous", "nous contacter", "qui sommes-nous", "plan du site", "gestion des cookies",
        "charte de confidentialité", "accessibilité", "aide", "faq",
    ),
    ad_labels=("publicité", "pub", "contenu sponsorisé", "sponsorisé", "annonce"),
    interface_words=(
        "menu", "rechercher", "recherche", "fermer", "accueil", "lire la suite", "voir plus", "afficher plus",
        "chargement", "chargement en cours", "écouter cet article", "écouter l'article", "agrandir", "vidéo",
        "la suite après la publicité", "la suite après cette publicité", "passer la publicité", "aller au contenu",
        "aller au contenu principal", "passer au contenu", "en savoir plus",
    ),
    headline_ui_words=(
        "partager", "suivre", "imprimer", "s'abonner", "abonnez-vous", "se connecter", "cliquez", "newsletter",
        "menu", "commentaires", "télécharger", "publicité", "lire la suite", "lire aussi",
    ),
    photo_labels=("photo", "image", "illustration"),
    credit_labels=("crédit", "crédit photo", "source"),
    footer_terms=(
        "mentions légales", "données personnelles", "confidentialité", "abonnement", "abonnés", "publicité",
        "nos lecteurs", "notre rédaction", "nous contacter", "newsletter", "cookies",
    ),
    published_labels=("publié", "publié le", "publiée le", "mis en ligne", "mis en ligne le", "paru le"),
    updated_labels=("mis à jour", "mis à jour le", "actualisé", "actualisé le", "modifié le", "dernière mise à jour"),
    today_labels=("aujourd'hui", "nous sommes le"),
    ago_before=("il y a",),
    one_words=("un", "une"),
    time_units=(
        "seconde", "secondes", "minute", "minutes", "min", "heure", "heures", "h", "jour", "jours", "semaine",
        "semaines", "mois", "an", "ans",
    ),
    byline_prefixes=("par", "auteur", "autrice", "texte", "propos recueillis par", "écrit par"),
    author_box_prefixes=("à propos de", "a propos de"),
    author_box_headings=(
        "à propos de l'auteur", "a propos de l'auteur", "à propos de l'autrice", "l'auteur", "l'auteure", "l'autrice",
    ),
    name_joiners=("et",),
    name_particles=("de", "du", "des", "la", "le"),
    byline_stop_words=(
        "rédaction", "journaliste", "correspondant", "correspondante", "envoyé spécial", "envoyée spéciale",
        "rédacteur", "rédactrice", "service", "pigiste", "grand reporter", "agences",
    ),
    byline_classes=("auteur",),
    home_labels=("accueil",),
    counter_words=("sur", "de"),
)  # fmt: skip
