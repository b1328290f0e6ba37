"""German page chrome (Germany, Austria, Switzerland). Written from the layouts of German-language news sites:
"Lesezeit: 4 Min.", "Veröffentlicht am 3. Mai 2024", "Auch interessant", "Jetzt abonnieren", "Impressum"."""

from newsdesk.extract.locales.base import Locale

TABLE = Locale(
    code="de",
    name="Deutsch",
    reading_time_labels=("lesezeit", "lesedauer", "geschätzte lesezeit"),
    reading_time_suffixes=("lesezeit", "lesen", "lesedauer"),
    minute_words=("min", "minute", "minuten"),
    related_prefixes=(
        "lesen sie auch", "lesen sie mehr", "lies auch", "auch interessant", "mehr zum thema", "siehe auch",
        "zum thema", "passend zum thema",
    ),
    teaser_headings=(
        "lesen sie auch", "lesen sie mehr", "lies auch", "lies mehr", "auch interessant", "mehr zum thema",
        "siehe auch", "zum thema", "passend zum thema", "weitere artikel", "weitere beiträge", "weitere nachrichten",
        "weitere artikel zum thema", "weitere beiträge zum thema", "weitere nachrichten zum thema",
        "ähnliche artikel", "ähnliche beiträge", "das könnte sie interessieren", "das könnte sie auch interessieren",
        "das könnte dich interessieren", "das könnte dich auch interessieren", "meistgelesen",
        "meistgelesene artikel", "am meisten gelesen", "empfehlungen", "unsere empfehlungen", "neueste artikel",
        "weitere themen",
    ),
    section_prefixes=("mehr aus", "mehr aus dem ressort", "weitere artikel aus"),
    comment_words=("kommentar", "kommentare", "leserkommentare"),
    reply_words=("antworten", "reaktionen"),
    comment_prompts=(
        "kommentieren", "jetzt kommentieren", "kommentar schreiben", "kommentar verfassen", "diskutieren sie mit",
        "zu den kommentaren", "kommentare anzeigen",
    ),
    comment_prepositions=("zu", "zum", "zur"),
    story_navigation=(
        "vorheriger artikel", "nächster artikel", "vorheriger beitrag", "nächster beitrag", "zurück", "weiter",
    ),
    tag_headings=("schlagwörter", "schlagworte", "stichwörter", "themen", "tags"),
    end_markers=(
        "newsletter", "folgen sie uns", "nach oben", "zum seitenanfang", "artikel teilen", "beitrag teilen",
        "jetzt teilen", "gesponsert",
    ),
    share_words=("teilen", "drucken", "versenden", "senden"),
    share_phrases=(
        "link kopiert", "link kopieren", "artikel teilen", "beitrag teilen", "seite drucken", "artikel drucken",
    ),
    share_prefixes=("teilen auf", "teilen per", "teilen via", "per e-mail teilen", "per mail teilen"),
    subscription_buttons=(
        "abonnieren", "jetzt abonnieren", "abo", "abo abschließen", "anmelden", "einloggen", "registrieren",
        "jetzt testen", "mein konto",
    ),
    subscription_prompts=(
        "jetzt abonnieren", "abonnieren sie", "bereits abonnent", "schon abonnent", "nur für abonnenten",
        "exklusiv für abonnenten", "mit einem abo", "newsletter abonnieren",
    ),
    cookie_buttons=(
        "akzeptieren", "alle akzeptieren", "alle cookies akzeptieren", "zustimmen", "zustimmen und weiter",
        "ablehnen", "alle ablehnen", "einstellungen", "cookie-einstellungen",
    ),
    cookie_prompts=(
        "wir verwenden cookies", "wir nutzen cookies", "verwendet cookies", "nutzt cookies", "einsatz von cookies",
        "verwendung von cookies",
    ),
    legal_notices=(
        "nachdruck nur mit", "vervielfältigung nur mit", "weiterverwendung nur mit",
        "ohne vorherige schriftliche genehmigung",
    ),
    rights_reserved=("alle rechte vorbehalten",),
    footer_links=(
        "impressum", "datenschutz", "datenschutzerklärung", "datenschutzeinstellungen", "kontakt", "agb",
        "nutzungsbedingungen", "barrierefreiheit", "über uns", "mediadaten",
    ),
    ad_labels=("anzeige", "werbung", "gesponsert"),
    interface_words=(
        "menü", "suche", "schließen", "startseite", "weiterlesen", "mehr lesen", "artikel anhören", "vorlesen",
        "bild vergrößern", "video abspielen", "schriftgröße", "mehr anzeigen", "wird geladen", "zum inhalt springen",
    ),
    headline_ui_words=(
        "teilen", "folgen", "drucken", "abonnieren", "anmelden", "einloggen", "klicken", "newsletter", "menü",
        "kommentare", "herunterladen", "anzeige", "weiterlesen", "mehr lesen",
    ),
    photo_labels=("foto", "bild", "abbildung"),
    credit_labels=("quelle", "bildquelle"),
    footer_terms=(
        "impressum", "datenschutz", "abonnement", "abo", "werbung", "unsere leser", "unsere redaktion", "kontakt",
        "leserbriefe", "newsletter",
    ),
    published_labels=("veröffentlicht", "veröffentlicht am", "publiziert", "erschienen", "erstellt"),
    updated_labels=("aktualisiert", "zuletzt aktualisiert", "aktualisiert am", "geändert"),
    today_labels=("heute",),
    ago_before=("vor",),
    one_words=("ein", "eine", "einem", "einer"),
    time_units=(
        "sekunden", "minute", "minuten", "stunde", "stunden", "tag", "tagen", "woche", "wochen", "monat", "monaten",
        "jahr", "jahren",
    ),
    byline_prefixes=("von", "text", "autor", "autorin", "geschrieben von"),
    author_box_prefixes=("über",),
    author_box_headings=("über den autor", "über die autorin", "zur person", "zum autor", "zur autorin"),
    name_joiners=("und",),
    name_particles=("von", "der", "zu", "vom"),
    byline_stop_words=(
        "redaktion", "korrespondent", "korrespondentin", "redakteur", "redakteurin", "reporter", "reporterin",
        "chefredakteur", "chefredakteurin", "agenturen",
    ),
    byline_classes=("autor", "verfasser"),
    home_labels=("startseite",),
    counter_words=("von",),
    patterns=(
        ("footer_links", r"datenschutz.*"),
        ("share_phrases", r"(?:auf|per|via|bei) [\w.-]+ teilen"),
    ),
)  # fmt: skip
