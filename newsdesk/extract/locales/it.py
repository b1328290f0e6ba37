"""Italian page chrome. Written from the layouts of Italian news sites: "Tempo di lettura: 3 minuti",
"Pubblicato il 3 maggio 2024", "Leggi anche", "Abbonati", "Riproduzione riservata"."""

from newsdesk.extract.locales.base import Locale

TABLE = Locale(
    code="it",
    name="italiano",
    reading_time_labels=("tempo di lettura", "lettura"),
    reading_time_suffixes=("di lettura", "lettura"),
    minute_words=("min", "minuto", "minuti"),
    related_prefixes=(
        "leggi anche", "leggi pure", "vedi anche", "guarda anche", "potrebbe interessarti", "approfondisci",
        "per approfondire",
    ),
    teaser_headings=(
        "leggi anche", "vedi anche", "guarda anche", "articoli correlati", "articolo correlato", "notizie correlate",
        "potrebbe interessarti", "ti potrebbe interessare", "potrebbe anche interessarti", "potrebbe piacerti",
        "ti potrebbe piacere", "potrebbero interessarti", "potrebbero piacerti", "potrebbero anche interessarti",
        "ti potrebbero interessare", "i più letti", "più letti", "le più lette", "più lette", "i più visti",
        "ultime notizie", "consigliati", "consigliati per te", "per approfondire",
    ),
    section_prefixes=("altre notizie da", "ultime notizie da", "altro in"),
    comment_words=("commento", "commenti"),
    reply_words=("risposte", "reazioni"),
    comment_prompts=(
        "lascia un commento", "scrivi un commento", "aggiungi un commento", "mostra commenti",
        "i commenti sono chiusi", "partecipa alla discussione",
    ),
    comment_prepositions=("su", "a", "per"),
    story_navigation=(
        "precedente", "successivo", "articolo precedente", "articolo successivo", "notizia precedente",
        "notizia successiva",
    ),
    tag_headings=("tag", "argomenti", "parole chiave", "temi"),
    end_markers=(
        "newsletter", "seguici", "torna su", "torna in alto", "condividi questo articolo", "contenuto sponsorizzato",
        "chi siamo",
    ),
    share_words=("condividi", "stampa", "invia", "twitta"),
    share_phrases=("copia link", "copia il link", "link copiato", "condividi articolo", "condividi questo articolo"),
    share_prefixes=("condividi su", "condividi via", "condividi con", "invia per email", "seguici su"),
    subscription_buttons=(
        "abbonati", "abbonati ora", "abbonati subito", "accedi", "registrati", "iscriviti", "entra", "abbonamento",
    ),
    subscription_prompts=(
        "abbonati ora", "abbonati subito", "sei già abbonato", "già abbonato", "riservato agli abbonati",
        "contenuto riservato", "esclusivo per gli abbonati", "iscriviti alla newsletter",
    ),
    cookie_buttons=(
        "accetta", "accetta tutto", "accetta tutti", "accetta i cookie", "accetto", "rifiuta", "rifiuta tutto",
        "personalizza", "impostazioni cookie", "gestisci cookie",
    ),
    cookie_prompts=(
        "utilizziamo i cookie", "utilizziamo cookie", "questo sito utilizza cookie", "utilizza cookie",
        "utilizza i cookie", "uso dei cookie", "usiamo i cookie",
    ),
    legal_notices=("riproduzione riservata", "è vietata la riproduzione", "vietata la riproduzione"),
    rights_reserved=("tutti i diritti riservati",),
    footer_links=(
        "note legali", "informativa sulla privacy", "privacy policy", "cookie policy", "informativa cookie",
        "contatti", "chi siamo", "termini e condizioni", "condizioni d'uso", "mappa del sito", "lavora con noi",
    ),
    ad_labels=("pubblicità", "sponsorizzato", "contenuto sponsorizzato", "annuncio"),
    interface_words=(
        "cerca", "chiudi", "leggi tutto", "continua a leggere", "mostra di più", "caricamento", "ascolta",
        "ascolta l'articolo", "vai al contenuto", "salta al contenuto", "guarda il video",
    ),
    headline_ui_words=(
        "condividi", "seguici", "abbonati", "accedi", "clicca", "newsletter", "commenti", "scarica", "pubblicità",
        "leggi tutto", "leggi anche",
    ),
    photo_labels=("foto", "immagine", "fotografia"),
    credit_labels=("fonte", "crediti"),
    footer_terms=(
        "riproduzione riservata", "partita iva", "abbonamento", "pubblicità", "i nostri lettori",
        "la nostra redazione", "contatti", "newsletter", "registrazione del tribunale",
    ),
    published_labels=("pubblicato", "pubblicato il", "pubblicata", "data di pubblicazione"),
    updated_labels=("aggiornato", "aggiornato il", "aggiornata", "ultimo aggiornamento", "modificato"),
    today_labels=("oggi", "oggi è"),
    ago_after=("fa",),
    one_words=("un", "una", "uno"),
    time_units=(
        "secondi", "minuto", "minuti", "min", "ora", "ore", "giorno", "giorni", "settimana", "settimane", "mese",
        "mesi", "anno", "anni",
    ),
    byline_prefixes=("di", "a cura di", "autore", "autrice", "testo", "scritto da"),
    author_box_prefixes=("chi è", "informazioni su"),
    author_box_headings=("l'autore", "l'autrice", "sull'autore", "informazioni sull'autore"),
    name_joiners=("e",),
    name_particles=("di", "da", "della", "del", "de", "dei", "degli"),
    byline_stop_words=(
        "redazione", "giornalista", "corrispondente", "inviato", "inviata", "caporedattore", "redattore",
        "redattrice", "collaboratore", "editorialista", "agenzie",
    ),
    byline_classes=("autore", "firma"),
    home_labels=("home", "homepage", "prima pagina"),
    counter_words=("di",),
)  # fmt: skip
