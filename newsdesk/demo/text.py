"""Vocabulary and sentence templates for the synthetic demo corpus (see `newsdesk/demo/corpus.py`).

Everything here is invented: the country of Estmark, its towns, people, parties, clubs and companies. Each topic's
words are chosen so that the rule query of the same name in `data/topics.toml` matches it and no other query
does (e.g. Sport never says "campaign", Immigration never says "court"), and so that each topic has its own
vocabulary for discovered topics (TF-IDF + NMF) to find. `{slot}` placeholders are filled by `demo.py`: the
article's cast, fixed for the whole story (`{place}`, `{inst}`/`{Inst}`, `{Q}` and, where the topic has them,
`{company}`, `{club}`, `{party}`, `{leader}`), numbers drawn per slot (`{n}`, `{n_small}`, `{n_big}`, `{pct}`,
`{pct_small}`, `{money}`, `{money_m}`), dates (`{weekday}`, `{month}`, `{last_month}`) and any list in
`COMMON_VOCAB` or a topic's `vocab`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

COUNTRY = "Estmark"

CITIES: tuple[str, ...] = (
    "Port Averly",
    "Kestrel Bay",
    "Northgate",
    "Dunmere",
    "Ashcombe",
    "Brackwater",
    "Tollington",
    "Marrowby",
    "Eastreach",
    "Wrenfield",
    "Saltmarsh",
    "Corrin Falls",
    "Lowmoor",
    "Greyhaven",
    "Innisvale",
    "Halden Cross",
)
REGIONS: tuple[str, ...] = (
    "the Vale of Ardent",
    "the Southern Reaches",
    "Caldera Province",
    "the Lowland Coast",
    "the Upper Fenn",
    "the Ironwood district",
)

FIRST_NAMES: tuple[str, ...] = (
    "Helena",
    "Tomas",
    "Marta",
    "Oskar",
    "Priya",
    "Daniel",
    "Leona",
    "Felix",
    "Amara",
    "Jonas",
    "Clara",
    "Rafael",
    "Nadia",
    "Hugo",
    "Ingrid",
    "Samuel",
    "Yasmin",
    "Viktor",
    "Eleanor",
    "Kofi",
    "Mireille",
    "Arjun",
    "Beatrix",
    "Lucas",
    "Sofia",
    "Emil",
    "Hana",
    "Matthias",
    "Olivia",
    "Teodor",
    "Rosa",
    "Caspar",
    "Imogen",
    "Nikolai",
    "Abena",
    "Liam",
    "Greta",
    "Farid",
    "Wilhelmina",
    "Ruben",
)
LAST_NAMES: tuple[str, ...] = (
    "Strand",
    "Varga",
    "Okafor",
    "Lindqvist",
    "Brennan",
    "Moreau",
    "Halloran",
    "Castell",
    "Ivers",
    "Renwick",
    "Adeyemi",
    "Falk",
    "Thorne",
    "Marlowe",
    "Kaur",
    "Petrov",
    "Ashdown",
    "Quill",
    "Delacroix",
    "Nakamura",
    "Whitlock",
    "Sorensen",
    "Mbeki",
    "Corrigan",
    "Hale",
    "Ostrowski",
    "Fairbairn",
    "Lund",
    "Abernethy",
    "Rask",
    "Pemberton",
    "Oyelaran",
    "Vance",
    "Kerrigan",
    "Blom",
    "Tasker",
    "Holm",
    "Achterberg",
    "Reyes",
    "Dunmore",
)
# People quoted whose names have letters outside ASCII (all encodable in windows-1252, like the reporters'
# names in demo.SITES, so any of them can appear on the cp1252 pages).
ACCENTED_NAMES: tuple[str, ...] = (
    "Léa Fontaine",
    "Andrés Peña",
    "Øystein Berg",
    "Noémie Faure",
    "Jürgen Weiß",
    "Marjolaine Bézier",
)

# Headlines for "Most read" / "Don't Miss" boxes: deliberately free of every topic's keywords, so chrome that
# leaks into an extracted text does not invent topics.
EVERGREEN_HEADLINES: tuple[str, ...] = (
    "Ten walks along the old canal towpaths",
    "The bakery that has opened at 4am for sixty years",
    "Readers' photos: autumn colours across the Vale of Ardent",
    "A weekend in Greyhaven: where to eat, sleep and swim",
    "Crossword champion, 91, still solves in pen",
    "How to keep houseplants alive through a dark winter",
    "The forgotten lighthouse keepers of Kestrel Bay",
    "Letters: on bus timetables, bin days and birdsong",
    "Recipe: slow-roast tomatoes with harbour salt",
    "Why the town clock in Tollington runs four minutes fast",
    "Meet the volunteers restoring Dunmere's tram depot",
    "Ask the gardener: what to plant in a north-facing yard",
    "The choir that sings in six languages",
    "Obituary: Marguerite Oyelaran, puppeteer and storyteller",
    "Photo essay: the last ferry of the night",
    "Book review: a quiet novel about a noisy family",
    "Twelve board games for long evenings",
    "The surprising history of Eastreach's blue doors",
)

COMMON_VOCAB: dict[str, tuple[str, ...]] = {
    "city": CITIES,
    "city2": CITIES,
    "region": REGIONS,
    "agency_word": ("agency", "office", "authority", "commission"),
    "soon": ("in the coming weeks", "before the end of the year", "by the spring", "later this month"),
    "mood": ("cautious", "divided", "sceptical", "hopeful", "weary", "frustrated", "quietly optimistic"),
    "ordinal": ("second", "third", "fourth", "fifth"),
    "publisher_verb": ("published", "released", "set out", "presented"),
    "temp": ("34C", "35C", "36C", "37C", "38C"),
}

# Topic-neutral sentences that pad every article. They must not contain any rule-topic keyword.
GENERIC_SENTENCES: tuple[str, ...] = (
    "Officials in {place} said more details would be {publisher_verb} {soon}.",
    "The announcement came after {n_small} weeks of talks behind closed doors.",
    "A spokesperson for {inst} declined to comment further on {weekday}.",
    "Local councillors in {place} have asked for a public meeting on the matter.",
    "The full report runs to {n} pages and is due to be debated in the Assembly next month.",
    "Critics say the plans do not go far enough, while supporters argue they strike a careful balance.",
    "It is the {ordinal} time this year that the issue has reached the floor of the Assembly.",
    "Residents interviewed in {place} this week were {mood}.",
    "Further figures are expected before the end of {month}.",
    "The changes would take effect from the start of next year if approved.",
    "The question has divided opinion in {region} for years.",
    "Several of those involved spoke on condition of anonymity because they were not authorised to comment.",
    "A similar approach was tried in {city2} a decade ago, with mixed results.",
    "The government has promised a formal response {soon}.",
    "Opposition members in the Assembly called for an independent review.",
    "In {place}, the mood on {weekday} was {mood}.",
    "The numbers have not been independently verified.",
    "Much will depend on decisions taken in Port Averly over the next few months.",
    "A public consultation closed in {last_month} with more than {n_big} responses.",
    "Those close to the process describe the atmosphere as tense but constructive.",
    "Few expect a quick resolution.",
    "{Q}, who has followed the issue for more than a decade, said the picture was “more complicated than "
    "the headlines suggest”.",
    "{Inst} is expected to set out its next steps {soon}.",
    "Regional leaders from {region} have asked to be consulted before any final decision.",
    "The debate is likely to resurface when the Assembly returns after its recess.",
    "Details of the agreement have not yet been {publisher_verb} in full.",
    "An earlier version of the plan was shelved in {city2} after objections from residents.",
    "The minister is due to visit {place} later in the week.",
)

# Paragraph closers some sites append; harmless to every topic.
GENERIC_CLOSERS: tuple[str, ...] = (
    "This story will be updated as more information becomes available.",
    "Additional reporting by {site_short}'s newsroom.",
    "Have a view on this story? Write to the letters desk.",
)


@dataclass(frozen=True)
class TopicText:
    """One topic's writing kit: headline and lede pairs, body sentences, quotes and who speaks them.

    `phase_*` hold extra material used only while the topic is in a named phase (e.g. "heatwave" in summer),
    chosen by `demo.py` from the article's date.
    """

    name: str
    section: str
    tags: tuple[str, ...]
    stories: tuple[tuple[str, str], ...]  # (headline, lede) pairs: a lede that tells the headline's story
    sentences: tuple[str, ...]
    quotes: tuple[str, ...]
    speakers: tuple[str, ...]
    institutions: tuple[str, ...]
    vocab: dict[str, tuple[str, ...]] = field(default_factory=dict)
    phase_stories: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    phase_sentences: dict[str, tuple[str, ...]] = field(default_factory=dict)


ELECTIONS = TopicText(
    name="Elections",
    section="Politics",
    tags=("Politics", "General election", "Assembly", "Parties", "Polls"),
    stories=(
        (
            "{party} unveils candidates for {city} seats",
            "The {party} named its candidates for {city} and the surrounding seats on {weekday}, promising "
            "voters in {region} a fresh start.",
        ),
        (
            "Poll puts {party} ahead as campaign enters {ordinal} week",
            "The {party} has opened a narrow lead in the latest opinion poll, as the campaign enters its "
            "{ordinal} week.",
        ),
        (
            "Voter registration surges in {region}",
            "The electoral commission said on {weekday} that voter registration had passed {n_big} in {region} alone.",
        ),
        (
            "{leader} takes campaign to {place}",
            "{leader} brought the campaign to {place} on {weekday}, telling supporters that every vote in "
            "the town would count.",
        ),
        (
            "Electoral commission warns of ballot paper shortage in {place}",
            "The electoral commission has warned that {place} could run short of ballot papers unless a new "
            "print order is placed within days.",
        ),
        (
            "Young voters in {place} say no party speaks for them",
            "Young voters in {place} say they feel ignored by the main parties, with many still undecided "
            "weeks before polling day.",
        ),
        (
            "Candidates clash over cost of living in televised debate",
            "Candidates from all four main parties clashed over the cost of living in a televised debate on "
            "{weekday} night.",
        ),
        (
            "{party} pledges to lower the voting age to sixteen",
            "The {party} has promised to lower the voting age to sixteen if it wins, a pledge its "
            "candidates say could add {n_big} voters in {region}.",
        ),
        (
            "Referendum on electoral reform back on the table",
            "A referendum on changing the voting system is back on the table after the {party} made it a "
            "condition of any coalition deal.",
        ),
        (
            "Postal ballots: what voters in {region} need to know",
            "Voters in {region} who cannot reach a polling station have until {n_small} days before the "
            "vote to apply for a postal ballot.",
        ),
    ),
    sentences=(
        "The {party} has led most opinion polls since the spring, but its lead has narrowed to {n_small} points.",
        "Turnout at the last general election was {pct} lower in {region} than in the capital.",
        "The electoral commission has recruited {n_big} staff to run polling stations on the day.",
        "Campaign spending limits were raised last year for the first time since the Assembly was founded.",
        "Each party is allowed {n_small} hours of broadcast airtime during the official campaign.",
        "Canvassers from the {party2} were seen knocking on doors in {city} well after dark.",
        "The {party2} has struggled to recruit candidates in rural seats.",
        "Voters who cannot reach a polling station may apply for a postal ballot until {n_small} days before the vote.",
        "Strategists say the election will be decided in a handful of marginal seats around {city}.",
        "The latest survey of {n_big} voters found that a quarter had not yet made up their minds.",
        "{leader} has made electoral reform a condition of any coalition deal.",
        "The televised debate drew an audience of more than {n_big} viewers.",
        "Party manifestos are due to be published in full before the end of {month}.",
        "A new boundary map means {n_small} constituencies will be contested for the first time.",
        "Candidates must submit {n} signatures from registered voters to stand.",
        "Officials have promised that every ballot will be counted by hand under observation.",
        "Election posters have gone up on almost every lamp post in {city}.",
        "The {party2} is targeting first-time voters with a promise on student fees.",
        "Both main parties have ruled out a formal pact before polling day.",
        "Hustings in {place} drew a standing-room-only crowd on {weekday} evening.",
    ),
    quotes=(
        "People want a government that listens, and that is what we will offer them",
        "Every vote in {place} matters, and we will not take a single one for granted",
        "The polls have been wrong before, and the only poll that counts is on election day",
        "This campaign is about the next ten years, not the next ten days",
        "Our candidates live in these towns and know these streets",
        "We are asking voters for a mandate to finish what we started",
    ),
    speakers=(
        "campaign director for the Civic Alliance",
        "chair of the Labour Front",
        "a polling analyst at the Institute of Polling",
        "the chief electoral commissioner",
        "a Green Compact candidate in {place}",
    ),
    institutions=("the electoral commission", "the Civic Alliance", "the Labour Front", "the Institute of Polling"),
    vocab={
        "party": ("Civic Alliance", "Labour Front", "Green Compact", "Heritage Party"),
        "party2": ("Civic Alliance", "Labour Front", "Green Compact", "Heritage Party"),
        "leader": (
            "Prime Minister Helena Strand",
            "Labour Front leader Tomas Varga",
            "Green Compact co-leader Inês Gonçalves",
            "Heritage Party leader Piet Halloran",
        ),
    },
    phase_stories={
        "convention": (
            (
                "{party} convention picks its slate of candidates",
                "Delegates at the {party} convention in {place} confirmed {n} candidates for the October "
                "election on {weekday}.",
            ),
            (
                "Primaries season opens with crowded field in {region}",
                "The primaries season opened in {region} this week, with {n_small} hopefuls competing for "
                "each of the party's safe seats.",
            ),
            (
                "Election date confirmed as parties launch their campaigns",
                "The general election will be held on 20 October, the government confirmed on {weekday}, "
                "firing the starting gun on the campaign.",
            ),
        ),
        "result": (
            (
                "Election results: Labour Front wins largest share of the vote",
                "The Labour Front has won the largest share of the vote in the general election, ending "
                "{n_small} years of Civic Alliance government.",
            ),
            (
                "Turnout passes 70% as voters queue at polling stations",
                "Voters queued outside polling stations across {region} on {weekday}, pushing turnout above "
                "70% for the first time in two decades.",
            ),
            (
                "Strand concedes as ballots are counted across {region}",
                "Prime Minister Helena Strand conceded defeat in the early hours as ballots were still "
                "being counted across {region}.",
            ),
            (
                "Election night: the seats that changed hands in {place}",
                "Three seats in and around {place} changed hands on election night as the Labour Front made "
                "gains across {region}.",
            ),
            (
                "Live: election count continues in {place} and {city2}",
                "Counting is continuing in {place} and {city2}, where the result in several seats is too "
                "close to call, election officials said.",
            ),
            (
                "Voters deliver hung Assembly as counting ends",
                "Voters have delivered a hung Assembly, with the Labour Front the largest party but "
                "{n_small} seats short of a majority after counting ended on {weekday}.",
            ),
        ),
        "aftermath": (
            (
                "Varga begins coalition talks after election win",
                "Tomas Varga began coalition talks with the Green Compact on {weekday}, weeks after his "
                "Labour Front won the most seats at the election.",
            ),
            (
                "What the election result means for {region}",
                "The election has redrawn the political map of {region}, where {n_small} of the region's "
                "seats changed hands.",
            ),
            (
                "Defeated candidates call for post-election review",
                "Defeated Civic Alliance candidates have called for a full review of the party's election campaign.",
            ),
        ),
    },
    phase_sentences={
        "convention": (
            "The {party} convention in {city} confirmed {n} candidates for the general election in October.",
            "The primaries drew {n_big} party members, a record for a summer contest.",
        ),
        "result": (
            "Turnout was the highest at any general election for two decades, officials said.",
            "Counting ran through the night at {n} centres, with the final ballot boxes opened at dawn.",
            "The Labour Front won the largest number of seats but fell {n_small} short of a majority.",
            "Election observers reported no serious irregularities at polling stations.",
        ),
        "aftermath": (
            "The new Assembly meets for the first time since the election next month.",
            "Losing candidates from the Civic Alliance have called for a review of the campaign.",
        ),
    },
)

ECONOMY = TopicText(
    name="Economy",
    section="Business",
    tags=("Economy", "Inflation", "Bank of Estmark", "Jobs", "Markets"),
    stories=(
        (
            "Inflation eases to {pct} in {last_month}",
            "Inflation in {country} slowed to {pct} in {last_month}, the statistics office said on "
            "{weekday}, giving households a little breathing room.",
        ),
        (
            "Bank of Estmark holds interest rates at {rate}",
            "The Bank of Estmark left interest rates unchanged at {rate} on {weekday}, saying it wanted "
            "more evidence that price growth was under control.",
        ),
        (
            "Unemployment falls to lowest level in {n_small} years",
            "Unemployment in {country} fell to {pct} last month, its lowest level in {n_small} years, as "
            "manufacturers and retailers added staff.",
        ),
        (
            "Economists split over risk of recession",
            "Economists are divided over whether {country} can avoid a recession, with a survey by {inst} "
            "finding opinion split almost down the middle.",
        ),
        (
            "Stock market closes higher as exporters rally",
            "The stock market in Port Averly closed {pct_small} higher on {weekday}, led by exporters and "
            "shipping firms.",
        ),
        (
            "GDP grows {pct_small} in the last quarter, beating forecasts",
            "The economy grew by {pct_small} in the three months to {last_month}, a stronger performance "
            "than most economists had expected.",
        ),
        (
            "Central bank signals interest rate cut is coming",
            "The Bank of Estmark has signalled that it could cut interest rates as soon as next month if "
            "inflation keeps falling.",
        ),
        (
            "Shoppers in {place} feel the squeeze as inflation lingers",
            "Shoppers in {place} say they are still cutting back, even as inflation slowly eases.",
        ),
        (
            "Factory orders slump in {region}",
            "Factory orders in {region} fell for the {ordinal} month running in {last_month}, adding to "
            "fears that the economy is heading for recession.",
        ),
        (
            "Unemployment rises in {region} as factories cut shifts",
            "Unemployment in {region} rose to {pct} last month after several large factories cut shifts.",
        ),
    ),
    sentences=(
        "Core inflation, which strips out food and fuel costs, fell to {pct}.",
        "The central bank has raised interest rates {n_small} times since the start of the tightening cycle.",
        "Economists at {inst} now expect GDP to grow by {pct_small} this year.",
        "The stock market in Port Averly rose {pct_small} on the news, led by exporters and shipping firms.",
        "Unemployment remains higher in {region} than in the capital.",
        "Wage growth has outpaced inflation for {n_small} months in a row.",
        "The statistics office revised its GDP estimate for the previous quarter upwards.",
        "Retail sales rose {pct_small} in {last_month}, helped by a late burst of spending.",
        "Several economists warned that a mild recession could not yet be ruled out.",
        "The crown weakened slightly against the currencies of {country}'s main trading partners.",
        "Business confidence surveys point to a slow recovery in the second half of the year.",
        "The finance ministry said public borrowing was {money} lower than forecast.",
        "Exporters in {city} reported a rise in new orders for the first time in a year.",
        "Small firms say higher interest rates have made credit harder to find.",
        "The central bank's next rate decision is due in {n_small} weeks.",
        "Consumer prices for services rose faster than those for goods.",
        "Economists had expected inflation to fall more sharply.",
        "Government bond yields edged lower after the announcement.",
        "Unemployment benefit claims rose slightly in {region}.",
        "The central bank's inflation target is 2%.",
    ),
    quotes=(
        "The worst of the price shock is behind us, but it is too early to declare victory over inflation",
        "We are seeing a labour market that is cooling gently rather than cracking",
        "Interest rates will stay where they are until we are confident the job is done",
        "Households in {place} are still paying much more for the basics than they were two years ago",
        "A soft landing is now the most likely outcome, though the risks have not gone away",
        "Our members tell us that demand is steady but margins are thin",
    ),
    speakers=(
        "chief economist at Averly Capital",
        "an economist at Wrenfield University",
        "deputy governor of the Bank of Estmark",
        "the finance minister",
        "a market strategist at Tollbridge Securities",
    ),
    institutions=("the Bank of Estmark", "the statistics office", "Averly Capital", "the finance ministry"),
    vocab={"rate": ("3.25%", "3.5%", "3.75%", "4%", "4.25%", "4.5%")},
)

CLIMATE = TopicText(
    name="Climate",
    section="Environment",
    tags=("Climate", "Environment", "Emissions", "Weather", "Coast"),
    stories=(
        (
            "{country} falls behind on emissions targets, watchdog warns",
            "{country}'s emissions fell by just {pct_small} last year, far short of what is needed to meet "
            "its climate targets, the climate watchdog said on {weekday}.",
        ),
        (
            "Sea level rise threatens {n} homes on the Lowland Coast",
            "Rising sea levels could put {n} homes on the Lowland Coast at risk of regular flooding by the "
            "middle of the century, scientists at {inst} say.",
        ),
        (
            "Farmers in {region} adapt to a changing climate",
            "Farmers across {region} are changing what they plant as climate change brings longer, drier summers.",
        ),
        (
            "Carbon tax rise approved by narrow margin",
            "The Assembly has approved a rise in the carbon tax by {n_small} votes, after a debate that ran "
            "late into {weekday} night.",
        ),
        (
            "Climate change is reshaping {place}'s shoreline, study finds",
            "Climate change is already reshaping the shoreline at {place}, according to a study of {n} "
            "years of coastal records.",
        ),
        (
            "Wetland restoration to store carbon near {place}",
            "Work has begun to restore {n} hectares of wetland near {place}, in a project designed to lock "
            "away carbon and soften storm surges.",
        ),
        (
            "Schools in {place} add climate change to the curriculum",
            "Every secondary school in {place} will teach climate change as part of science lessons from next year.",
        ),
        (
            "Global warming pushing spring earlier every decade, scientists say",
            "Global warming has pushed the start of spring in {region} earlier by about {n_small} days "
            "every decade, scientists at {inst} say.",
        ),
        (
            "Drought warning issued for {region}",
            "A drought warning has been issued for {region} after the driest {last_month} on record.",
        ),
        (
            "Coastal towns draw up plans for rising sea levels",
            "Towns along the Lowland Coast are drawing up plans to cope with rising sea levels, including "
            "moving some roads inland.",
        ),
    ),
    sentences=(
        "Emissions from transport have barely moved in a decade.",
        "The climate watchdog wants carbon pricing extended to shipping and aviation.",
        "Sea level rise of {n_small} centimetres is expected along the coast by the middle of the century.",
        "Peat bogs in {region} store more carbon than all of the country's forests combined.",
        "The drought last summer cut the wheat harvest in {region} by {pct}.",
        "Researchers at {inst} used tide gauges dating back to the nineteenth century.",
        "The government has pledged to cut emissions by half by the end of the decade.",
        "Insurers have begun to raise premiums for homes in flood-prone parts of {city}.",
        "Global warming has lengthened the growing season by {n_small} days since the 1970s.",
        "Wildfire risk maps for the Ironwood district have been redrawn for the first time in twenty years.",
        "Salt marshes near {city} are being restored to absorb carbon and soften storm surges.",
        "The carbon tax currently raises about {money} a year.",
        "Scientists say climate change made last year's drought {n_small} times more likely.",
        "Tree planting targets were missed for the {ordinal} year in a row.",
        "Emissions from farming have risen slightly since the start of the decade.",
        "The council in {city} has declared a climate emergency and set its own carbon budget.",
        "Sea level records from {city} show a rise of {n_small} centimetres since 1990.",
        "A drought plan for {region} was published in the spring.",
    ),
    quotes=(
        "The science is clear, and the gap between our promises and our emissions is growing",
        "We are no longer talking about a distant threat: climate change is in our fields and on our streets",
        "Every tonne of carbon we avoid now is one our children will not have to deal with",
        "The coast we grew up with will not be the coast our grandchildren know",
        "Adapting to drought is no longer optional for farmers here",
    ),
    speakers=(
        "a climate scientist at the Coastal Research Institute",
        "the environment minister",
        "a hydrologist at Wrenfield University",
        "a coastal engineer who advises the council in {place}",
        "a farmer near {place}",
    ),
    institutions=(
        "the climate watchdog",
        "the Coastal Research Institute",
        "Wrenfield University",
        "Friends of the Fenn",
    ),
    phase_stories={
        "heatwave": (
            (
                "Heatwave pushes temperatures past {temp} in {region}",
                "Temperatures passed {temp} in parts of {region} on {weekday} as the heatwave tightened its grip.",
            ),
            (
                "Wildfire crews battle blaze in the Ironwood district",
                "Wildfire crews spent the night fighting a blaze that has burned through {n} hectares of "
                "heathland in the Ironwood district.",
            ),
            (
                "Drought and heatwave leave {region} reservoirs at record low",
                "Reservoirs in {region} have fallen to a record low after weeks of drought and a heatwave "
                "that shows no sign of ending.",
            ),
            (
                "Heatwave: what to do as temperatures soar",
                "With temperatures forecast to reach {temp} this week, officials have issued advice on "
                "coping with the heatwave.",
            ),
            (
                "Wildfires force evacuations near {place}",
                "Hundreds of residents were evacuated from villages near {place} on {weekday} as wildfires "
                "spread across dry farmland.",
            ),
            (
                "Hosepipe ban as drought tightens its grip on {region}",
                "A hosepipe ban will come into force across {region} from {weekday} as the drought tightens its grip.",
            ),
        ),
    },
    phase_sentences={
        "heatwave": (
            "The heatwave is the {ordinal} this summer, with temperatures in {city} peaking at {temp}.",
            "Firefighters tackled {n} wildfires in a single week, most of them in dry heathland.",
            "Reservoirs in {region} are at {pct} of their usual level for the time of year after weeks of drought.",
            "Forecasters say the heatwave could last until the end of {month}.",
        ),
    },
)

HEALTH = TopicText(
    name="Health",
    section="Health",
    tags=("Health", "Hospitals", "Public health", "Vaccines"),
    stories=(
        (
            "Hospital waiting lists grow in {region}",
            "The number of patients waiting more than a year for hospital treatment in {region} has risen to {n_big}.",
        ),
        (
            "Marrow fever cases fall for {ordinal} week running",
            "Cases of Marrow fever fell for the {ordinal} week running, the public health agency said on "
            "{weekday}, though the virus is still circulating.",
        ),
        (
            "Vaccination clinics extend opening hours in {place}",
            "Vaccination clinics in {place} will stay open late this month as the public health agency "
            "tries to reach people who missed their first dose.",
        ),
        (
            "Patients face long waits at {place} emergency department",
            "Patients at the emergency department in {place} waited an average of {n_small} hours to be "
            "seen last month, the longest on record.",
        ),
        (
            "Public health agency warns of winter pressures",
            "The public health agency has warned hospitals to prepare for a difficult winter, with flu and "
            "the Marrow virus expected to circulate together.",
        ),
        (
            "New hospital wing opens in {place}",
            "A new {n}-bed wing opened at the hospital in {place} on {weekday}, two years behind schedule.",
        ),
        (
            "Marrow fever: what we know so far",
            "Marrow fever, the virus behind the outbreak that began last winter, is still being studied by "
            "epidemiologists at {inst}. Here is what we know.",
        ),
        (
            "Nurses say hospitals are stretched to breaking point",
            "Nurses at hospitals across {region} say staff shortages have left wards stretched to breaking point.",
        ),
        (
            "Vaccine uptake lowest among young adults, figures show",
            "Fewer than half of adults under thirty have had a Marrow fever vaccine, figures from the "
            "public health agency show.",
        ),
        (
            "Epidemiologists track new strain of the Marrow virus",
            "Epidemiologists at {inst} are tracking a new strain of the Marrow virus that was first "
            "detected in {place}.",
        ),
    ),
    sentences=(
        "The public health agency recorded {n} new cases of Marrow fever in the week to {weekday}.",
        "Hospital admissions linked to the virus have fallen by {pct} since the peak.",
        "More than {n_big} people have now received a booster vaccine.",
        "Epidemiologists say the outbreak is following the pattern seen in neighbouring countries.",
        "{Inst} has asked hospitals to postpone some routine operations.",
        "Patients with existing lung conditions are being offered the vaccine first.",
        "Waiting times at the emergency department in {city} averaged {n_small} hours last month.",
        "The health ministry has promised {money} for extra hospital beds.",
        "Vaccination rates are lowest in {region}, where clinics are furthest apart.",
        "Doctors say the symptoms of Marrow fever usually pass within a fortnight.",
        "The hospital has recruited {n} nurses from abroad over the past year.",
        "Public health officials are testing wastewater to track the virus.",
        "Pharmacies in {city} will start offering the vaccine without an appointment next month.",
        "Hospitals are required to report every confirmed case to the public health agency.",
        "The hospital in {city} has opened {n_small} extra wards to cope with demand.",
        "Patients are being asked to use pharmacies for minor illnesses.",
        "The public health agency publishes new figures every {weekday}.",
        "Vaccine supplies are expected to be sufficient for the rest of the year.",
    ),
    quotes=(
        "Our staff have worked flat out, and patients are still waiting too long",
        "Vaccination remains the best protection we have",
        "The outbreak is slowing, but this virus has surprised us before",
        "We need more beds, more nurses and more time with each patient",
        "Public health is built on trust, and trust is built locally",
    ),
    speakers=(
        "an epidemiologist at Wrenfield University",
        "chief nurse at Port Averly General Hospital",
        "director of the hospital in {place}",
        "director of the public health agency",
        "the health minister",
    ),
    institutions=(
        "the public health agency",
        "Port Averly General Hospital",
        "the health ministry",
        "the Nursing Council",
    ),
    phase_stories={
        "outbreak": (
            (
                "Marrow fever outbreak spreads to {place}",
                "The Marrow fever outbreak has spread to {place}, where {n} cases were confirmed in the past week.",
            ),
            (
                "Hospitals on alert as virus cases climb",
                "Hospitals across {country} have been put on alert after cases of the Marrow virus rose for "
                "the {ordinal} week in a row.",
            ),
            (
                "Vaccine rollout accelerates as outbreak peaks",
                "The vaccine rollout has been stepped up, with {n_big} doses given in a single day, as the "
                "outbreak appears to reach its peak.",
            ),
            (
                "Schools in {place} close after virus cases rise",
                "Schools in {place} have closed for a week after a rise in virus cases among pupils and staff.",
            ),
        ),
    },
    phase_sentences={
        "outbreak": (
            "Hospitals in {n_small} regions have declared a critical incident because of the outbreak.",
            "The virus has now been confirmed in every region of {country}.",
            "Mass vaccination centres opened in sports halls in {city} and {city2}.",
        ),
    },
)

TECHNOLOGY = TopicText(
    name="Technology",
    section="Technology",
    tags=("Technology", "Artificial intelligence", "Startups", "Cybersecurity", "Chips"),
    stories=(
        (
            "{company} raises {money_m} for artificial intelligence tools",
            "{company}, a startup based in {place}, has raised {money_m} to develop artificial intelligence "
            "tools for small businesses.",
        ),
        (
            "Semiconductor plant in {place} creates {n} jobs",
            "A new semiconductor plant on the outskirts of {place} will employ {n} people when it opens next year.",
        ),
        (
            "Chatbot used by {place} council gets basic facts wrong",
            "A chatbot introduced by the council in {place} to answer residents' questions has been giving "
            "out wrong bin collection dates and opening hours.",
        ),
        (
            "Cybersecurity breach hits {company}",
            "{company} says it is looking into a cybersecurity breach that may have exposed the details of "
            "{n_big} customers.",
        ),
        (
            "Startups flock to Port Averly's new tech quarter",
            "More than {n} startups have moved into the converted warehouses of Port Averly's new "
            "technology quarter in the past year.",
        ),
        (
            "Machine learning helps farmers predict harvests",
            "Farmers in {region} are using machine learning software to predict harvests weeks earlier than before.",
        ),
        (
            "Assembly debates rules for artificial intelligence",
            "The Assembly began debating on {weekday} a bill that would set rules for artificial "
            "intelligence used by public bodies.",
        ),
        (
            "Software glitch delays trains across {region}",
            "A software glitch in the signalling system delayed hundreds of trains across {region} on {weekday}.",
        ),
        (
            "{company} opens machine learning lab in {place}",
            "{company} has opened a machine learning laboratory in {place}, with plans to hire {n} researchers.",
        ),
        (
            "Can algorithms be fair? A new watchdog wants to find out",
            "A new watchdog will test the algorithms used by banks and public bodies for hidden bias, the "
            "Digital Authority announced on {weekday}.",
        ),
    ),
    sentences=(
        "The startup was founded {n_small} years ago by two former university researchers.",
        "Its software uses machine learning to spot patterns in customer data.",
        "The semiconductor industry employs about {n_big} people in {region}.",
        "Cybersecurity experts say small firms remain the easiest targets for attackers.",
        "The chatbot was trained on {n_big} pages of public documents.",
        "Investors poured {money} into {country}'s startups last year.",
        "The algorithm flagged {n} suspicious transactions in its first month of use.",
        "{company} plans to double its engineering staff by the end of next year.",
        "Regulators want companies to explain how their algorithms reach decisions.",
        "The new chip plant will make semiconductors for cars and medical devices.",
        "Artificial intelligence is already used to sort post and route delivery vans in {city}.",
        "The software update was rolled back after users reported crashes.",
        "Several startups have moved into converted warehouses near the harbour in Port Averly.",
        "A cybersecurity audit found {n} systems still running out-of-date software.",
        "Demand for semiconductors has outstripped supply for most of the past two years.",
        "The chatbot answers around {n_big} questions a week from residents.",
        "Startups in {city} say the biggest obstacle is finding experienced engineers.",
        "The software is open source and can be inspected by anyone.",
    ),
    quotes=(
        "Artificial intelligence is a tool, and like any tool it can be used well or badly",
        "We want {country} to be the best place in Europe to start a software company",
        "Machine learning is only as good as the data you give it",
        "Cybersecurity is not an IT problem, it is a leadership problem",
        "Our startup began in a spare bedroom in {place}",
    ),
    speakers=(
        "chief executive of {company}",
        "a software engineer at Northlight Labs",
        "the technology minister",
        "a cybersecurity researcher at Wrenfield University",
        "founder of {company}",
    ),
    institutions=("the Digital Authority", "Brightwell Foundry", "Wrenfield University", "the Startup Council"),
    vocab={
        "company": (
            "Brightwell Foundry",
            "Lumen Logic",
            "Tidewater AI",
            "Quillstone",
            "Northlight Labs",
            "Ferrant Systems",
        )
    },
)

SPORT = TopicText(
    name="Sport",
    section="Sport",
    tags=("Sport", "Football", "National League", "Coastal Cup"),
    stories=(
        (
            "{club} beat {club2} to go top of the league",
            "{club} moved to the top of the National League on {weekday} with a {score} win over {club2}.",
        ),
        (
            "Striker's late goal rescues a point for {club}",
            "A goal in the final minute from their new striker earned {club} a draw against {club2}.",
        ),
        (
            "{club} appoint new coach after poor run",
            "{club} have appointed a new coach after a run of {n_small} defeats left them near the bottom "
            "of the league.",
        ),
        (
            "Goalkeeper's heroics keep {club} in the hunt",
            "The goalkeeper saved two penalties as {club} beat {club2} {score} in front of {n_big} fans.",
        ),
        (
            "League title race tightens after {club} slip up",
            "The race for the National League title tightened on {weekday} after leaders {club} lost "
            "{score} at {club2}.",
        ),
        (
            "{club} sign striker from {club2}",
            "{club} have signed a striker from {club2} for an undisclosed fee, the league's biggest "
            "transfer of the window.",
        ),
        (
            "Youth league final drawn in {place}",
            "The final of the national youth league ended all square in {place} on {weekday}, with the "
            "trophy shared after extra time.",
        ),
        (
            "Injury blow for {club} ahead of derby",
            "{club} will be without their first-choice goalkeeper for the derby against {club2} after he "
            "injured a shoulder in training.",
        ),
    ),
    sentences=(
        "The coach made {n_small} changes to the team that lost last week.",
        "{club} have now scored in {n_small} consecutive league matches.",
        "The striker has {n_small} goals in all competitions this season.",
        "The goalkeeper was named player of the match.",
        "The league table is tighter than at any point in the past decade.",
        "Tickets for the next home match sold out within an hour.",
        "{club2} have not won away from home in the league since the autumn.",
        "The coach said the team's fitness had improved since the winter break.",
        "A crowd of {n_big} watched the match at the Harbour Road ground.",
        "The championship favourites were held to a goalless draw in {city}.",
        "The club's academy has produced {n_small} players for the national team.",
        "The referee showed {n_small} yellow cards in a bad-tempered second half.",
        "{club} sit {n_small} points clear with {n_small} matches left to play.",
        "The striker's contract runs until the end of next season.",
        "The goalkeeper has kept {n_small} clean sheets in the league.",
        "{club2} host {club} in the league next weekend.",
        "The coach praised his team's discipline after the match.",
    ),
    quotes=(
        "The lads showed real character today, and the coach deserves credit for that",
        "We know the league is a marathon, not a sprint",
        "As a goalkeeper you live for nights like this",
        "Every match from now on is a final for us",
        "The fans in {place} were incredible and carried us through the last ten minutes",
    ),
    speakers=(
        "the {club} coach",
        "the {club} captain",
        "the {club} striker",
        "the {club} goalkeeper",
        "chairman of {club}",
    ),
    institutions=(
        "the National League",
        "the Football Federation",
        "Harbour Road stadium",
        "the Coastal Cup committee",
    ),
    vocab={
        "club": (
            "Port Averly Rovers",
            "Kestrel Bay Athletic",
            "Dunmere United",
            "Northgate Harriers",
            "Saltmarsh City",
            "Ashcombe Wanderers",
            "Lowmoor Town",
            "Greyhaven Albion",
        ),
        "club2": (
            "Port Averly Rovers",
            "Kestrel Bay Athletic",
            "Dunmere United",
            "Northgate Harriers",
            "Saltmarsh City",
            "Ashcombe Wanderers",
            "Lowmoor Town",
            "Greyhaven Albion",
        ),
        "score": ("2-1", "3-0", "1-0", "2-0", "3-2", "4-1"),
    },
    phase_stories={
        "tournament": (
            (
                "Coastal Cup: {club} reach the championship semi-finals",
                "{club} reached the semi-finals of the Coastal Cup championship on {weekday} with a {score} "
                "win over {club2}.",
            ),
            (
                "{club}'s tournament hopes rest on young striker",
                "{club}'s hopes at the Coastal Cup rest on a nineteen-year-old striker who has scored in "
                "every round of the tournament.",
            ),
            (
                "Championship final set for Harbour Road",
                "The Coastal Cup championship final will be played at Harbour Road in Port Averly, "
                "organisers confirmed on {weekday}.",
            ),
            (
                "Tournament diary: rain, penalties and a goalkeeper's tears",
                "Our tournament diary from the Coastal Cup: a washed-out afternoon in {place}, a penalty "
                "shoot-out and a goalkeeper in tears.",
            ),
            (
                "Coastal Cup championship opens with upset in {place}",
                "The Coastal Cup championship opened with an upset in {place}, where {club} beat {club2} {score}.",
            ),
            (
                "Olympic hopefuls gather for summer training camp",
                "{country}'s Olympic hopefuls gathered in {place} this week for a summer training camp "
                "ahead of the next Games.",
            ),
            (
                "Tournament organisers hail record crowds",
                "Organisers of the Coastal Cup say the tournament has drawn record crowds, with {n_big} "
                "fans through the gates in the first week.",
            ),
        ),
    },
    phase_sentences={
        "tournament": (
            "The Coastal Cup championship brings {n_small} clubs from across the region to {country} for four weeks.",
            "Tournament organisers expect {n_big} visitors over the summer.",
            "The championship final will be played at Harbour Road in Port Averly.",
            "The tournament squads include {n_small} players on loan from National League clubs.",
        ),
    },
)

CONFLICT = TopicText(
    name="Conflict",
    section="World",
    tags=("World", "Varnland", "Ostrel", "Selva Corridor", "Diplomacy"),
    stories=(
        (
            "Varnland troops mass near the Selva Corridor",
            "Varnland has moved thousands of troops close to the Selva Corridor, satellite images seen by "
            "{site_short} show.",
        ),
        (
            "Airstrikes hit supply routes in northern Ostrel",
            "Airstrikes overnight targeted fuel depots and bridges in northern Ostrel, the defence ministry "
            "there said.",
        ),
        (
            "Ceasefire talks to resume in Port Averly",
            "Negotiators from Varnland and Ostrel are due in Port Averly for a new round of ceasefire talks.",
        ),
        (
            "Militants claim attack on Ostrel border post",
            "Militants loyal to the Selva Front attacked a border post before dawn on {weekday}, killing "
            "{n_small} guards.",
        ),
        (
            "Estmark urges restraint as troops move in the Selva Corridor",
            "Estmark's foreign ministry has urged both sides to show restraint after troops were seen "
            "moving through the Selva Corridor.",
        ),
        (
            "Missile strike damages bridge on the Selva river",
            "A missile strike has damaged the main bridge over the Selva river, cutting the only paved road "
            "into the corridor.",
        ),
        (
            "Ceasefire holds for {ordinal} day despite sporadic fire",
            "The ceasefire in the Selva Corridor held for a {ordinal} day on {weekday}, despite reports of "
            "sporadic gunfire near the river.",
        ),
        (
            "Insurgents retreat into hills as offensive stalls",
            "Insurgents from the Selva Front have retreated into the hills, officials in Ostrel say, as a "
            "military offensive against them stalls.",
        ),
    ),
    sentences=(
        "Varnland says its troops are there to protect ethnic Varn communities in the corridor.",
        "Ostrel's army says it has repelled {n_small} attacks along the river in the past week.",
        "The ceasefire agreed in {last_month} has been broken repeatedly, monitors say.",
        "Satellite images show columns of armoured vehicles and troops near the Selva river.",
        "Militants have used the forests on both sides of the border as a base for years.",
        "The foreign ministry in Port Averly has offered to host further ceasefire talks.",
        "Aid convoys have been unable to reach villages cut off by the fighting.",
        "Insurgents from the Selva Front have claimed responsibility for the attack.",
        "Neither side's casualty figures could be independently confirmed.",
        "The airstrikes destroyed at least {n_small} bridges, according to local officials.",
        "Diplomats say a lasting ceasefire will depend on a withdrawal of heavy weapons.",
        "Varnland's military offensive has slowed as supply lines grow longer.",
        "Troops on both sides have dug trenches along the river bank.",
        "Militants ambushed a supply convoy on the road north of the corridor.",
        "Observers say the ceasefire line runs through at least {n_small} villages.",
        "Varnland denies that its troops have targeted civilian areas.",
    ),
    quotes=(
        "There can be no military solution to this dispute, only a negotiated one",
        "Our troops will stay for as long as our people need protection",
        "A ceasefire on paper means nothing if the guns do not fall silent",
        "We call on all sides to return to the table",
        "The militants want chaos, and we will not give it to them",
    ),
    speakers=(
        "Estmark's foreign minister",
        "a defence analyst at the Institute for Strategic Affairs",
        "the chief mediator",
        "a spokesman for Ostrel's army",
        "a senior diplomat in Port Averly",
    ),
    institutions=(
        "the foreign ministry",
        "the Selva monitoring mission",
        "the Institute for Strategic Affairs",
        "the Ostrel defence ministry",
    ),
    phase_stories={
        "tension": (
            (
                "Troops exercise near Ostrel border as tensions simmer",
                "Varnland's troops began a week of exercises close to the Ostrel border on {weekday}, "
                "raising tensions in the region.",
            ),
            (
                "Border skirmish in the Selva Corridor leaves militants dead",
                "{n_small} militants were killed in a skirmish with border guards in the Selva Corridor, "
                "officials in Ostrel said.",
            ),
        ),
        "war": (
            (
                "Varnland launches military offensive into the Selva Corridor",
                "Varnland launched a military offensive into the Selva Corridor before dawn on {weekday}, "
                "with airstrikes on radar stations and troops crossing the river.",
            ),
            (
                "Airstrikes pound Ostrel's northern towns for {ordinal} night",
                "Airstrikes hit towns across northern Ostrel for a {ordinal} night, the country's defence "
                "ministry said.",
            ),
            (
                "Troops cross the Selva river as offensive widens",
                "Varnland's troops crossed the Selva river at {n_small} points on {weekday}, widening an "
                "offensive that began in March.",
            ),
            (
                "Missile strike hits fuel depot near the Ostrel capital",
                "A missile strike set a fuel depot near the Ostrel capital ablaze overnight, sending smoke "
                "over the city.",
            ),
            (
                "Ostrel says its troops have halted Varnland's advance",
                "Ostrel's army says its troops have halted Varnland's advance about {n} kilometres from the border.",
            ),
            (
                "Military attack on Selva bridge cuts aid route",
                "A military attack on the last bridge over the Selva has cut the main route used by aid convoys.",
            ),
            (
                "Live: troops, airstrikes and calls for a ceasefire",
                "Follow the latest on the fighting in the Selva Corridor, where airstrikes continued "
                "overnight and diplomats renewed calls for a ceasefire.",
            ),
        ),
        "talks": (
            (
                "Ceasefire talks in Port Averly enter {ordinal} round",
                "Ceasefire talks between Varnland and Ostrel entered a {ordinal} round in Port Averly on {weekday}.",
            ),
            (
                "Troops begin partial pullback under ceasefire deal",
                "Troops on both sides of the Selva river began a partial pullback on {weekday}, the first "
                "step in the ceasefire deal.",
            ),
        ),
    },
    phase_sentences={
        "war": (
            "The military offensive began before dawn with airstrikes on Ostrel's radar stations.",
            "Ostrel has called up {n_big} reservists since the offensive began.",
            "Thousands of troops crossed the Selva river in the first {n_small} days of the offensive.",
        ),
        "talks": (
            "Under the ceasefire, troops on both sides are meant to pull back {n_small} kilometres.",
            "Monitors report that the ceasefire has largely held since {last_month}.",
        ),
    },
)

HOUSING = TopicText(
    name="Housing",
    section="Property",
    tags=("Housing", "Property", "Renting", "Mortgages"),
    stories=(
        (
            "House prices in {place} rise {pct} in a year",
            "House prices in {place} rose by {pct} in the year to {last_month}, outpacing wages by a wide margin.",
        ),
        (
            "Renters in {place} face steepest increases in a decade",
            "Renters in {place} are paying {pct} more than they were a year ago, according to figures from {inst}.",
        ),
        (
            "Council approves {n} affordable homes on old dockyard site",
            "Councillors in {place} have approved {n} affordable homes on the site of the old dockyard, "
            "ending years of argument over the land.",
        ),
        (
            "First-time buyers squeezed as mortgage costs climb",
            "First-time buyers in {region} are being squeezed out of the market as mortgage costs climb, "
            "estate agents say.",
        ),
        (
            "Rent control plan splits landlords and tenants",
            "A plan to introduce rent control across {region} has split landlords and tenants, with each "
            "side warning of unintended consequences.",
        ),
        (
            "Homelessness charity warns of rising rough sleeping in {place}",
            "Homelessness in {place} has risen for the {ordinal} year in a row, a charity says, with more "
            "people sleeping rough than at any time since records began.",
        ),
        (
            "Housing minister promises {n_big} new homes",
            "The housing minister has promised {n_big} new homes over the next five years, most of them on "
            "land once used by industry.",
        ),
        (
            "Landlords sell up as rules tighten",
            "Landlords in {region} are selling up in growing numbers as new rules on safety and tenancies "
            "take effect, the Landlords' Association says.",
        ),
    ),
    sentences=(
        "The average mortgage payment in {region} now takes up {pct} of take-home pay.",
        "Landlords say new safety rules have added {money_m} to their annual costs.",
        "The housing shortage is most acute in Port Averly and the towns around it.",
        "Renters' groups want rent control extended to all new tenancies.",
        "Homelessness services in {city} supported {n_big} people last year.",
        "House prices remain below their peak in some northern towns.",
        "Mortgage approvals fell for the {ordinal} month running.",
        "The council owns about {n} empty homes that could be brought back into use.",
        "Builders blame planning delays for the slow pace of new housing.",
        "Many renters in {city} now spend more than a third of their income on rent.",
        "A rent control pilot in {city2} capped increases at {pct_small} a year.",
        "Landlords must now give renters {n_small} months' notice before selling.",
        "Homelessness charities say demand for emergency beds has doubled.",
        "The housing ministry wants councils to build on brownfield land first.",
        "Average house prices in {city} are now {n_small} times average earnings.",
        "A mortgage guarantee scheme for first-time buyers ends in {month}.",
    ),
    quotes=(
        "Young people in {place} have simply been priced out of housing",
        "Rent control sounds simple, but it can shrink the supply of homes",
        "Nobody should be sleeping in a doorway in a country as wealthy as ours",
        "We need to build, and we need to build homes people can afford",
        "Most landlords are small landlords with one or two properties",
    ),
    speakers=(
        "the housing minister",
        "an organiser with the Renters' Union",
        "an estate agent in {place}",
        "chair of the Landlords' Association",
        "director of Shelter Estmark",
    ),
    institutions=("the housing ministry", "the Renters' Union", "Shelter Estmark", "the Landlords' Association"),
)

ENERGY = TopicText(
    name="Energy",
    section="Energy",
    tags=("Energy", "Power", "Gas", "Utilities"),
    stories=(
        (
            "Gas prices climb as cold snap bites",
            "Gas prices rose {pct} on {weekday} as a cold snap pushed up demand for heating.",
        ),
        (
            "Power grid operator warns of tight supply",
            "The power grid operator warned on {weekday} that electricity supplies could be tight if the "
            "cold weather continues.",
        ),
        (
            "Heating bills set to rise by {pct} this winter",
            "Heating bills for a typical household in {region} are set to rise by {pct} this winter, the "
            "energy regulator said.",
        ),
        (
            "Northern Link pipeline restarts after repairs",
            "Gas is flowing again through the Northern Link pipeline after {n_small} days of repairs, its "
            "operator said on {weekday}.",
        ),
        (
            "Electricity prices fall as wind farms come online",
            "Wholesale electricity prices fell {pct} last month as two new wind farms off the Lowland Coast "
            "began supplying the grid.",
        ),
        (
            "Blackout hits {n_big} homes in {region}",
            "A blackout left {n_big} homes in {region} without electricity for several hours overnight.",
        ),
        (
            "Oil price jump sends fuel costs higher",
            "A jump in the oil price has pushed fuel costs higher, with a litre of diesel up {pct} in a week.",
        ),
        (
            "Households urged to check heating bills for errors",
            "Households have been urged to check their heating bills after the Consumer Council found "
            "errors in {n_big} accounts.",
        ),
    ),
    sentences=(
        "The Northern Link pipeline carries about a third of the country's gas.",
        "Electricity demand peaked at a record level on {weekday} evening.",
        "The regulator has capped energy prices for households until the spring.",
        "Wind farms off the Lowland Coast supplied {pct} of electricity last month.",
        "The power grid was not designed for the number of heat pumps now being installed.",
        "Oil prices have risen {pct_small} since the start of the month.",
        "Engineers restored power to most homes within {n_small} hours of the blackout.",
        "Gas storage sites are {pct} full, slightly below the target for the time of year.",
        "Households on prepayment meters pay the highest heating bills.",
        "The grid operator has paid factories to cut electricity use at peak times.",
        "A second pipeline from the north is due to open in {n_small} years.",
        "The pipeline's operator said maintenance would be brought forward.",
        "Electricity from solar panels reached a record share in the summer.",
        "Consumer groups say heating bills should be capped for pensioners.",
        "The power grid needs {money} of upgrades over the next decade, the operator says.",
        "Gas prices on the wholesale market fell {pct} last week.",
    ),
    quotes=(
        "Families should not have to choose between heating and eating",
        "The power grid is coping, but the margins are thinner than we would like",
        "Gas prices are driven by events far beyond our borders",
        "Every new wind farm makes our electricity a little cheaper and a little more secure",
        "Check your heating bills and call us if something looks wrong",
    ),
    speakers=(
        "a spokesman for the grid operator",
        "the energy minister",
        "an energy analyst at Averly Capital",
        "head of the Consumer Council",
        "an engineer at Northern Link",
    ),
    institutions=("the grid operator", "the energy regulator", "Northern Link", "the Consumer Council"),
    phase_stories={
        "winter": (
            (
                "Cold snap drives electricity demand to record high",
                "Electricity demand hit a record high on {weekday} evening as temperatures fell well below freezing.",
            ),
            (
                "Heating bills: what help is available this winter",
                "With heating bills still high, here is the help available to households this winter, from "
                "grants to payment holidays.",
            ),
            (
                "Blackout warnings as freezing weather grips {region}",
                "The grid operator has warned of possible blackouts as freezing weather grips {region}.",
            ),
            (
                "Gas prices spike as winter storage runs low",
                "Gas prices spiked on {weekday} as storage sites fell below half of their capacity, far "
                "lower than normal for the time of year.",
            ),
            (
                "Power grid under strain as temperatures plunge",
                "The power grid came under strain on {weekday} night as temperatures plunged to minus "
                "{n_small} degrees.",
            ),
            (
                "Households ration heating as energy prices bite",
                "Households in {place} say they are rationing their heating as energy prices bite.",
            ),
        ),
    },
    phase_sentences={
        "winter": (
            "Temperatures fell to minus {n_small} degrees overnight, pushing electricity demand to a record.",
            "Gas prices on the wholesale market have doubled since the first frost.",
            "The grid operator has asked households to avoid running appliances at peak times.",
        ),
    },
)

CRIME = TopicText(
    name="Crime & Justice",
    section="Courts",
    tags=("Courts", "Crime", "Justice", "Police"),
    stories=(
        (
            "Former councillor sentenced for fraud",
            "A former councillor from {place} was sentenced to {n_small} years in prison on {weekday} for "
            "taking bribes in exchange for planning approvals.",
        ),
        (
            "Jury retires to consider verdict in {place} dockyard case",
            "The jury in the {place} dockyard fraud trial retired on {weekday} to consider its verdict "
            "after {n_small} weeks of evidence.",
        ),
        (
            "Trial of harbour smuggling gang opens",
            "The trial of {n_small} men accused of smuggling goods through the port at {place} opened on {weekday}.",
        ),
        (
            "Court hears of night of violence in {place}",
            "A court heard on {weekday} how a dispute outside a bar in {place} turned into a night of "
            "violence that left {n_small} people injured.",
        ),
        (
            "Prosecutors drop charges against {n_small} protesters",
            "Prosecutors have dropped charges against {n_small} protesters detained at a demonstration in "
            "{place} last year.",
        ),
        (
            "Man sentenced to {n_small} years for {place} jewellery raid",
            "A man who led a raid on a jewellery shop in {place} has been sentenced to {n_small} years in prison.",
        ),
        (
            "Appeal court overturns verdict in landmark case",
            "The appeal court has overturned the verdict in a landmark fraud case, ruling that the trial "
            "judge misdirected the jury.",
        ),
        (
            "Judge criticises delays as court backlog grows",
            "A senior judge has criticised delays in the courts of {region}, where the backlog of cases has "
            "grown to {n_big}.",
        ),
    ),
    sentences=(
        "The trial is expected to last {n_small} weeks.",
        "Prosecutors say the gang made more than {money_m} from the scheme.",
        "The defendant denied all charges and will appeal the verdict, his lawyer said.",
        "The court heard evidence from {n} witnesses over {n_small} days.",
        "The judge said the sentence reflected the seriousness of the offences.",
        "Court backlogs in {region} have grown to {n_big} cases.",
        "The prosecutor told jurors that the evidence was overwhelming.",
        "He was sentenced to {n_small} years and banned from holding public office.",
        "Defence lawyers argued that the key witness was unreliable.",
        "The verdict was greeted with applause from the public gallery.",
        "The judge ordered that {money_m} in assets be confiscated.",
        "The case was referred to the court by the anti-corruption office.",
        "Police made {n_small} arrests after an investigation lasting {n_small} months.",
        "Police said their investigation into the wider network was continuing.",
        "The trial was adjourned until {weekday} after a juror fell ill.",
        "Prosecutors said they would seek a longer sentence on appeal.",
        "Two co-defendants were sentenced last year for their part in the scheme.",
        "The court was told that {money_m} passed through shell companies.",
    ),
    quotes=(
        "Justice delayed is justice denied, and our courts are badly backed up",
        "This verdict sends a clear message that nobody is above the law",
        "My client maintains his innocence and will appeal",
        "The victims have waited a long time for this day in court",
        "We will continue to prosecute these cases without fear or favour",
    ),
    speakers=(
        "the chief prosecutor",
        "a defence lawyer in {place}",
        "the justice minister",
        "a former judge",
        "a legal commentator",
    ),
    institutions=("the prosecution service", "the justice ministry", "the Bar Council", "the anti-corruption office"),
)

IMMIGRATION = TopicText(
    name="Immigration",
    section="Home Affairs",
    tags=("Immigration", "Asylum", "Home Affairs", "Border"),
    stories=(
        (
            "Asylum applications rise {pct} in a year",
            "Asylum applications in {country} rose by {pct} last year, the home affairs ministry said on {weekday}.",
        ),
        (
            "Migrants rescued off the Saltmarsh coast",
            "Coastguards rescued {n} migrants from a crowded boat off the Saltmarsh coast overnight.",
        ),
        (
            "Immigration rules for seasonal workers relaxed",
            "The government has relaxed immigration rules for seasonal workers after farmers in {region} "
            "warned of a shortage.",
        ),
        (
            "Refugee families settle in {place}",
            "Refugee families who arrived in {place} last year say they are starting to feel at home.",
        ),
        (
            "Home affairs minister defends asylum plans",
            "The home affairs minister has defended plans to speed up asylum decisions, telling the "
            "Assembly the system was too slow.",
        ),
        (
            "Border crossings fall after new patrols",
            "Border crossings at the northern checkpoints fell by {pct} last month after extra patrols were deployed.",
        ),
        (
            "Deportation flights paused after tribunal ruling",
            "Deportation flights have been paused after the appeals tribunal ruled that {n_small} removal "
            "orders were unlawful.",
        ),
        (
            "Volunteers in {place} teach language classes to refugees",
            "Volunteers in {place} are running free language classes for refugees five evenings a week.",
        ),
    ),
    sentences=(
        "The home affairs ministry processed {n_big} asylum claims last year.",
        "Most migrants arriving by sea set off from the coast of Ostrel.",
        "Refugee support groups say the waiting time for a decision is now {n_small} months.",
        "Border crossings at the northern checkpoints fell by {pct} after extra patrols were deployed.",
        "Immigration accounted for most of the country's population growth last year.",
        "The appeals tribunal has overturned {pct} of asylum refusals.",
        "Deportation orders can only be carried out once all appeals have been heard.",
        "Seasonal workers make up about {pct} of the workforce on farms in {region}.",
        "Reception centres near {city} are running at {pct} of capacity.",
        "Volunteers have opened a drop-in centre for refugees in {city}.",
        "The coastguard has carried out {n} rescues this year.",
        "Asylum seekers are not allowed to work while their claims are assessed.",
        "Migrants who arrived last summer are still waiting for a first interview.",
        "Immigration officers have been moved from airports to help clear the asylum backlog.",
        "Deportation flights are run under contract by a private airline.",
        "Refugee children in {city} have been given places at local schools.",
        "Border crossings usually rise in the summer months, officials say.",
    ),
    quotes=(
        "Nobody puts their children in a small boat unless the water is safer than the land",
        "Our immigration system must be firm, fair and fast",
        "These are people who want to work and contribute",
        "The asylum backlog is a failure of administration, not of compassion",
        "We cannot have a system where deportation orders are never carried out",
    ),
    speakers=(
        "the home affairs minister",
        "director of the Refugee Council",
        "a coastguard commander in Saltmarsh",
        "an immigration lawyer in {place}",
        "a volunteer at a drop-in centre in {place}",
    ),
    institutions=("the home affairs ministry", "the Refugee Council", "the coastguard", "the appeals tribunal"),
    phase_stories={
        "crossings": (
            (
                "Record number of migrants cross by sea in a single week",
                "A record {n} migrants crossed to {country} by sea in a single week, the coastguard said on {weekday}.",
            ),
            (
                "Saltmarsh reception centre full as boats keep arriving",
                "The reception centre at Saltmarsh is full, officials say, as boats carrying migrants "
                "continue to arrive.",
            ),
            (
                "Coastguard stretched as migrant crossings surge",
                "The coastguard says its crews are stretched after a surge in migrant crossings over the summer.",
            ),
            (
                "Asylum seekers sleep in sports hall as centres overflow",
                "Asylum seekers are sleeping on camp beds in a sports hall in {place} because reception "
                "centres are full.",
            ),
            (
                "Migrants rescued from sinking boat near {place}",
                "Coastguards rescued {n} migrants from a sinking boat off {place} on {weekday}.",
            ),
        ),
        "deportation": (
            (
                "Deportation bill passes first vote in the Assembly",
                "The government's deportation bill passed its first vote in the Assembly on {weekday} by "
                "{n_small} votes.",
            ),
            (
                "Protests against deportation bill in {place}",
                "Thousands marched through {place} on {weekday} to protest against the government's deportation bill.",
            ),
            (
                "Refugee groups vow to challenge deportation law",
                "Refugee groups say they will challenge the deportation law as soon as it passes.",
            ),
            (
                "What the new deportation bill means for asylum seekers",
                "The deportation bill now before the Assembly would change how asylum claims are handled. "
                "Here is what it means.",
            ),
            (
                "Immigration minister defends deportation bill",
                "The immigration minister has defended the deportation bill against criticism from refugee "
                "groups and church leaders.",
            ),
        ),
    },
    phase_sentences={
        "crossings": (
            "More than {n_big} migrants have crossed by sea since the start of the summer.",
            "The reception centre at Saltmarsh was built for {n} people and now houses twice that.",
            "The coastguard says calm weather has encouraged more crossings.",
        ),
        "deportation": (
            "The deportation bill would allow removals while an appeal is still pending.",
            "Refugee groups say the bill breaches the country's international obligations.",
            "The Assembly will hold a final vote on the deportation bill next month.",
        ),
    },
)

TOPICS: tuple[TopicText, ...] = (
    ELECTIONS,
    ECONOMY,
    CLIMATE,
    HEALTH,
    TECHNOLOGY,
    SPORT,
    CONFLICT,
    HOUSING,
    ENERGY,
    CRIME,
    IMMIGRATION,
)
TOPIC_BY_NAME: dict[str, TopicText] = {t.name: t for t in TOPICS}

# The paragraph a story on topic A borrows when it also touches topic B: both sentences carry B's keywords.
BRIDGES: dict[tuple[str, str], tuple[str, str]] = {
    ("Elections", "Immigration"): (
        "Immigration has become a dividing line in the race, with the Heritage Party promising to cut asylum numbers.",
        "Refugee groups have asked every party to set out its plans for people seeking asylum.",
    ),
    ("Elections", "Economy"): (
        "Inflation and interest rates top the list of voters' concerns in the latest survey.",
        "Economists say none of the parties' spending plans adds up.",
    ),
    ("Economy", "Housing"): (
        "Higher borrowing costs have hit mortgage holders hardest, and house prices have stalled.",
        "Renters have also felt the squeeze, with landlords passing on higher costs.",
    ),
    ("Economy", "Energy"): (
        "Energy prices remain the biggest single driver of the figures, with heating bills still well above "
        "their level two years ago.",
        "A fall in gas prices over the summer helped to slow the rise.",
    ),
    ("Climate", "Energy"): (
        "Environmental groups want the power grid opened up to more wind and solar electricity.",
        "Burning gas for electricity remains one of the largest sources of the country's emissions.",
    ),
    ("Health", "Technology"): (
        "The hospital is testing artificial intelligence software to help doctors read scans.",
        "A startup in Wrenfield has built a machine learning tool that predicts which wards will fill up first.",
    ),
    ("Technology", "Health"): (
        "Hospitals are among the first customers, using the tools to cut waiting times for patients.",
        "The public health agency has asked to see how data about patients will be protected.",
    ),
    ("Technology", "Economy"): (
        "Economists say the technology could lift productivity, one of the weakest spots in the economy.",
        "The central bank has cited technology investment as one of the few bright spots in recent GDP figures.",
    ),
    ("Conflict", "Immigration"): (
        "Refugee agencies say thousands of people have fled the fighting, and some have reached Estmark "
        "seeking "
        "asylum.",
        "Border crossings from Ostrel into Estmark have risen since the offensive began.",
    ),
    ("Conflict", "Energy"): (
        "The fighting has pushed up gas prices, because the Northern Link pipeline runs close to the corridor.",
        "Oil prices jumped after the first reports of fighting near the river.",
    ),
    ("Housing", "Economy"): (
        "The central bank's next decision on interest rates will determine how much mortgage payments rise.",
        "Economists expect house prices to stay flat until inflation is firmly under control.",
    ),
    ("Energy", "Climate"): (
        "Gas-fired power stations remain the largest source of carbon emissions from the power sector.",
        "The government says the switch to wind is central to its plans to tackle climate change.",
    ),
    ("Energy", "Economy"): (
        "The rise will feed through into inflation, economists warn.",
        "The central bank has said that energy costs could keep interest rates higher for longer.",
    ),
    ("Crime & Justice", "Technology"): (
        "Investigators said the gang used stolen software to hide its payments, a growing cybersecurity concern.",
        "Prosecutors relied on an algorithm to trace thousands of transactions.",
    ),
    ("Immigration", "Elections"): (
        "Immigration is expected to be a central issue at the next election, and every party's candidates "
        "are "
        "being pressed on it.",
        "The Heritage Party has made asylum the centrepiece of its campaign.",
    ),
    ("Immigration", "Conflict"): (
        "Many of the new arrivals have fled the fighting in the Selva Corridor, where troops and militants "
        "have "
        "clashed for months.",
        "Officials say the numbers will stay high until a ceasefire takes hold in Ostrel.",
    ),
}

# Which second topic a story may also touch (the dashboard shows some articles under two topics).
SECONDARY_TOPICS: dict[str, tuple[str, ...]] = {
    name: tuple(b for a, b in BRIDGES if a == name) for name in TOPIC_BY_NAME
}
