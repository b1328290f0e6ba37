"""A seeded generator of news-API-like JSON Lines exports, for scale benchmarks (bench/scale.py) and their tests.

    .venv/bin/python bench/scalegen.py OUT_DIR N [--seed S] [--per-file K]

`write_corpus` writes N records as `part-00000.jsonl`, ... of `per_file` records each, streaming (a bounded ring of
recent stories is all it keeps) and deterministic: the same seed gives byte-identical files. A record is what a news
API export holds (`url`, `title`, `published`, `authors`, `section`, `language` on about half, `text`), on one of 40
invented sites, over three years, in the order a dated export would list them. The text is English-like news prose
built from sentence templates with real words, about one of the 11 rule topics of data/topics.toml (its lede always
carries a word that topic's query matches) or about one of four themes no rule matches; each theme has its own
nouns, actors, verbs and quotes, so word-vector topic discovery has structure to find. Shares, by construction:
~20% no rule topic, ~3% undated, ~1% exact copies of a story from an earlier file under the same URL (half with a
tracking parameter the store's canonical URL drops), ~1% near copies (one paragraph edited, another site), ~1% in
French, German or Spanish. Topic popularity drifts with the seasons and jumps in a few seeded months, so coverage
charts look like news. Every name (sites, places, people, organisations, countries) is invented.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import datetime as dt
import json
import math
import random
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

SEED = 20261201
# Bump when the output for a given seed changes, so bench/scale.py regenerates files it kept from before.
GENERATOR_VERSION = 1
FIRST_DAY = dt.date(2022, 1, 1)
DAYS = 3 * 365
MONTHS = 36
# Shares of all records, by construction (the tests check them on 2,000 records).
UNDATED_SHARE = 0.03
DUPLICATE_SHARE = 0.01
NEAR_DUPLICATE_SHARE = 0.01
FOREIGN_SHARE = 0.01
NO_TOPIC_SHARE = 0.20
LANGUAGE_FIELD_SHARE = 0.5  # the rest have their language detected at ingest
TRACKING_SHARE = 0.5  # of exact copies: the URL carries ?utm_source=..., which canonical_url drops
SECOND_TOPIC_SHARE = 0.15  # of topic stories: one paragraph about a related topic (articles may have two topics)
# Text length and shape.
WORDS_MIN, WORDS_MAX = 250, 600
PARAGRAPHS_MIN, PARAGRAPHS_MAX = 4, 8
# Where body sentences come from: the story's theme, neutral context, or a quote (the rest).
THEME_SENTENCE_SHARE = 0.62
CONTEXT_SENTENCE_SHARE = 0.22
CONTEXT_CUT = THEME_SENTENCE_SHARE + CONTEXT_SENTENCE_SHARE
# Sentences prebuilt per theme from the templates: large enough that two stories of a theme share a sentence or
# two at most (so near-duplicate detection only pairs real copies), small enough to build in a fraction of a second.
POOL_SIZE = 3000
# Stories kept for copies: recent ones (near copies are syndicated within days) and the tail of earlier files.
RECENT_RING = 500
EARLIER_RING = 2000
# Topic popularity: a seasonal swing of up to this much around each topic's base weight, a drift over the three
# years, and SPIKES seeded (topic, month) jumps that multiply the weight (and half as much the month after).
SEASON_AMPLITUDE = 0.3
DRIFT = 0.35
SPIKES = 6
SPIKE_FACTOR = 3.5

# Search words the scale bench types into the sidebar. The dashboard's search is a substring match on title and
# text (ILIKE '%word%'); on the first 20,000 records of seed SEED each RARE word is in 0.8-1.2% of them (most from
# headlines), each COMMON one in 17-21%. bench/scale.py reports the share each one matched in the store.
SEARCH_RARE = ("distant", "ancient", "seabed", "tenants", "fraudster", "retrial", "judges", "tougher", "suppliers",
               "shortages", "protections", "arguments")  # fmt: skip
SEARCH_COMMON = ("service", "return", "office", "centre", "climbed", "putting", "nobody", "prices", "families",
                 "market", "stalled", "research")  # fmt: skip

SITES = (
    "harbourview-herald", "northgate-courier", "kestrel-times", "fenwick-observer", "valley-dispatch",
    "coastline-wire", "ironbridge-post", "lakeside-gazette", "meadowbank-chronicle", "highmoor-ledger",
    "riverside-tribune", "stonegate-journal", "oakridge-record", "westfield-standard", "eastmere-mercury",
    "silverdale-echo", "pinecrest-sentinel", "redcliff-bulletin", "greyhaven-news", "ashcombe-daily",
    "brackenford-times", "caldermouth-herald", "dunmere-post", "glenhallow-courier", "hollinsby-gazette",
    "saltmere-observer", "ravensholm-wire", "pellingford-chronicle", "quarrymoor-ledger", "yarrowmede-tribune",
    "northwick-journal", "lowbridge-record", "marrowdale-standard", "fenholt-mercury", "ivelmarsh-echo",
    "westerholt-sentinel", "thornbury-bulletin", "eastwold-news", "oakhurst-daily", "zephyrpoint-times",
)  # fmt: skip
PLACES = (
    "Ashcombe", "Brackenford", "Caldermouth", "Dunmere", "Eastwold", "Fenholt", "Glenhallow", "Hollinsby",
    "Ivelmarsh", "Kestrel Bay", "Lowbridge", "Marrowdale", "Northwick Sands", "Oakhurst Vale", "Pellingford",
    "Quarrymoor", "Ravensholm", "Saltmere", "Thornbury Cross", "Ulverholt", "Westerholt", "Yarrowmede",
    "Zephyr Point", "Greyhaven", "Silverdale", "Redcliff", "Pinecrest", "Meadowbank", "Highmoor", "Stonegate",
)  # fmt: skip
COUNTRIES = ("Ostrel", "Varnia", "Keldovia", "Surrant", "Tamaris", "Marovia", "Quessland", "Belgrove")
FIRST_NAMES = (
    "Ada", "Bram", "Celia", "Dario", "Edith", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Leon", "Maren",
    "Nico", "Orla", "Pavel", "Quinn", "Rosa", "Silas", "Tamsin", "Umar", "Vera", "Wendell", "Xenia", "Yusuf",
    "Zora", "Anouk", "Bastian", "Clio", "Desmond", "Elin", "Florian", "Gwen", "Hakon", "Isolde", "Joaquin",
)  # fmt: skip
SURNAMES = (
    "Abernethy", "Balcombe", "Carrow", "Delacourt", "Ellery", "Fairweather", "Gallant", "Hartwell", "Ingleby",
    "Jessop", "Kettering", "Lindqvist", "Marchetti", "Northcote", "Okonedo", "Penhaligon", "Quayle", "Ravensworth",
    "Sandoval", "Thistlewood", "Umbers", "Vantongeren", "Westlake", "Yardley", "Zelinski", "Ashdown", "Brightwell",
    "Cavendale", "Dunmore", "Eastcott", "Ferrandis", "Goldhawk", "Holloway", "Ilsley", "Juniper", "Kilbride",
)  # fmt: skip
ORGS = (
    "the Halden Institute", "Northgate Analytics", "the Civic Data Office", "Brightwater Partners",
    "the Lowland Research Council", "Meridian Advisory", "the Ashcombe Policy Centre", "Caldermouth University",
    "the Regional Statistics Bureau", "Harrowfield Associates", "the Saltmere Foundation", "Pinecrest Labs",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")  # fmt: skip
TIMES = ("on {weekday}", "last week", "this month", "over the past year", "in recent weeks", "since the spring",
         "earlier this year", "over the summer", "at the end of last year", "in the first quarter")  # fmt: skip
STAFF_PER_SITE = 24
CLOCK = tuple(f"T{h:02d}:{m:02d}:00" for h in range(24) for m in range(60))
ZONES = ("Z", "Z", "Z", "+01:00", "-05:00")


@dataclass(frozen=True)
class Theme:
    """One subject's words. `keywords` are what its rule query in data/topics.toml matches (empty for themes no
    rule covers); every other list must stay clear of every rule's words, so only the theme's own rule matches."""

    name: str
    rule: str | None  # the rule topic it belongs to, None for "no rule topic"
    weight: float  # base popularity among themes of its kind
    sections: tuple[str, ...]
    keywords: tuple[str, ...]
    nouns: tuple[str, ...]
    actors: tuple[str, ...]
    moves: tuple[str, ...]  # what nouns did, past tense
    could: tuple[str, ...]  # what they could do, infinitive
    quotes: tuple[str, ...]
    heads: tuple[str, ...]  # headline subjects
    head_moves: tuple[str, ...]  # headline verbs, present tense
    related: str | None = None  # the theme a second-topic paragraph comes from


# Each Theme's fields in order: name, rule, weight, sections, keywords, nouns, actors, moves, could, quotes, heads,
# head_moves[, related]. Kept dense (formatter off): a line of words reads better than a word a line.
# fmt: off
THEMES: tuple[Theme, ...] = (
    Theme(
        "Elections", "Elections", 1.3, ("Politics", "News"),
        ("the election", "elections", "voters", "the ballot", "the campaign", "candidates", "the referendum",
         "polling stations", "the primaries", "election officials"),
        ("the governing party", "the opposition", "party leaders", "the manifesto", "turnout", "coalition talks",
         "the parliament", "constituency boundaries", "the leadership contest", "opinion polls", "televised debates",
         "party donors", "the electoral commission", "the senate race", "swing districts", "the first round"),
        ("party strategists", "the prime minister", "opposition leaders", "pollsters", "the electoral commission",
         "independent observers", "senior ministers", "party members"),
        ("narrowed sharply", "shifted towards the opposition", "tightened", "stalled", "gained ground",
         "drew record interest", "slipped further", "held steady"),
        ("decide the outcome", "force a second round", "change the balance of parliament", "delay the count",
         "reshape the coalition"),
        ("Every vote in {place} will count this time", "We are asking people for a clear mandate",
         "The turnout figures tell their own story", "Nobody should take these districts for granted"),
        ("Opposition", "Ministers", "Pollsters", "Party leaders", "Observers"),
        ("prepare for close contest", "trade blows in final debate", "court undecided voters", "concede ground",
         "call for recount"),
        related="Immigration",
    ),
    Theme(
        "Economy", "Economy", 1.4, ("Business", "Economy"),
        ("inflation", "interest rates", "the recession", "GDP", "the central bank", "unemployment",
         "the stock market", "economists"),
        ("wages", "consumer prices", "exports", "retail sales", "bond yields", "the currency", "factory output",
         "the budget deficit", "tax receipts", "borrowing costs", "household savings", "business investment",
         "growth forecasts", "supply chains", "import tariffs", "the jobs market", "corporate earnings",
         "the treasury", "public debt", "manufacturing orders"),
        ("the finance minister", "analysts", "the treasury", "business groups", "investors", "retailers",
         "the statistics office", "bank officials"),
        ("rose faster than expected", "fell for a third month", "slowed sharply", "edged higher", "rebounded",
         "stalled", "surged", "dipped slightly"),
        ("weigh on growth", "push prices higher", "ease next year", "squeeze household budgets",
         "delay investment"),
        ("The outlook for {place} has darkened since the spring", "Households are still feeling the squeeze",
         "We expect a gradual recovery rather than a sharp rebound", "Markets had priced in a much softer landing"),
        ("Prices", "Exports", "Wages", "Shares", "Factory orders", "Retail sales"),
        ("slow as demand cools", "climb again", "beat forecasts", "slump", "stabilise"),
        related="Housing",
    ),
    Theme(
        "Climate", "Climate", 1.0, ("Environment", "Climate"),
        ("climate change", "emissions", "global warming", "carbon", "the heatwave", "drought",
         "sea levels", "wildfires"),
        ("coastal defences", "glaciers", "rainfall", "river levels", "reservoirs", "farmland", "forests",
         "wetlands", "temperatures", "the coastline", "green targets", "tree planting", "flood barriers",
         "soil moisture", "the ice sheet", "crop yields"),
        ("scientists", "environmental groups", "the environment agency", "farmers", "coastal communities",
         "researchers", "forecasters", "conservationists"),
        ("reached record levels", "fell below average", "worsened", "shrank", "rose for a fifth year",
         "broke previous records", "dried up", "recovered slowly"),
        ("threaten harvests", "force evacuations", "damage homes", "speed up melting", "reshape the coast"),
        ("What we saw in {place} this summer was not normal", "The warning signs have been there for years",
         "Farmers are adapting, but there are limits", "Every fraction of a degree matters"),
        ("Scientists", "Farmers", "Coastal towns", "Forecasters", "Green groups"),
        ("warn of hotter summers", "count the cost", "brace for dry spell", "call for faster action",
         "record new high"),
        related="Energy",
    ),
    Theme(
        "Health", "Health", 1.1, ("Health", "Science"),
        ("hospitals", "vaccines", "the pandemic", "the virus", "the outbreak", "patients", "public health",
         "epidemiologists"),
        ("waiting lists", "nurses", "doctors", "emergency departments", "infection rates", "booster doses",
         "intensive care beds", "the health service", "treatment", "symptoms", "clinics", "ambulance times",
         "care homes", "medical staff", "screening", "prescriptions"),
        ("health officials", "doctors' leaders", "the health minister", "nursing unions", "medical researchers",
         "the chief medical officer", "clinicians", "health boards"),
        ("rose sharply", "fell for the first time", "climbed", "eased", "peaked", "doubled", "stabilised",
         "lengthened"),
        ("overwhelm services", "spread further", "strain staff", "delay treatment", "ease by the winter"),
        ("Staff in {place} are working flat out", "We are seeing more cases every week",
         "People should not wait to seek help", "The next few weeks will be critical"),
        ("Doctors", "Nurses", "Clinics", "Health chiefs", "Waiting lists"),
        ("warn of winter pressure", "call for more staff", "report fall in cases", "extend opening hours",
         "face record demand"),
        related="Economy",
    ),
    Theme(
        "Technology", "Technology", 0.9, ("Technology", "Business"),
        ("artificial intelligence", "machine learning", "chatbots", "semiconductors", "software", "startups",
         "algorithms", "cybersecurity"),
        ("data centres", "smartphones", "chip factories", "cloud services", "online platforms", "digital services",
         "user data", "broadband", "tech firms", "developers", "encryption", "app stores", "robotics",
         "microchips", "search engines", "venture capital"),
        ("tech companies", "regulators", "engineers", "privacy groups", "developers", "industry analysts",
         "the digital minister", "investors"),
        ("grew rapidly", "slowed", "drew scrutiny", "expanded", "faltered", "attracted record funding",
         "came under pressure", "doubled in size"),
        ("disrupt the industry", "raise privacy concerns", "cut costs", "reshape the workplace", "face new rules"),
        ("The pace of change in {place} has been remarkable", "We are only at the beginning of this",
         "Users deserve to know how their data is used", "The rules have not kept up with the technology"),
        ("Tech firms", "Regulators", "Chip makers", "Developers", "Platforms"),
        ("unveil new tools", "face scrutiny", "race to build", "tighten rules", "cut jobs"),
        related="Economy",
    ),
    Theme(
        "Sport", "Sport", 1.1, ("Sport",),
        ("the championship", "the tournament", "the league", "the striker", "the goalkeeper", "the world cup",
         "the olympics"),
        ("the final", "the semi-final", "the stadium", "the squad", "the midfield", "the defence", "the captain",
         "the fans", "the title race", "the transfer window", "the manager", "the opening round", "penalties",
         "the second half", "injury time", "the home side"),
        ("the manager", "the players", "supporters", "club officials", "pundits", "the captain", "the referee",
         "the selectors"),
        ("won narrowly", "lost heavily", "drew level", "came from behind", "held on", "dominated",
         "struggled", "stormed back"),
        ("decide the title", "end the season early", "lift the trophy", "secure promotion", "avoid relegation"),
        ("The fans in {place} were magnificent tonight", "We showed real character in the second half",
         "It is one game at a time from here", "Nobody expected us to be here"),
        ("Hosts", "Champions", "Underdogs", "Holders", "Rivals"),
        ("snatch late winner", "crash out", "reach final", "keep title hopes alive", "seal promotion"),
    ),
    Theme(
        "Conflict", "Conflict", 1.1, ("World",),
        ("the ceasefire", "troops", "airstrikes", "missile strikes", "militants", "the insurgency",
         "the military offensive"),
        ("the front line", "the border region", "civilians", "aid convoys", "peace talks", "the capital",
         "supply routes", "the defence ministry", "armoured units", "the frontier", "humanitarian corridors",
         "reinforcements", "the garrison", "shelling", "checkpoints", "the northern provinces"),
        ("the defence ministry", "aid agencies", "diplomats", "local officials", "commanders", "witnesses",
         "the foreign minister", "monitors"),
        ("intensified", "eased overnight", "spread north", "resumed", "stalled", "escalated", "collapsed",
         "held for a second day"),
        ("draw in neighbouring states", "cut off supplies", "force thousands to flee", "derail the talks",
         "prolong the fighting"),
        ("The situation near {place} is getting worse by the hour", "We need access for aid now",
         "There can be no lasting peace without talks", "Families have lost everything"),
        ("Fighting", "Shelling", "Talks", "Diplomats", "Aid groups"),
        ("intensifies near border", "stall again", "push for truce", "warn of crisis", "resume after pause"),
        related="Immigration",
    ),
    Theme(
        "Housing", "Housing", 0.7, ("Money", "Property"),
        ("housing", "mortgages", "renters", "rent control", "landlords", "homelessness", "house prices"),
        ("rents", "new homes", "building permits", "first-time buyers", "the property market", "tenancies",
         "social homes", "planning rules", "estate agents", "deposits", "flats", "council waiting lists",
         "developers", "repossessions", "leaseholders", "the building sector"),
        ("estate agents", "tenant groups", "the housing minister", "builders", "lenders", "councils",
         "property analysts", "charities"),
        ("climbed again", "fell for a second month", "slowed", "jumped", "cooled", "hit a record",
         "stagnated", "recovered"),
        ("price out young families", "slow construction", "ease next spring", "push more people into debt",
         "stall new projects"),
        ("Young people in {place} have simply given up on buying", "Every week we see more families in need",
         "The market is finally cooling", "We cannot build our way out of this overnight"),
        ("Rents", "Buyers", "Builders", "Tenants", "Councils"),
        ("rise again", "face tougher checks", "struggle to keep up", "win new protections", "slow down"),
        related="Economy",
    ),
    Theme(
        "Energy", "Energy", 0.8, ("Business", "Environment"),
        ("energy prices", "gas prices", "the power grid", "electricity", "the pipeline", "oil prices",
         "blackouts", "heating bills"),
        ("wind farms", "solar panels", "fuel supplies", "the regulator", "power stations", "energy firms",
         "storage tanks", "the price cap", "tidal turbines", "nuclear plants", "refineries", "grid upgrades",
         "fuel imports", "household meters", "offshore fields", "battery storage"),
        ("energy companies", "the regulator", "the energy minister", "consumer groups", "grid operators",
         "traders", "industry bodies", "engineers"),
        ("spiked", "fell back", "rose again", "eased", "doubled", "hit a two-year low", "held steady",
         "climbed sharply"),
        ("raise bills this winter", "strain supplies", "force rationing", "ease by the spring", "delay new projects"),
        ("Families in {place} are choosing between heating and eating", "The system held up, but only just",
         "We need far more storage on the network", "Prices will stay volatile for some time"),
        ("Bills", "Suppliers", "Grid operators", "Energy firms", "Regulators"),
        ("rise again", "warn of shortages", "cut output", "cap prices", "restart supply"),
        related="Climate",
    ),
    Theme(
        "Crime & Justice", "Crime & Justice", 0.9, ("News", "Local"),
        ("the court", "the verdict", "prosecutors", "the trial", "the prosecutor"),
        ("the jury", "the judge", "defence lawyers", "witnesses", "the defendant", "the appeal", "evidence",
         "the hearing", "the charges", "the investigation", "detectives", "the victims", "the sentence",
         "the inquiry", "the case files", "bail conditions"),
        ("the judge", "police", "defence lawyers", "detectives", "the victims' families", "court officials",
         "legal experts", "the justice minister"),
        ("collapsed", "resumed", "was adjourned", "was upheld", "was overturned", "dragged on", "ended abruptly",
         "was delayed again"),
        ("take months", "set a precedent", "reopen the case", "lead to further charges", "change the law"),
        ("Justice for the families of {place} has been a long time coming", "We will consider an appeal",
         "The evidence was overwhelming", "Nobody is above the law"),
        ("Judge", "Jury", "Prosecutors", "Appeal judges", "Defence"),
        ("hears closing arguments", "reach verdict", "reject appeal", "order retrial", "jail fraudster"),
    ),
    Theme(
        "Immigration", "Immigration", 0.7, ("World", "Politics"),
        ("migrants", "immigration", "asylum", "refugees", "border crossings", "deportations"),
        ("visa rules", "the border agency", "reception centres", "work permits", "resettlement schemes",
         "the interior ministry", "arrivals", "processing times", "family reunions", "the coastguard",
         "detention centres", "small boats", "quotas", "the application backlog", "citizenship tests",
         "the returns policy"),
        ("the interior minister", "charities", "border officials", "lawyers", "the coastguard", "local councils",
         "aid workers", "human rights groups"),
        ("rose sharply", "fell", "doubled", "slowed", "hit a record", "dropped for a third month",
         "climbed again", "eased"),
        ("overwhelm reception centres", "strain local services", "lengthen the backlog", "change the rules",
         "force new talks"),
        ("Our centre in {place} is full every night", "These are people fleeing real danger",
         "The system needs to be fair and fast", "We cannot cope on our own"),
        ("Arrivals", "Ministers", "Charities", "Border staff", "Councils"),
        ("rise again", "tighten rules", "warn of backlog", "open new centre", "agree new deal"),
    ),
    # Themes no rule topic matches: about a fifth of the corpus, as in real news.
    Theme(
        "Arts", None, 1.0, ("Culture", "Arts"),
        (),
        ("the exhibition", "the gallery", "the orchestra", "the novel", "the festival", "the premiere",
         "the sculpture", "the theatre", "the museum", "the album", "the collection", "the director",
         "the soloist", "the choir", "the ballet", "the opening night", "the paintings", "the poetry prize"),
        ("critics", "curators", "the director", "audiences", "the author", "festival organisers",
         "the conductor", "the artist"),
        ("drew large crowds", "opened to praise", "sold out", "was postponed", "toured widely",
         "won acclaim", "divided critics", "returned to the stage"),
        ("tour next year", "move to a larger venue", "open in the autumn", "travel abroad", "return next season"),
        ("The audience in {place} was extraordinary", "We wanted to surprise people",
         "It took six years to finish", "Art should make you feel something"),
        ("Gallery", "Festival", "Orchestra", "Author", "Museum"),
        ("unveils new work", "returns after restoration", "opens to acclaim", "announces programme",
         "celebrates anniversary"),
    ),
    Theme(
        "Science", None, 0.8, ("Science",),
        (),
        ("the telescope", "the fossils", "the comet", "the expedition", "the laboratory", "the species",
         "the moon mission", "the satellite", "the discovery", "the samples", "the rover", "the genome",
         "the asteroid", "the excavation", "the particle detector", "the deep sea"),
        ("astronomers", "researchers", "biologists", "the research team", "geologists", "archaeologists",
         "physicists", "the space agency"),
        ("revealed new details", "surprised the team", "was confirmed", "returned its first images",
         "was catalogued", "shed light on the past", "was launched", "was recovered"),
        ("rewrite the textbooks", "take years to study", "answer old questions", "guide future missions",
         "open a new field"),
        ("Nobody had seen anything like it near {place}", "This is a once in a generation find",
         "We still have more questions than answers", "The data are remarkably clear"),
        ("Astronomers", "Researchers", "Archaeologists", "Biologists", "Space agency"),
        ("spot distant comet", "unearth ancient remains", "map the seabed", "launch new probe", "find rare species"),
    ),
    Theme(
        "Food & Travel", None, 0.7, ("Lifestyle", "Travel"),
        (),
        ("the restaurant", "the menu", "the harvest", "the recipe", "the market stalls", "the bakery",
         "the vineyard", "the ferry route", "the walking trail", "the guesthouse", "the night train",
         "the island", "the chef", "the cheese makers", "the coastal path", "the street food"),
        ("chefs", "visitors", "travel writers", "growers", "tour operators", "local traders", "diners",
         "innkeepers"),
        ("reopened", "won a new award", "drew long queues", "was extended", "became a favourite",
         "changed hands", "doubled in popularity", "returned for the summer"),
        ("draw more visitors", "open all year", "expand to new towns", "return next season", "sell out quickly"),
        ("People come to {place} for the food and stay for the views", "We grow almost everything ourselves",
         "It is the slow way to travel, and that is the point", "Our grandparents made it the same way"),
        ("Chef", "Island", "Vineyard", "Night train", "Market"),
        ("wins top award", "reopens after refit", "draws summer crowds", "adds new route", "celebrates harvest"),
    ),
    Theme(
        "Education", None, 0.6, ("Education", "Local"),
        (),
        ("the schools", "the exam results", "the teachers", "the curriculum", "the universities", "the pupils",
         "the apprenticeships", "the libraries", "the reading scores", "the tuition fees", "the school meals",
         "the lecture halls", "the graduates", "the school day", "the nurseries", "the summer courses"),
        ("head teachers", "the education minister", "parents", "teaching unions", "school governors",
         "university leaders", "students", "inspectors"),
        ("improved", "fell behind", "were reformed", "rose for a second year", "were delayed", "expanded",
         "were praised by inspectors", "stayed flat"),
        ("change the timetable", "close the gap", "cost more next year", "attract more teachers",
         "reach every pupil"),
        ("The pupils in {place} have worked incredibly hard", "Every child deserves a good start",
         "We need more teachers, not more paperwork", "Reading opens every other door"),
        ("Schools", "Pupils", "Universities", "Teachers", "Parents"),
        ("celebrate record results", "face funding gap", "extend school day", "hire more staff", "reform exams"),
    ),
)
# fmt: on
THEME_BY_NAME = {t.name: t for t in THEMES}
RULE_THEMES = tuple(t for t in THEMES if t.rule)
FREE_THEMES = tuple(t for t in THEMES if not t.rule)

# Sentences about a theme: {K} a keyword, {N}/{N2} nouns, {A} an actor, {M} a move, {C} what could happen, {Q} a
# quote, {T} a time; {place}, {person}, {org} stay as placeholders filled per story (so a story names one place).
THEME_TEMPLATES = (
    "{A_cap} said {N} {M} {T}, adding to concerns about {K}.",
    "In {place}, {N} {M} {T}, according to figures published by {org}.",
    "{N_cap} {M} {T}, and {A} warned that {N2} could {C}.",
    "The latest figures showed {N} {M}, while {N2} {M2}.",
    "{A_cap} set out new plans on {N} {T}.",
    "Concerns about {K} have grown since {month}, when {N} {M}.",
    "Critics said the response to {K} had been too slow, while supporters pointed to {N}.",
    "It was not clear whether {N} would {C} before the end of the year.",
    "{person}, who has followed {N} for more than a decade, said the pressure on {N2} was unlikely to ease soon.",
    "Figures from {org} suggest {N} {M} by {num} percent in the year to {month}.",
    "The debate over {K} is likely to dominate the coming months in {place}.",
    "{A_cap} said {N} {M} because of {N2}, though others disputed that reading.",
    "Attention now turns to {N}, which {A} said could {C}.",
    "Officials in {place} said {K} would be on the agenda when {A} meet {T}.",
)
LEDE_TEMPLATES = (
    "Debate over {K} dominated {place} {T}, as {N} {M}.",
    "{A_cap} in {place} warned {T} that {K} could {C}.",
    "New figures on {K} in {place} showed {N} {M} {T}, {person} reports.",
    "{N_cap} {M} {T} in {place}, putting {K} back at the top of the agenda.",
)
FREE_LEDE_TEMPLATES = (
    "{N_cap} {M} {T} in {place}, delighting {A}.",
    "{A_cap} in {place} said {T} that {N} {M}.",
    "In {place}, {N} {M} {T}, {person} reports.",
)
# Straight quotes, as most exports have them: the text stays ASCII, which keeps joining, encoding and the store's
# own string handling on their fast paths (one curly quote makes Python hold a whole text at two bytes a character).
QUOTE_TEMPLATES = (
    '"{Q}," said {person}, who speaks for {org}.',
    '"{Q}," {person} told reporters in {place}.',
    '"{Q}. {Q2}," {person} said.',
    '{person}, of {org}, put it more bluntly: "{Q}."',
)
# Context that fits any story and matches no rule.
CONTEXT_SENTENCES = (
    "The announcement came after weeks of speculation.",
    "A spokesperson declined to comment further on {weekday}.",
    "Residents in {place} said they had noticed the change in recent weeks.",
    "The details are expected to be published later this month.",
    "Local councillors in {place} have asked for a full briefing.",
    "It is the first time such figures have been released since {month}.",
    "The plans will be reviewed again in the autumn.",
    "Several people who spoke to this newspaper asked not to be named.",
    "A public meeting is planned in {place} for next {weekday}.",
    "Officials said more information would follow in due course.",
    "The move had been widely expected.",
    "Similar changes have been made in other regions over the past two years.",
    "The report runs to more than {pages} pages.",
    "Opposition members in {place} said they would study the proposals closely.",
    "The figures do not include the final weeks of {month}.",
    "A further update is due on {weekday}.",
    "{org} said it would publish its own assessment next month.",
    "Some of the changes will take effect immediately, others from {month}.",
    "The decision was taken at a meeting on {weekday} morning.",
    "Many in {place} welcomed the news, though some remained cautious.",
)


_SLOT_WORDS = {"{place}": max(len(p.split()) for p in PLACES), "{person}": 2,
               "{org}": max(len(o.split()) for o in ORGS)}  # fmt: skip


def _join_words(words: str) -> str:
    """Slug from a title: lower-case words joined by hyphens, at most eight of them."""
    return "-".join(re.findall(r"[a-z0-9]+", words.lower())[:8])


def _words(sentence: str) -> int:
    """Words of a pool sentence once its placeholders are filled, at least (a place, a person, an org is a word)."""
    return sentence.count(" ") + 1


def _most_words(sentence: str) -> int:
    """Words of a pool sentence once its placeholders are filled, at most (the longest place, person and org)."""
    words = sentence.count(" ") + 1
    for slot, longest in _SLOT_WORDS.items():
        words += sentence.count(slot) * (longest - 1)
    return words


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# ----------------------------------------------------------------------------------------------- other languages
# fmt: off
FOREIGN: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": {
        "templates": (
            "Les autorités de {place} ont annoncé {T} de nouvelles mesures concernant {N}.",
            "Selon {org}, {N} ont fortement augmenté au cours des derniers mois.",
            "Les habitants de {place} se disent inquiets face à l'évolution de {N}.",
            "Le ministre a promis une réponse rapide, mais les critiques restent nombreuses.",
            "Une réunion publique est prévue la semaine prochaine pour discuter de {N}.",
            "Les experts estiment que {N} pourraient encore changer d'ici la fin de l'année.",
            "Plusieurs associations demandent davantage de transparence sur {N}.",
            "La décision a été prise après plusieurs semaines de discussions difficiles.",
        ),
        "nouns": ("les transports publics", "les loyers", "les écoles", "les prix alimentaires", "les salaires",
                  "les services municipaux", "les travaux routiers", "les marchés locaux"),
        "times": ("lundi", "mardi", "cette semaine", "hier soir", "ce matin", "le mois dernier"),
        "titles": ("{place} : nouvelles mesures pour {N}", "Inquiétude à {place} autour de {N}",
                   "{N_cap} : le débat continue à {place}"),
    },
    "de": {
        "templates": (
            "Die Behörden in {place} haben {T} neue Maßnahmen für {N} angekündigt.",
            "Nach Angaben von {org} sind {N} in den vergangenen Monaten deutlich gestiegen.",
            "Viele Bewohner von {place} zeigen sich besorgt über die Entwicklung.",
            "Der Minister versprach eine schnelle Antwort, doch die Kritik bleibt laut.",
            "Eine öffentliche Versammlung zu {N} ist für die kommende Woche geplant.",
            "Fachleute gehen davon aus, dass sich {N} bis zum Jahresende weiter verändern.",
            "Mehrere Verbände fordern mehr Transparenz bei {N}.",
            "Die Entscheidung fiel nach wochenlangen, schwierigen Gesprächen.",
        ),
        "nouns": ("die Mieten", "die Schulen", "die Lebensmittelpreise", "die Löhne", "die Buslinien",
                  "die städtischen Dienste", "die Straßenarbeiten", "die Wochenmärkte"),
        "times": ("am Montag", "am Dienstag", "in dieser Woche", "gestern Abend", "heute Morgen", "im Vormonat"),
        "titles": ("{place}: Neue Maßnahmen für {N}", "Sorge in {place} um {N}", "Streit um {N} in {place}"),
    },
    "es": {
        "templates": (
            "Las autoridades de {place} anunciaron {T} nuevas medidas sobre {N}.",
            "Según {org}, {N} han subido con fuerza en los últimos meses.",
            "Los vecinos de {place} se muestran preocupados por la evolución de {N}.",
            "El ministro prometió una respuesta rápida, pero las críticas no cesan.",
            "La próxima semana se celebrará una reunión pública para hablar de {N}.",
            "Los expertos creen que {N} podrían cambiar todavía antes de fin de año.",
            "Varias asociaciones piden más transparencia sobre {N}.",
            "La decisión se tomó tras varias semanas de conversaciones difíciles.",
        ),
        "nouns": ("los alquileres", "las escuelas", "los precios de los alimentos", "los salarios",
                  "el transporte público", "los servicios municipales", "las obras", "los mercados locales"),
        "times": ("el lunes", "el martes", "esta semana", "anoche", "esta mañana", "el mes pasado"),
        "titles": ("{place}: nuevas medidas para {N}", "Preocupación en {place} por {N}",
                   "{N_cap}: sigue el debate en {place}"),
    },
}
# fmt: on
FOREIGN_SECTIONS = {"fr": "International", "de": "International", "es": "Internacional"}


# ----------------------------------------------------------------------------------------------- the records
class RecordInfo(NamedTuple):
    """What a record is, for tests and summaries (never written to the files)."""

    index: int  # position in the corpus, from 0
    file: int  # which part-NNNNN file
    kind: str  # "original", "duplicate", "near_duplicate" or "foreign"
    theme: str | None  # Theme.name of an English story (None for a foreign one)
    rule: str | None  # the rule topic its lede matches (None: no rule topic)
    source: int | None  # for copies: the index of the record copied


@dataclass
class GenSummary:
    """What `write_corpus` wrote, and how fast."""

    records: int = 0
    files: list[str] = field(default_factory=list)
    bytes: int = 0
    seconds: float = 0.0  # wall clock
    cpu_seconds: float = 0.0  # this process's CPU time: the speed on a machine shared with other work
    seed: int = SEED
    per_file: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_theme: dict[str, int] = field(default_factory=dict)  # rule-topic and free themes; foreign records not counted
    undated: int = 0
    with_language: int = 0
    first_day: str = ""
    last_day: str = ""
    spikes: list[str] = field(default_factory=list)  # "Theme YYYY-MM" of the seeded spikes

    @property
    def records_per_second(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else 0.0

    @property
    def records_per_cpu_second(self) -> float:
        return self.records / self.cpu_seconds if self.cpu_seconds > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["records_per_second"] = round(self.records_per_second, 1)
        out["records_per_cpu_second"] = round(self.records_per_cpu_second, 1)
        return out


class _Pools:
    """Every sentence a story can use, prebuilt per theme from the templates, so a story costs one pick per
    pair of sentences and one placeholder fill per text. `body` holds pairs mixing a theme's own sentences, context
    and quotes in the shares above (unique enough: two stories of a theme share a pair rarely); `*_words` hold each
    entry's least and most words, so a story stops at its length without counting."""

    def __init__(self, rng: random.Random) -> None:
        theme = {t.name: self._theme_pool(rng, t) for t in THEMES}
        quote = {t.name: self._quotes(rng, t) for t in THEMES}
        context = [self._fill_context(rng, s) for s in CONTEXT_SENTENCES for _ in range(8)]
        self.lede: dict[str, list[str]] = {t.name: self._ledes(rng, t) for t in THEMES}
        self.theme = theme
        self.body: dict[str, list[str]] = {}
        for t in THEMES:
            picks = []
            for _ in range(2 * POOL_SIZE):
                pair = []
                for _ in range(2):
                    r = rng.random()
                    pool = theme[t.name] if r < THEME_SENTENCE_SHARE else context if r < CONTEXT_CUT else quote[t.name]
                    pair.append(pool[int(rng.random() * len(pool))])
                picks.append(" ".join(pair))
            self.body[t.name] = picks
        self.context = context
        self.foreign: dict[str, list[str]] = {lang: self._foreign_pool(rng, spec) for lang, spec in FOREIGN.items()}
        self.theme_words = {k: [(_words(x), _most_words(x)) for x in v] for k, v in self.theme.items()}
        self.body_words = {k: [(_words(x), _most_words(x)) for x in v] for k, v in self.body.items()}
        self.foreign_words = {k: [(_words(x), _most_words(x)) for x in v] for k, v in self.foreign.items()}

    @staticmethod
    def _slots(rng: random.Random, t: Theme) -> dict[str, str]:
        r = rng.random

        def pick(items: Sequence[str]) -> str:
            return items[int(r() * len(items))]

        n = pick(t.nouns)
        n2 = pick([x for x in t.nouns if x != n])
        m = pick(t.moves)
        a, k = pick(t.actors), pick(t.keywords or t.nouns)
        return {
            "K": k,
            "K_cap": _cap(k),
            "N": n,
            "N_cap": _cap(n),
            "N2": n2,
            "A": a,
            "A_cap": _cap(a),
            "M": m,
            "M2": pick([x for x in t.moves if x != m]),
            "C": pick(t.could),
            "T": pick(TIMES).replace("{weekday}", pick(WEEKDAYS)),
            "month": pick(MONTH_NAMES),
            "num": f"{1 + int(r() * 19)}.{int(r() * 10)}",
            "Q": pick(t.quotes),
            "Q2": pick(t.quotes),
            "place": "{place}",
            "person": "{person}",
            "org": "{org}",
        }

    def _theme_pool(self, rng: random.Random, t: Theme) -> list[str]:
        templates = [s for s in THEME_TEMPLATES if t.keywords or "{K" not in s]
        return [rng.choice(templates).format_map(self._slots(rng, t)) for _ in range(POOL_SIZE)]

    def _ledes(self, rng: random.Random, t: Theme) -> list[str]:
        templates = LEDE_TEMPLATES if t.keywords else FREE_LEDE_TEMPLATES
        return [rng.choice(templates).format_map(self._slots(rng, t)) for _ in range(POOL_SIZE // 4)]

    def _quotes(self, rng: random.Random, t: Theme) -> list[str]:
        out = []
        for _ in range(POOL_SIZE // 6):
            slots = self._slots(rng, t)
            if slots["Q2"] == slots["Q"]:
                slots["Q2"] = t.quotes[(t.quotes.index(slots["Q"]) + 1) % len(t.quotes)]
            # a quote's own {place} stays a placeholder for the story
            out.append(rng.choice(QUOTE_TEMPLATES).format_map(slots))
        return out

    @staticmethod
    def _fill_context(rng: random.Random, sentence: str) -> str:
        return sentence.format_map(
            {
                "weekday": rng.choice(WEEKDAYS),
                "month": rng.choice(MONTH_NAMES),
                "pages": str(rng.randrange(40, 400, 10)),
                "place": "{place}",
                "org": "{org}",
            }
        )

    @staticmethod
    def _foreign_pool(rng: random.Random, spec: dict[str, tuple[str, ...]]) -> list[str]:
        out = []
        for _ in range(POOL_SIZE // 6):
            n = rng.choice(spec["nouns"])
            slots = {"N": n, "N_cap": _cap(n), "T": rng.choice(spec["times"]), "place": "{place}", "org": "{org}"}
            out.append(rng.choice(spec["templates"]).format_map(slots))
        return out


class _Story(NamedTuple):
    """What copies need of an original: the record and where it sits."""

    index: int
    file: int
    record: dict[str, Any]
    theme: str
    rule: str | None
    day: int | None  # days after FIRST_DAY, None when undated


def _month_weights(rng: random.Random) -> tuple[list[list[float]], list[str]]:
    """Cumulative weights of the rule themes per month (seasons, drift, seeded spikes) and the spikes' names."""
    season = {t.name: (rng.uniform(0, SEASON_AMPLITUDE), rng.uniform(0, 12)) for t in RULE_THEMES}
    drift = {t.name: rng.uniform(-DRIFT, DRIFT) for t in RULE_THEMES}
    spikes: dict[tuple[str, int], float] = {}
    names = []
    for theme in rng.sample(RULE_THEMES, SPIKES):
        month = rng.randrange(6, MONTHS - 1)  # after six months of history, so a chart shows it as a jump
        spikes[(theme.name, month)] = SPIKE_FACTOR
        spikes[(theme.name, month + 1)] = 1 + (SPIKE_FACTOR - 1) / 2
        day = FIRST_DAY.replace(year=FIRST_DAY.year + month // 12, month=month % 12 + 1)
        names.append(f"{theme.name} {day:%Y-%m}")
    cumulative = []
    for m in range(MONTHS):
        total, row = 0.0, []
        for t in RULE_THEMES:
            amp, phase = season[t.name]
            w = t.weight * (1 + amp * math.sin(2 * math.pi * (m + phase) / 12)) * (1 + drift[t.name] * m / MONTHS)
            total += w * spikes.get((t.name, m), 1.0)
            row.append(total)
        cumulative.append(row)
    return cumulative, sorted(names)


class Generator:
    """The record stream behind `write_corpus` and `iter_records`."""

    def __init__(self, n: int, *, seed: int = SEED, per_file: int = 10_000) -> None:
        if n < 0 or per_file < 1:
            raise ValueError("n must be >= 0 and per_file >= 1")
        self.n, self.seed, self.per_file = n, seed, per_file
        self.rng = random.Random(seed)
        self.pools = _Pools(random.Random(seed + 1))
        self.month_cum, self.spikes = _month_weights(random.Random(seed + 2))
        staff_rng = random.Random(seed + 3)
        self.staff = {
            site: [f"{staff_rng.choice(FIRST_NAMES)} {staff_rng.choice(SURNAMES)}" for _ in range(STAFF_PER_SITE)]
            for site in SITES
        }
        # Zipf-like site sizes: the biggest site publishes ~10x what the smallest does.
        self.site_cum: list[float] = []
        total = 0.0
        for rank in range(len(SITES)):
            total += 1.0 / (1 + rank) ** 0.6
            self.site_cum.append(total)
        free_total = sum(t.weight for t in FREE_THEMES)
        self.free_cum = [sum(t.weight for t in FREE_THEMES[: i + 1]) / free_total for i in range(len(FREE_THEMES))]
        days = [FIRST_DAY + dt.timedelta(days=d) for d in range(DAYS)]
        self.day_iso = [d.isoformat() for d in days]
        self.day_path = [f"{d.year}/{d.month:02d}/{d.day:02d}/" for d in days]
        self.day_month = [(d.year - FIRST_DAY.year) * 12 + d.month - 1 for d in days]
        self.recent: list[_Story] = []  # ring of the last RECENT_RING originals
        self.earlier: list[_Story] = []  # ring of originals of earlier files
        self.this_file: collections.deque[_Story] = collections.deque(maxlen=EARLIER_RING)  # this file's originals

    # ---- small picks ---------------------------------------------------------------------------------------
    def _pick(self, items: Sequence[Any]) -> Any:
        return items[int(self.rng.random() * len(items))]

    def _cum_pick(self, items: Sequence[Any], cumulative: Sequence[float]) -> Any:
        return items[bisect.bisect_left(cumulative, self.rng.random() * cumulative[-1])]

    def _moment(self, i: int) -> tuple[int, str]:
        """The publication day (days after FIRST_DAY) of the i-th record, as the corpus runs in date order with a
        day of jitter, and its timestamp as an export writes it: UTC (Z) mostly, a local offset for some sites."""
        rnd = self.rng.random
        offset = min(DAYS - 1, max(0, int(i * DAYS / max(self.n, 1)) + int(rnd() * 3) - 1))
        zones = ZONES
        return offset, self.day_iso[offset] + CLOCK[int(rnd() * len(CLOCK))] + zones[int(rnd() * len(zones))]

    def _url(self, site: str, section: str, day: int | None, title: str, i: int) -> str:
        when = "" if day is None else self.day_path[day]
        return f"https://www.{site}.example/{section.lower().replace(' ', '-')}/{when}{_join_words(title)}-{i:x}"

    def _sentences(self, theme: Theme, words: int, second: Theme | None) -> list[str]:
        """A lede about the theme, then body sentences until `words` is reached without passing WORDS_MAX (three
        of the related theme's sentences in the middle when `second` is given). Lengths are counted before the
        story's place, person and org are filled in: at least (`low`) to reach `words`, at most (`high`) to stay
        under WORDS_MAX."""
        rnd = self.rng.random
        pools = self.pools
        body, body_words = pools.body[theme.name], pools.body_words[theme.name]
        n = len(body)
        out = [self._pick(pools.lede[theme.name])]
        add = out.append
        low, high = _words(out[0]), _most_words(out[0])
        if second is not None:
            while low < words // 2:
                j = int(rnd() * n)
                add(body[j])
                low, high = low + body_words[j][0], high + body_words[j][1]
            other, other_words = pools.theme[second.name], pools.theme_words[second.name]
            for _ in range(3):
                j = int(rnd() * len(other))
                add(other[j])
                low, high = low + other_words[j][0], high + other_words[j][1]
        while low < words:
            j = int(rnd() * n)
            lo, hi = body_words[j]
            if high + hi > WORDS_MAX:
                break
            add(body[j])
            low, high = low + lo, high + hi
        return out

    def _text(self, sentences: list[str], ctx: dict[str, str]) -> str:
        """The sentences in 4 to 8 paragraphs of about equal length, with the story's place, person and org."""
        return "\n\n".join(self._paragraphs(sentences)).format_map(ctx)

    def _paragraphs(self, sentences: list[str]) -> list[str]:
        n_par = min(len(sentences), PARAGRAPHS_MIN + int(self.rng.random() * (PARAGRAPHS_MAX - PARAGRAPHS_MIN + 1)))
        size, extra = divmod(len(sentences), n_par)
        out, at = [], 0
        for p in range(n_par):
            take = size + (1 if p < extra else 0)
            out.append(" ".join(sentences[at : at + take]))
            at += take
        return out

    def _context(self) -> dict[str, str]:
        return {
            "place": self._pick(PLACES),
            "person": f"{self._pick(FIRST_NAMES)} {self._pick(SURNAMES)}",
            "org": self._pick(ORGS),
        }

    def _title(self, theme: Theme, ctx: dict[str, str]) -> str:
        head = self._pick(theme.heads)
        move = self._pick(theme.head_moves)
        shape = int(self.rng.random() * 3)
        if shape == 0:
            return f"{head} {move} in {ctx['place']}"
        if shape == 1:
            return f"{ctx['place']}: {head} {move}"
        return f"{head} {move} as {self._pick(theme.nouns)} {self._pick(theme.moves)}"

    # ---- records -----------------------------------------------------------------------------------------
    def _original(self, i: int, file: int) -> tuple[dict[str, Any], RecordInfo, _Story]:
        rnd = self.rng.random
        day, stamp = self._moment(i)
        month = self.day_month[day]
        if rnd() < NO_TOPIC_SHARE:
            theme = self._cum_pick(FREE_THEMES, self.free_cum)
        else:
            theme = self._cum_pick(RULE_THEMES, self.month_cum[month])
        second = None
        if theme.related and rnd() < SECOND_TOPIC_SHARE:
            second = THEME_BY_NAME[theme.related]
        site = self._cum_pick(SITES, self.site_cum)
        section = self._pick(theme.sections)
        ctx = self._context()
        title = self._title(theme, ctx)
        words = WORDS_MIN + int(rnd() * (WORDS_MAX - WORDS_MIN + 1))
        text = self._text(self._sentences(theme, words, second), ctx)
        dated = rnd() >= UNDATED_SHARE
        record: dict[str, Any] = {"url": self._url(site, section, day if dated else None, title, i), "title": title}
        if dated:
            record["published"] = stamp
        staff = self.staff[site]
        record["authors"] = [self._pick(staff)] if rnd() < 0.75 else sorted({self._pick(staff), self._pick(staff)})
        record["section"] = section
        if rnd() < LANGUAGE_FIELD_SHARE:
            record["language"] = "en"
        record["text"] = text
        info = RecordInfo(i, file, "original", theme.name, theme.rule, None)
        return record, info, _Story(i, file, record, theme.name, theme.rule, day if dated else None)

    def _foreign(self, i: int, file: int) -> tuple[dict[str, Any], RecordInfo]:
        rnd = self.rng.random
        lang = self._pick(tuple(FOREIGN))
        spec, pool = FOREIGN[lang], self.pools.foreign[lang]
        day, stamp = self._moment(i)
        ctx = self._context()
        ctx["org"] = ctx["org"].removeprefix("the ")  # a name, not English: "Selon Halden Institute"
        noun = self._pick(spec["nouns"])
        title = self._pick(spec["titles"]).format_map({"place": ctx["place"], "N": noun, "N_cap": _cap(noun)})
        words = WORDS_MIN + int(rnd() * (WORDS_MAX - WORDS_MIN + 1))
        pool_words = self.pools.foreign_words[lang]
        sentences, low, high = [], 0, 0
        while low < words:
            j = int(rnd() * len(pool))
            lo, hi = pool_words[j]
            if high + hi > WORDS_MAX:
                break
            sentences.append(pool[j])
            low, high = low + lo, high + hi
        site = self._cum_pick(SITES, self.site_cum)
        section = FOREIGN_SECTIONS[lang]
        record: dict[str, Any] = {"url": self._url(site, section, day, title, i), "title": title, "published": stamp,
                                  "authors": [self._pick(self.staff[site])], "section": section}  # fmt: skip
        if rnd() < LANGUAGE_FIELD_SHARE:
            record["language"] = lang
        record["text"] = self._text(sentences, ctx)
        return record, RecordInfo(i, file, "foreign", None, None, None)

    def _duplicate(self, i: int, file: int) -> tuple[dict[str, Any], RecordInfo] | None:
        """A story from an earlier file again, under the same URL (a re-export of an overlapping window); while
        the first file is written, an earlier story of that file."""
        ring = self.earlier or list(self.this_file)
        if not ring:
            return None
        story = self._pick(ring)
        record = dict(story.record)
        if self.rng.random() < TRACKING_SHARE:
            record["url"] = f"{record['url']}?utm_source=newsletter&utm_medium=email"
        return record, RecordInfo(i, file, "duplicate", story.theme, story.rule, story.index)

    def _near_duplicate(self, i: int, file: int) -> tuple[dict[str, Any], RecordInfo] | None:
        """A recent story syndicated on another site with one paragraph edited: a sentence swapped for a new one
        and one added, the way a desk localises wire copy (most of the text stays, so its shingles match)."""
        if not self.recent:
            return None
        story = self._pick(self.recent)
        theme = THEME_BY_NAME[story.theme]
        paragraphs = story.record["text"].split("\n\n")
        k = int(self.rng.random() * len(paragraphs))
        sentences = re.split(r'(?<=[."]) (?=[A-Z"])', paragraphs[k])
        ctx = self._context()
        pool = self.pools.theme[theme.name]
        fresh = [self._pick(pool).format_map(ctx), self._pick(self.pools.context).format_map(ctx)]
        sentences[int(self.rng.random() * len(sentences))] = fresh[0]
        sentences.append(fresh[1])
        paragraphs[k] = " ".join(sentences)
        site = self._cum_pick(SITES, self.site_cum)
        while site in story.record["url"] and len(SITES) > 1:
            site = self._cum_pick(SITES, self.site_cum)
        record = dict(story.record)
        record["url"] = self._url(site, record["section"], story.day, record["title"], i)
        record["authors"] = [self._pick(self.staff[site])]
        record["text"] = "\n\n".join(paragraphs)
        return record, RecordInfo(i, file, "near_duplicate", story.theme, story.rule, story.index)

    def _remember(self, story: _Story) -> None:
        if len(self.recent) >= RECENT_RING:
            self.recent[int(self.rng.random() * RECENT_RING)] = story
        else:
            self.recent.append(story)
        self.this_file.append(story)

    def _end_file(self) -> None:
        self.earlier = (self.earlier + list(self.this_file))[-EARLIER_RING:]
        self.this_file.clear()

    def records(self) -> Iterator[tuple[dict[str, Any], RecordInfo]]:
        """Every record in corpus order, with what it is."""
        for i in range(self.n):
            file = i // self.per_file
            if i and i % self.per_file == 0:
                self._end_file()
            r = self.rng.random()
            copy: tuple[dict[str, Any], RecordInfo] | None = None
            if r < DUPLICATE_SHARE:
                copy = self._duplicate(i, file)
            elif r < DUPLICATE_SHARE + NEAR_DUPLICATE_SHARE:
                copy = self._near_duplicate(i, file)
            elif r < DUPLICATE_SHARE + NEAR_DUPLICATE_SHARE + FOREIGN_SHARE:
                copy = self._foreign(i, file)
            if copy is not None:
                yield copy
                continue
            record, info, story = self._original(i, file)
            self._remember(story)
            yield record, info


def iter_records(n: int, *, seed: int = SEED, per_file: int = 10_000) -> Iterator[tuple[dict[str, Any], RecordInfo]]:
    """The records `write_corpus(out, n, seed=seed, per_file=per_file)` writes, with what each one is."""
    return Generator(n, seed=seed, per_file=per_file).records()


def to_json_line(record: dict[str, Any]) -> str:
    """`json.dumps(record, ensure_ascii=False)` and a newline, byte for byte, in half its time: the generator's
    strings hold no backslash or control character but the newlines between paragraphs (the tests compare both on
    every record), so escaping quotes and newlines is all JSON needs; other values go through json."""
    parts = []
    for key, value in record.items():
        if isinstance(value, str) and "\\" not in value and "\t" not in value and "\r" not in value:
            text = '"' + value.replace('"', '\\"').replace("\n", "\\n") + '"'
        else:
            text = json.dumps(value, ensure_ascii=False)
        parts.append(f'"{key}": {text}')
    return "{" + ", ".join(parts) + "}\n"


def part_name(file: int) -> str:
    return f"part-{file:05d}.jsonl"


def write_corpus(out: Path, n: int, *, seed: int = SEED, per_file: int = 10_000) -> GenSummary:
    """Write `n` records under `out` as JSON Lines files of `per_file` records; byte-identical for a seed. Files
    are written one at a time (a file's lines are joined once it is complete: 10,000 records are ~30 MB)."""
    out.mkdir(parents=True, exist_ok=True)
    start, cpu = time.perf_counter(), time.process_time()
    gen = Generator(n, seed=seed, per_file=per_file)
    summary = GenSummary(seed=seed, per_file=per_file, spikes=list(gen.spikes))
    lines: list[str] = []
    current = 0
    first, last = "9999", ""

    def flush(file: int) -> None:
        data = "".join(lines).encode("utf-8")
        (out / part_name(file)).write_bytes(data)
        summary.files.append(part_name(file))
        summary.bytes += len(data)
        lines.clear()

    for record, info in gen.records():
        if info.file != current:
            flush(current)
            current = info.file
        lines.append(to_json_line(record))
        summary.records += 1
        summary.by_kind[info.kind] = summary.by_kind.get(info.kind, 0) + 1
        if info.theme is not None and info.kind == "original":
            summary.by_theme[info.theme] = summary.by_theme.get(info.theme, 0) + 1
        published = record.get("published")
        if published:
            day = published[:10]
            first, last = min(first, day), max(last, day)
        else:
            summary.undated += 1
        summary.with_language += "language" in record
    if lines:
        flush(current)
    summary.first_day, summary.last_day = (first, last) if last else ("", "")
    summary.seconds = time.perf_counter() - start
    summary.cpu_seconds = time.process_time() - cpu
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--per-file", type=int, default=10_000)
    args = parser.parse_args(argv)
    summary = write_corpus(args.out, args.n, seed=args.seed, per_file=args.per_file)
    print(
        f"wrote {summary.records:,} records in {len(summary.files)} files ({summary.bytes / 1e6:.1f} MB) in "
        f"{summary.seconds:.1f} s: {summary.records_per_second:,.0f} records/s "
        f"({summary.records_per_cpu_second:,.0f} per CPU second)",
        file=sys.stderr,
    )
    print(json.dumps(summary.to_json()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
