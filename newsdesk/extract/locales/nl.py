"""Dutch page chrome (Netherlands and Flanders). Written from the layouts of Dutch-language news sites:
"Leestijd: 4 minuten", "Gepubliceerd op 3 mei 2024", "Lees ook", "Word abonnee", "Alle rechten voorbehouden"."""

from newsdesk.extract.locales.base import Locale

TABLE = Locale(
    code="nl",
    name="Nederlands",
    reading_time_labels=("leestijd", "leesduur"),
    reading_time_suffixes=("leestijd", "lezen", "leesduur"),
    minute_words=("min", "minuut", "minuten"),
    related_prefixes=("lees ook", "lees meer", "bekijk ook", "zie ook", "ook interessant", "gerelateerd"),
    teaser_headings=(
        "lees ook", "lees meer", "bekijk ook", "zie ook", "ook interessant", "gerelateerde artikelen", "gerelateerd",
        "gerelateerd nieuws", "meest gelezen", "meest bekeken", "aanbevolen", "vind je misschien ook leuk",
        "dit vind je misschien ook leuk", "vind je misschien ook interessant", "dit vind je misschien ook interessant",
        "laatste nieuws", "meer over dit onderwerp",
    ),
    section_prefixes=("meer nieuws uit", "meer uit"),
    comment_words=("reactie", "reacties"),
    reply_words=("antwoorden",),
    comment_prompts=(
        "plaats een reactie", "reageer", "reageren", "laat een reactie achter", "schrijf een reactie",
        "bekijk reacties", "reageren is niet meer mogelijk",
    ),
    comment_prepositions=("op",),
    story_navigation=("vorig artikel", "volgend artikel", "vorige", "volgende", "vorig bericht", "volgend bericht"),
    tag_headings=("tags", "onderwerpen", "trefwoorden", "thema's"),
    end_markers=(
        "nieuwsbrief", "volg ons", "terug naar boven", "naar boven", "deel dit artikel", "gesponsorde inhoud",
        "over ons",
    ),
    share_words=("delen", "deel", "printen", "mailen"),
    share_phrases=("link kopiëren", "kopieer link", "link gekopieerd", "deel dit artikel"),
    share_prefixes=("delen op", "deel op", "delen via", "deel via", "volg ons op"),
    subscription_buttons=(
        "abonneer", "abonneer nu", "abonneren", "word abonnee", "inloggen", "registreren", "aanmelden", "mijn account",
    ),
    subscription_prompts=(
        "abonneer nu", "word abonnee", "al abonnee", "ben je al abonnee", "alleen voor abonnees",
        "exclusief voor abonnees", "neem een abonnement", "schrijf je in voor de nieuwsbrief", "nieuwsbrief",
    ),
    cookie_buttons=(
        "accepteren", "alles accepteren", "cookies accepteren", "akkoord", "weigeren", "alles weigeren",
        "instellingen", "cookie-instellingen", "cookie instellingen",
    ),
    cookie_prompts=(
        "wij gebruiken cookies", "we gebruiken cookies", "maakt gebruik van cookies", "gebruikt cookies",
        "gebruik van cookies",
    ),
    legal_notices=("mag worden verveelvoudigd", "zonder voorafgaande schriftelijke toestemming"),
    rights_reserved=("alle rechten voorbehouden",),
    footer_links=(
        "privacybeleid", "privacyverklaring", "cookiebeleid", "cookieverklaring", "algemene voorwaarden",
        "gebruiksvoorwaarden", "contact", "colofon", "over ons", "disclaimer", "adverteren", "klantenservice",
    ),
    ad_labels=("advertentie", "gesponsord", "reclame"),
    interface_words=(
        "zoeken", "sluiten", "lees verder", "meer laden", "laden", "bezig met laden", "luister",
        "beluister dit artikel", "naar de inhoud", "ga naar de inhoud", "spring naar de inhoud", "bekijk de video",
    ),
    headline_ui_words=(
        "delen", "volg", "volgen", "printen", "abonneer", "inloggen", "klik", "nieuwsbrief", "reacties", "download",
        "advertentie", "lees verder", "lees ook",
    ),
    photo_labels=("foto", "beeld", "afbeelding", "illustratie"),
    credit_labels=("bron",),
    footer_terms=(
        "alle rechten voorbehouden", "cookies", "abonnement", "abonnees", "adverteren", "onze lezers",
        "onze redactie", "colofon", "klantenservice", "nieuwsbrief",
    ),
    published_labels=("gepubliceerd", "gepubliceerd op", "geplaatst", "geplaatst op", "verschenen"),
    updated_labels=("bijgewerkt", "bijgewerkt op", "laatst bijgewerkt", "gewijzigd", "aangepast"),
    today_labels=("vandaag",),
    ago_after=("geleden",),
    one_words=("een",),
    time_units=(
        "seconden", "minuut", "minuten", "min", "uur", "dag", "dagen", "week", "weken", "maand", "maanden", "jaar",
    ),
    byline_prefixes=("door", "tekst", "auteur", "geschreven door"),
    author_box_prefixes=("over",),
    author_box_headings=("over de auteur", "over de schrijver"),
    name_joiners=("en",),
    name_particles=("van", "der", "den", "de", "ter", "ten"),
    byline_stop_words=(
        "redactie", "verslaggever", "verslaggeefster", "correspondent", "journalist", "redacteur", "columnist",
        "eindredactie",
    ),
    byline_classes=("auteur", "schrijver"),
    home_labels=("home", "voorpagina"),
    counter_words=("van",),
)  # fmt: skip
