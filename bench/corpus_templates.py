"""Sentence templates for the generated benchmark corpus (German and English).

Only wording lives here; every name (states, capitals, people, organisations,
formats, projects) is filled in from the knowledge base by generate.py.
Fields, per language:

  {A} {B}              state, nominative (German: with article where it takes one)
  {A_dat} {B_dat}      German dative ("der Türkei", "den VAE", "China")
  {A_gen} {B_gen}      German genitive ("Kasachstans", "der Türkei"); English possessive
  {A_adj} {B_adj}      adjective stem ("kasachisch" / "Kazakh"); German templates add the ending
  {A_head} {B_head}    head of state or government with title ("Kasachstans Präsident Kassym-Schomart Tokajew");
                       German also {B_head_acc}, {B_head_dat} ("den chinesischen Präsidenten Xi Jinping")
  {B_to}               German direction ("nach China", "in die Türkei")
  {A_head_title} {A_head_name} {A_head_short}   title alone, full name, surname
  {A_fm} {A_fm_title} {A_fm_name} {A_fm_short}  the same for the foreign minister
  {city} {B_city}      where the event is held, the partner's capital
  {on_day} {on_date}   "am Dienstag" / "on Tuesday", "am 14. März" / "on 14 March"
  {deal_value} {trade_value} {target_value}     money ("1,6 Milliarden US-Dollar" / "$1.6 billion")
  {growth} {n_deals} {count} {flights} {km} {months}  numbers with their words
  {trade_year} {target_year} {when} {next_when}  periods
  {sector} {sector2}   fields of cooperation
  {project} {format} {org}  knowledge-base names
  {speaker} {speaker_short} {quote}             a quote's attribution
  {rel_year} {nth} {prev_month} {gap} {firms}   background details
"""

# German article class of partner states whose short name takes an article:
# f = feminine singular, pl = plural. Everything else is used bare.
DE_ARTICLE = {
    "turkey": "f",
    "mongolia": "f",
    "ukraine": "f",
    "switzerland": "f",
    "united-states": "pl",
    "united-arab-emirates": "pl",
    "netherlands": "pl",
}

# Partner states; a value overrides the German short form taken from the knowledge base.
PARTNERS = {
    "china": "China",
    "russia": None,
    "united-states": "USA",
    "turkey": "Türkei",
    "iran": None,
    "india": None,
    "pakistan": None,
    "afghanistan": None,
    "azerbaijan": None,
    "georgia": None,
    "germany": None,
    "france": None,
    "italy": None,
    "japan": None,
    "south-korea": "Südkorea",
    "united-kingdom": "Großbritannien",
    "united-arab-emirates": "VAE",
    "saudi-arabia": None,
    "qatar": None,
    "mongolia": "Mongolei",
    "belarus": None,
    "armenia": None,
    "hungary": None,
}
# Central Asian states are both hosts and partners of each other.
CENTRAL_ASIA = ["kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan"]

# German exonyms that the knowledge base lists among historical names, or the reverse.
PLACE_NAMES = {("astana", "de"): "Astana"}

# Titles that differ from the generic word for the office.
ROLE_WORDS = {
    ("germany", "prime-minister"): {"de": "Bundeskanzler", "en": "Chancellor"},
    ("united-states", "foreign-minister"): {"de": "Außenminister", "en": "Secretary of State"},
    ("united-kingdom", "foreign-minister"): {"de": "Außenminister", "en": "Foreign Secretary"},
}

SECTORS = {
    "de": [
        "Energie",
        "Landwirtschaft",
        "Verkehr",
        "Logistik",
        "Bergbau",
        "Digitalisierung",
        "Bildung",
        "Gesundheit",
        "Tourismus",
        "Wasserwirtschaft",
        "Chemieindustrie",
        "Maschinenbau",
        "Textilindustrie",
        "Luftfahrt",
        "Kultur",
        "Wissenschaft",
        "Finanzen",
        "Telekommunikation",
        "Bauwesen",
        "Sicherheit",
    ],
    "en": [
        "energy",
        "agriculture",
        "transport",
        "logistics",
        "mining",
        "digitalisation",
        "education",
        "healthcare",
        "tourism",
        "water management",
        "chemicals",
        "engineering",
        "textiles",
        "aviation",
        "culture",
        "science",
        "finance",
        "telecommunications",
        "construction",
        "security",
    ],
}

MONTHS = {
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
WEEKDAYS = {
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
ORDINALS = {"de": ["zweite", "dritte", "vierte"], "en": ["second", "third", "fourth"]}
MONTH_COUNTS = {
    "de": ["drei", "fünf", "sechs", "acht", "neun", "zehn", "elf"],
    "en": ["three", "five", "six", "eight", "nine", "ten", "eleven"],
}

TITLES = {
    "de": [
        "{A} und {B} vertiefen ihre Zusammenarbeit",
        "{A_head_short} empfängt {B_head_title} {B_head_name} in {city}",
        "Neue Abkommen zwischen {A_dat} und {B_dat}",
        "Handel zwischen {A_dat} und {B_dat} wächst um {growth}",
        "{A} setzt bei {sector} auf {B}",
        "Gespräche in {city}: {A} und {B} wollen mehr Handel",
        "{B_head_name} zu Besuch in {city}",
        "Milliardenabkommen in {city} unterzeichnet",
        "Außenminister {A_gen} und {B_gen} beraten in {city}",
    ],
    "en": [
        "{A} and {B} deepen cooperation",
        "{A_head_short} hosts {B_head_name} in {city}",
        "New agreements between {A} and {B}",
        "Trade between {A} and {B} grows by {growth}",
        "{A} bets on {B} for {sector}",
        "Talks in {city}: {A} and {B} seek more trade",
        "{B_head_name} visits {city}",
        "Deals worth {deal_value} signed in {city}",
        "Foreign ministers of {A} and {B} meet in {city}",
    ],
}

LEADS = {
    "de": [
        "{A_head} hat {on_day} in {city} eine Delegation {B_gen} unter Leitung von {B_head_title} {B_head_name} empfangen.",
        "{B_head} ist {on_day} zu einem Staatsbesuch in {city} eingetroffen.",
        "In {city} sind {on_day} {A_head} und {B_head} zu Gesprächen zusammengekommen.",
        "{A_head} und {B_head} haben sich {on_date} in {city} getroffen.",
        "{B_head} hat {on_day} {A} besucht. In {city} traf {B_head_short} mit {A_head_title} {A_head_name} zusammen.",
        "{A_fm} ist {on_day} in {city} mit {B_fm_title} {B_fm_name} zusammengetroffen.",
        "Die Außenminister {A_gen} und {B_gen}, {A_fm_name} und {B_fm_name}, haben {on_date} in {city} über den Ausbau der Beziehungen beraten.",
        "{A_head} hat {on_day} am {org}-Gipfel in {city} teilgenommen und dort {B_head_acc} getroffen.",
        "Beim {format} in {city} ist {on_day} {A_head} mit {B_head_dat} zusammengekommen.",
        "{A_head} hat {on_date} in {city} Gespräche mit {B_head_dat} geführt.",
    ],
    "en": [
        "{A_head} received a delegation from {B} led by {B_head_title} {B_head_name} in {city} {on_day}.",
        "{B_head} arrived in {city} {on_day} for a state visit.",
        "{A_head} and {B_head} held talks in {city} {on_day}.",
        "{A_head} and {B_head} met in {city} {on_date}.",
        "{B_head} visited {A} {on_day}. In {city}, {B_head_short} met {A_head_title} {A_head_name}.",
        "{A_fm} met {B_fm_title} {B_fm_name} in {city} {on_day}.",
        "The foreign ministers of {A} and {B}, {A_fm_name} and {B_fm_name}, discussed closer ties in {city} {on_date}.",
        "{A_head} attended the {org} summit in {city} {on_day} and met {B_head} on its sidelines.",
        "At the {format} in {city}, {A_head} met {B_head} {on_day}.",
        "{A_head} held talks with {B_head} in {city} {on_date}.",
    ],
}

AGENDA = {
    "de": [
        "Im Mittelpunkt der Gespräche standen {sector}, {sector2} und der Ausbau der Verkehrswege.",
        "Beide Seiten sprachen über die Zusammenarbeit in den Bereichen {sector} und {sector2}.",
        "Auf der Tagesordnung standen Fragen der regionalen Sicherheit sowie Projekte im Bereich {sector}.",
        "Nach Angaben des Pressedienstes ging es vor allem um {sector} und um neue Lieferketten.",
        "Die Delegationen erörterten auch die Lage in der Region und die Zusammenarbeit bei {sector2}.",
    ],
    "en": [
        "The talks focused on {sector}, {sector2} and new transport links.",
        "Both sides discussed cooperation in {sector} and {sector2}.",
        "Regional security and projects in {sector} were on the agenda.",
        "According to the press service, the main topics were {sector} and new supply chains.",
        "The delegations also reviewed the situation in the region and cooperation in {sector2}.",
    ],
}

DEALS = {
    "de": [
        "Zum Abschluss der Gespräche unterzeichneten beide Seiten {n_deals} Abkommen im Wert von {deal_value}.",
        "Insgesamt wurden Vereinbarungen im Wert von rund {deal_value} unterzeichnet, darunter in den Bereichen {sector} und {sector2}.",
        "Die Delegationen unterzeichneten {n_deals} Dokumente, unter anderem zu {sector}. Das Volumen der Investitionsabkommen beläuft sich auf {deal_value}.",
        "Unternehmen beider Länder schlossen Verträge über {deal_value} ab.",
        "Im Beisein der Delegationen wurde ein Abkommen über die Zusammenarbeit im Bereich {sector} im Wert von {deal_value} unterzeichnet.",
        "Das unterzeichnete Paket umfasst {n_deals} Vereinbarungen mit einem Gesamtvolumen von {deal_value}.",
    ],
    "en": [
        "At the end of the talks both sides signed {n_deals} agreements worth {deal_value}.",
        "Agreements worth about {deal_value} were signed, including deals in {sector} and {sector2}.",
        "The delegations signed {n_deals} documents, among them on {sector}. The investment deals are worth {deal_value}.",
        "Companies from both countries concluded contracts worth {deal_value}.",
        "An agreement on cooperation in {sector} worth {deal_value} was signed in the presence of both delegations.",
        "The package signed comprises {n_deals} agreements with a total value of {deal_value}.",
    ],
}

TRADE = {
    "de": [
        "Der Handel zwischen {A_dat} und {B_dat} erreichte im Jahr {trade_year} {trade_value}, ein Plus von {growth} gegenüber dem Vorjahr.",
        "Das bilaterale Handelsvolumen stieg {trade_year} um {growth} auf {trade_value}.",
        "Nach Angaben des Statistikamts belief sich der Warenaustausch im Jahr {trade_year} auf {trade_value}.",
        "In den ersten {months} Monaten des Jahres {trade_year} wuchs der Handel mit {B_dat} um {growth}.",
        "Der Warenaustausch ging {trade_year} um {growth} auf {trade_value} zurück.",
        "Im Jahr {trade_year} exportierte {A} Waren im Wert von {trade_value} {B_to}.",
    ],
    "en": [
        "Trade between {A} and {B} reached {trade_value} in {trade_year}, up {growth} on the previous year.",
        "Bilateral trade rose by {growth} to {trade_value} in {trade_year}.",
        "According to the statistics office, trade turnover amounted to {trade_value} in {trade_year}.",
        "In the first {months} months of {trade_year}, trade with {B} grew by {growth}.",
        "Trade fell by {growth} to {trade_value} in {trade_year}.",
        "In {trade_year}, {A} exported goods worth {trade_value} to {B}.",
    ],
}

TARGETS = {
    "de": [
        "Beide Seiten wollen das Handelsvolumen bis {target_year} auf {target_value} steigern.",
        "Bis {target_year} soll der Handel auf {target_value} wachsen.",
        "Als Ziel nannten die Regierungen einen Warenaustausch von {target_value} bis zum Jahr {target_year}.",
    ],
    "en": [
        "Both sides aim to raise trade to {target_value} by {target_year}.",
        "Trade is to grow to {target_value} by {target_year}.",
        "The governments set a target of {target_value} in annual trade by {target_year}.",
    ],
}

COUNTS = {
    "de": [
        "Derzeit sind mehr als {count} Unternehmen mit {B_adj}em Kapital in {A_dat} tätig.",
        "In {A_dat} studieren nach offiziellen Angaben rund {count} junge Menschen aus {B_dat}.",
        "Zwischen beiden Ländern gibt es inzwischen {flights} Direktflüge pro Woche.",
        "Im vergangenen Jahr reisten etwa {count} Touristen aus {B_dat} nach {A}.",
        "Seit Jahresbeginn wurden {count} gemeinsame Projekte registriert.",
    ],
    "en": [
        "More than {count} companies with {B_adj} capital currently operate in {A}.",
        "According to official figures, about {count} students from {B} study in {A}.",
        "There are now {flights} direct flights a week between the two countries.",
        "Some {count} tourists from {B} visited {A} last year.",
        "Since the start of the year {count} joint projects have been registered.",
    ],
}

PROJECTS = {
    "de": [
        "Die Arbeiten am Projekt {project} sollen {when} abgeschlossen werden.",
        "Für das Vorhaben {project} sind Investitionen von {deal_value} vorgesehen; die erste Bauphase soll {when} beginnen.",
        "Auch das Projekt {project} war Thema: Die Strecke mit einer Länge von {km} Kilometern soll {when} in Betrieb gehen.",
        "Über das Projekt {project} wurden im Jahr {trade_year} nach Angaben der Betreiber {count} Container befördert.",
        "Beide Seiten bekräftigten ihr Interesse am Projekt {project}, dessen Bau {when} beginnen soll.",
    ],
    "en": [
        "Work on the {project} is to be completed {when}.",
        "Investment of {deal_value} is planned for the {project}; the first construction phase is to begin {when}.",
        "The {project} was also discussed: the {km}-kilometre line is due to open {when}.",
        "Operators say {count} containers were carried via the {project} in {trade_year}.",
        "Both sides reaffirmed their interest in the {project}, construction of which is to start {when}.",
    ],
}

QUOTES = {
    "de": [
        "Wir sehen in {B_dat} einen verlässlichen Partner",
        "Unsere Beziehungen haben ein neues Niveau erreicht",
        "Der Ausbau der Verkehrswege ist für unsere Region von strategischer Bedeutung",
        "Wir wollen den Handel in den kommenden Jahren deutlich steigern",
        "Die Zusammenarbeit im Bereich {sector} hat großes Potenzial",
        "Zentralasien ist für uns eine Region von wachsender Bedeutung",
        "Wir sind bereit, gemeinsam neue Projekte umzusetzen",
        "Heute haben wir wichtige Entscheidungen für beide Länder getroffen",
        "Ohne stabile Lieferketten gibt es keine nachhaltige Entwicklung",
        "Wir setzen auf Dialog, gegenseitigen Respekt und Vertrauen",
    ],
    "en": [
        "We see {B} as a reliable partner",
        "Our relations have reached a new level",
        "Developing transport links is of strategic importance for our region",
        "We want to increase trade substantially in the coming years",
        "Cooperation in {sector} has great potential",
        "Central Asia is a region of growing importance for us",
        "We are ready to implement new projects together",
        "Today we took important decisions for both countries",
        "There is no sustainable development without stable supply chains",
        "We rely on dialogue, mutual respect and trust",
    ],
}
ATTRIBUTIONS = {
    "de": [
        "„{quote}“, sagte {speaker}.",
        "„{quote}“, betonte {speaker_short} nach den Gesprächen.",
        "{speaker} erklärte: „{quote}.“",
        "„{quote}“, so {speaker_short}.",
        "Nach dem Treffen sagte {speaker}: „{quote}.“",
    ],
    "en": [
        '"{quote}," {speaker} said.',
        '"{quote}," {speaker_short} said after the talks.',
        '{speaker} said: "{quote}."',
        '"{quote}," said {speaker_short}.',
        'After the meeting {speaker} said: "{quote}."',
    ],
}

BACKGROUND = {
    "de": [
        "Zentralasien gewinnt als Transitregion zwischen Europa und Asien an Bedeutung.",
        "Die Region verfügt über große Vorkommen an Öl, Gas, Uran und seltenen Erden.",
        "Seit Beginn des Krieges in der Ukraine suchen viele Unternehmen Wege, Russland zu umgehen.",
        "Der Mittlere Korridor über das Kaspische Meer verzeichnet seit einigen Jahren stark steigende Frachtmengen.",
        "Experten verweisen auf den wachsenden Wettbewerb der Großmächte um Einfluss in der Region.",
        "Wasserknappheit und der Klimawandel stellen die Länder der Region vor große Herausforderungen.",
        "Viele Arbeitsmigranten aus der Region arbeiten weiterhin in Russland.",
        "Die Regierungen der Region setzen zunehmend auf eine Politik der vielen Partner.",
        "Beobachter sehen in dem Treffen ein Signal für eine engere wirtschaftliche Verflechtung.",
        "Die Infrastruktur an den Grenzübergängen gilt nach wie vor als Engpass.",
        "Kritiker bemängeln, dass viele angekündigte Investitionen bisher nicht umgesetzt wurden.",
        "Zugleich bemühen sich die Staaten der Region um eine engere Abstimmung untereinander.",
        "Die Länder Zentralasiens haben zusammen rund 80 Millionen Einwohner.",
        "Die Bevölkerung der Region ist jung und wächst schnell.",
        "Der Ausbau von Straßen und Eisenbahnlinien gilt als Voraussetzung für mehr Handel.",
        "Investoren klagen weiterhin über Bürokratie und lange Genehmigungsverfahren.",
        "Die Energieversorgung im Winter bleibt in mehreren Ländern der Region ein Problem.",
        "Viele Staaten der Region wollen den Anteil erneuerbarer Energien deutlich erhöhen.",
        "Die Digitalisierung der Zollabfertigung soll Wartezeiten an den Grenzen verkürzen.",
        "Der Tourismus in die Region hat sich nach der Pandemie schnell erholt.",
    ],
    "en": [
        "Central Asia is gaining importance as a transit region between Europe and Asia.",
        "The region holds large reserves of oil, gas, uranium and rare earths.",
        "Since the start of the war in Ukraine many companies have been looking for routes that avoid Russia.",
        "Freight on the Middle Corridor across the Caspian Sea has grown sharply in recent years.",
        "Analysts point to growing competition among the major powers for influence in the region.",
        "Water scarcity and climate change pose major challenges for the countries of the region.",
        "Many labour migrants from the region still work in Russia.",
        "Governments in the region increasingly pursue a policy of many partners.",
        "Observers see the meeting as a sign of closer economic ties.",
        "Infrastructure at border crossings is still regarded as a bottleneck.",
        "Critics say many announced investments have yet to materialise.",
        "At the same time the states of the region are seeking closer coordination among themselves.",
        "The Central Asian states together have around 80 million inhabitants.",
        "The population of the region is young and growing fast.",
        "Building roads and railways is seen as a precondition for more trade.",
        "Investors still complain about red tape and lengthy approval procedures.",
        "Winter energy supply remains a problem in several countries of the region.",
        "Many states in the region want to raise the share of renewable energy substantially.",
        "Digital customs clearance is meant to shorten waiting times at the borders.",
        "Tourism to the region recovered quickly after the pandemic.",
    ],
}

CONTEXT = {
    "de": [
        "Die diplomatischen Beziehungen zwischen {A_dat} und {B_dat} wurden {rel_year} aufgenommen.",
        "{B} gehört zu den wichtigsten Handelspartnern {A_gen}.",
        "Es war das {nth} Treffen der beiden Politiker in diesem Jahr.",
        "{A_fm} hatte den Besuch bereits im {prev_month} in {B_city} vorbereitet.",
        "{A} exportiert vor allem Rohstoffe, Metalle und landwirtschaftliche Produkte.",
        "Aus {B_dat} kommen vor allem Maschinen, Fahrzeuge und Elektronik.",
        "In {city} hat {B} inzwischen ein Handelshaus eröffnet.",
        "Zuletzt hatte {B_head_short} {A} vor {gap} Jahren besucht.",
        "Die Zusammenarbeit im Bereich {sector2} soll künftig eine eigene Arbeitsgruppe koordinieren.",
        "Auch Vertreter von rund {firms} Unternehmen nahmen an einem Wirtschaftsforum teil.",
    ],
    "en": [
        "{A} and {B} established diplomatic relations in {rel_year}.",
        "{B} is one of {A_gen} main trading partners.",
        "It was the {nth} meeting between the two leaders this year.",
        "{A_fm} had prepared the visit in {B_city} in {prev_month}.",
        "{A} mainly exports raw materials, metals and farm products.",
        "Imports from {B} are mostly machinery, vehicles and electronics.",
        "{B} has opened a trade house in {city}.",
        "{B_head_short} last visited {A} {gap} years ago.",
        "A dedicated working group is to coordinate cooperation in {sector2}.",
        "Representatives of some {firms} companies also attended a business forum.",
    ],
}

OUTLOOK = {
    "de": [
        "Das nächste Treffen ist {next_when} in {B_city} geplant.",
        "Die Gespräche sollen {next_when} fortgesetzt werden.",
        "{A_head_short} nahm eine Einladung zu einem Gegenbesuch in {B_dat} an.",
        "Eine gemeinsame Regierungskommission soll {next_when} erstmals tagen.",
    ],
    "en": [
        "The next meeting is planned {next_when} in {B_city}.",
        "The talks are to continue {next_when}.",
        "{A_head_short} accepted an invitation to visit {B}.",
        "A joint intergovernmental commission is to meet for the first time {next_when}.",
    ],
}

# Page furniture that the ingest step is expected to remove; CUT lines end the article.
FURNITURE_DROP = {
    "de": [
        "Teilen",
        "Werbung",
        "Lesen Sie auch: Neue Zugverbindung nach Europa",
        "Foto: Pressedienst des Präsidenten",
        "Lesezeit: 3 Minuten",
        "Artikel teilen",
    ],
    "en": [
        "Share",
        "Advertisement",
        "Read more: New rail link to Europe",
        "Photo: Presidential press service",
        "3 min read",
        "Back to top",
    ],
}
FURNITURE_CUT = {
    "de": [
        ["Schreibe einen Kommentar", "Deine E-Mail-Adresse wird nicht veröffentlicht."],
        [
            "Ähnliche Artikel",
            "Neue Pipeline durch das Kaspische Meer geplant",
            "Usbekistan öffnet Grenzen für Touristen",
        ],
        ["Das könnte Sie auch interessieren", "Warum Zentralasien für Europa wichtiger wird"],
    ],
    "en": [
        ["Related articles", "New pipeline across the Caspian planned", "Uzbekistan eases visa rules"],
        ["Leave a comment", "Your email address will not be published."],
        ["You may also like", "Why Central Asia matters more to Europe"],
    ],
}
CREDITS = {"de": ["aro.", "(dpa)", "DAZ", "Text: mk"], "en": ["Reuters", "By Ann Lee", "(AFP)"]}
