"""Word lists the extractor reads articles with: months, cue words, measures, subjects, places.

Everything here is data, kept in one place so a reviewer can see (and extend) what the rules
know. Nothing in these lists is specific to the five seed articles: they name common ways news
writing states sales, shares, changes, targets and forecasts.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
#: a month name as a regular expression, full names first (``March`` before ``Mar``)
MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})

#: abbreviations whose full stop does not end a sentence
ABBREVIATIONS = frozenset({
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mr", "mrs", "ms", "dr", "prof", "inc", "co", "corp", "ltd", "st", "no", "vs", "etc", "approx",
    "gov", "sen", "rep", "gen", "jr", "sr", "e.g", "i.e", "fig", "est",
})

# --- kinds ------------------------------------------------------------------------------------
#: words that make a percent figure a change (growth rate)
CHANGE_WORDS = (
    "up", "down", "rose", "rise", "rises", "rising", "risen", "grew", "grow", "grows", "growing", "growth",
    "increase", "increased", "increases", "increasing", "surge", "surged", "surging", "jump", "jumped",
    "jumps", "climb", "climbed", "soar", "soared", "gain", "gained", "gains", "expand", "expanded",
    "fell", "fall", "falls", "falling", "drop", "dropped", "dropping", "drops", "decline", "declined",
    "declines", "declining", "decrease", "decreased", "decreases", "slump", "slumped", "plunge",
    "plunged", "shrank", "shrink", "contracted", "slid", "slipped", "year-on-year", "year-over-year",
    "cut", "cuts", "reduced", "reduces", "lowered", "raised", "boosted", "improved",
)
#: words that say a change went down (the extractor keeps the figure positive and says so)
DOWN_WORDS = frozenset({
    "down", "fell", "fall", "falls", "falling", "drop", "dropped", "dropping", "drops", "decline",
    "declined", "declines", "declining", "decrease", "decreased", "decreases", "slump", "slumped",
    "plunge", "plunged", "shrank", "shrink", "contracted", "slid", "slipped", "lower", "cut", "fewer", "less",
    "smaller",
})
#: phrases that say a change is compared with the same period a year before
YEAR_ON_YEAR = ("year on year", "year-on-year", "year over year", "year-over-year", "from a year earlier",
                "from a year ago", "over the same period last year", "compared with a year earlier", "y/y", "yoy",
                "than a year ago", "than a year earlier", "compared with the same period", "from the same period",
                "compared with last year", "compared to a year earlier", "compared to the same period")
#: words that make a percent figure a share of a whole
SHARE_WORDS = ("accounted for", "accounting for", "accounts for", "account for", "share", "penetration",
               "of all", "of the total", "of total", "proportion", "made up", "making up", "makes up")
#: words that make a figure a forecast (someone expects it)
FORECAST_WORDS = ("anticipated", "expected", "expects", "expect", "projected", "projects", "forecast",
                  "forecasts", "predicted", "predicts", "estimated to", "is set to", "are set to", "likely to",
                  "will be", "will reach", "will rise", "will grow", "would reach", "outlook")
#: words that make a figure a target (someone set it as a goal)
TARGET_WORDS = ("target", "targets", "targeting", "targeted", "goal", "goals", "aim", "aims", "aiming",
                "aimed", "plan", "plans", "planned", "roadmap", "calls for", "call for", "pledged",
                "pledges", "strive", "strives", "seeks to", "seek to", "ambition", "objective")
#: words that make a currency amount a fixed (exact) policy amount or threshold
POLICY_WORDS = ("subsidy", "subsidies", "priced", "price", "threshold", "level", "allowance", "fee", "fine",
                "grant", "bonus", "tax", "tariff", "rebate", "voucher", "cap", "ceiling", "minimum wage")
#: phrases that say the base of a change is not known ("costs fell 30 percent in recent years")
VAGUE_BASE = ("in recent years", "over the years", "over the past decade", "in the past decade",
              "over time", "in recent months")
#: verbs/phrases after which a bound hedge marks a threshold for the first time
FIRST_TIME = ("for the first time", "for the 1st time", "a first", "never before")
#: phrases that introduce the parts of a total stated just before
SUM_INTRO = ("this included", "these included", "this includes", "these include", "of which", "of this",
             "of these", "comprising", "consisting of", "made up of", "including")

# --- quantities ---------------------------------------------------------------------------------
#: canonical measure -> words that name it
MEASURES: dict[str, tuple[str, ...]] = {
    "sales": ("sales", "sale", "sold", "sell", "sells", "selling"),
    "production": ("production", "output", "produced", "produce", "produces", "producing", "manufactured",
                   "manufacture", "built", "make", "made"),
    "exports": ("exports", "export", "exported", "exporting"),
    "imports": ("imports", "import", "imported", "importing"),
    "deliveries": ("deliveries", "delivered", "deliver", "delivers"),
    "shipments": ("shipments", "shipped", "ships"),
    "revenue": ("revenue", "revenues", "turnover"),
    "profit": ("profit", "profits", "earnings", "net income"),
    "investment": ("investment", "investments", "invested", "invest"),
    "consumption": ("consumption", "spending"),
    "capacity": ("capacity",),
    "orders": ("orders", "ordered"),
    "subsidy": ("subsidy", "subsidies"),
    "price": ("price", "prices", "priced"),
    "cost": ("cost", "costs"),
    "registrations": ("registrations", "registered"),
    "employment": ("jobs", "employees", "workers", "staff", "employed", "employment", "employs", "employ"),
    "yield": ("yield", "yields"),
    "users": ("users", "customers", "subscribers"),
    "share": ("share", "penetration", "accounted for", "accounting for", "accounts for"),
}
#: canonical subject -> words that name it (an acronym defined in the article is added at run time)
SUBJECTS: dict[str, tuple[str, ...]] = {
    "nev": ("new energy vehicle", "new energy vehicles", "new-energy vehicle", "new-energy vehicles",
            "nev", "nevs"),
    "ev": ("electric vehicle", "electric vehicles", "electric car", "electric cars", "ev", "evs"),
    "passenger_car": ("passenger car", "passenger cars", "passenger vehicle", "passenger vehicles"),
    "commercial_vehicle": ("commercial vehicle", "commercial vehicles", "trucks and buses"),
    "vehicle": ("vehicle", "vehicles", "auto", "autos", "car", "cars", "automobile", "automobiles",
                "automotive"),
}
#: the whole a subject is a part of, for a share with no "of all ..." phrase
WHOLE_OF: dict[str, str] = {"nev": "vehicle", "ev": "vehicle", "passenger_car": "vehicle",
                            "commercial_vehicle": "vehicle"}
#: counted nouns and the claimcheck unit they are counted in
UNIT_NOUNS: dict[str, str] = {
    "units": "vehicles", "unit": "vehicles", "vehicles": "vehicles", "vehicle": "vehicles", "cars": "vehicles",
    "car": "vehicles", "autos": "vehicles", "automobiles": "vehicles", "trucks": "vehicles", "buses": "vehicles",
    "suvs": "vehicles", "evs": "vehicles", "nevs": "vehicles",
    "years": "years", "year": "years", "yrs": "years",
    "km": "km", "kilometers": "km", "kilometres": "km", "kilometer": "km", "kilometre": "km",
}
#: units claimcheck has no name for: the extractor says so instead of guessing
FOREIGN_UNITS = frozenset({"months", "month", "days", "day", "hours", "hour", "minutes", "tonnes", "tons",
                           "kg", "kilograms", "gwh", "mwh", "kwh", "gw", "mw", "kw", "miles", "meters",
                           "metres", "square", "hectares", "barrels", "liters", "litres", "gallons"})

# --- places and entities ------------------------------------------------------------------------
#: words before a measure that do not name what is measured ("total output", "quarterly revenue")
NOT_SUBJECT_WORDS = frozenset({
    "total", "quarterly", "annual", "monthly", "yearly", "full-year", "overall", "net", "gross", "its", "their",
    "his", "her", "our", "the", "a", "an", "and", "or", "of", "in", "said", "says", "that", "which", "while",
    "with", "as", "by", "for", "to", "from", "this", "these", "last", "first", "reported", "record", "domestic",
    "global", "world", "new", "all", "has", "have", "had", "is", "are", "was", "were", "be", "been", "also",
    "installed", "combined", "average", "pre-tax", "after-tax",
})

#: place names and adjectives -> entity key (a start; an article's own proper nouns are proposed)
PLACES: dict[str, str] = {
    "china": "china", "chinese": "china", "the united states": "united_states", "u.s.": "united_states",
    "us": "united_states", "america": "united_states", "american": "united_states",
    "japan": "japan", "japanese": "japan", "germany": "germany", "german": "germany", "france": "france",
    "french": "france", "britain": "united_kingdom", "british": "united_kingdom", "uk": "united_kingdom",
    "the united kingdom": "united_kingdom", "india": "india", "indian": "india", "south korea": "south_korea",
    "korean": "south_korea", "italy": "italy", "italian": "italy", "spain": "spain", "spanish": "spain",
    "canada": "canada", "canadian": "canada", "mexico": "mexico", "mexican": "mexico", "brazil": "brazil",
    "brazilian": "brazil", "russia": "russia", "russian": "russia", "australia": "australia",
    "australian": "australia", "europe": "europe", "european": "europe", "the eu": "eu",
    "the european union": "eu", "norway": "norway", "norwegian": "norway", "sweden": "sweden",
    "swedish": "sweden", "thailand": "thailand", "indonesia": "indonesia", "vietnam": "vietnam",
    "turkey": "turkey", "netherlands": "netherlands", "dutch": "netherlands",
    "shanghai": "shanghai", "beijing": "beijing", "guangdong": "guangdong", "shenzhen": "shenzhen",
    "chongqing": "chongqing", "jiangsu": "jiangsu", "zhejiang": "zhejiang", "anhui": "anhui",
    "hubei": "hubei", "wuhan": "wuhan", "tianjin": "tianjin", "hainan": "hainan", "hong kong": "hong_kong",
}
#: words that refer back to the article's home country
HOME_WORDS = ("the country", "the nation", "domestic", "the country's", "the nation's")
#: scope words of a rank: whose children are ranked
WORLD_SCOPE = ("globally", "worldwide", "in the world", "the world", "global", "world's", "internationally")
COUNTRY_SCOPE = ("nationwide", "in the country", "across the country", "domestic", "in the nation",
                 "national")

#: capitalised words that start sentences or name things but are not entities
NOT_ENTITIES = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "in", "on", "at", "by", "for", "from",
    "with", "as", "to", "of", "and", "but", "or", "since", "during", "after", "before", "under", "over",
    "last", "next", "total", "some", "more", "about", "nearly", "almost", "roughly", "around",
    "according", "official", "domestic", "families", "new", "industry", "despite", "per", "once", "while",
    "if", "however", "furthermore", "additionally", "meanwhile", "looking", "original", "like", "previous",
    "recently", "simultaneously", "vice", "minister", "ministry", "party", "president", "chief", "deputy",
    "high-quality", "pilot", "projects", "chinas", "nev", "nevs", "ev", "evs", "icv", "icvs", "ai", "ceo",
    "there", "they", "we", "he", "she", "one", "two", "three", "both", "each", "all", "most",
    "such", "our", "their", "his", "her", "you", "your", "when", "where", "what", "which", "who",
})
#: verbs that, after a capitalised word at the start of a sentence, make it the sentence's subject
SUBJECT_VERBS = frozenset({
    "is", "are", "was", "were", "has", "have", "had", "continues", "continued", "reported", "reports",
    "sold", "sells", "posted", "posts", "said", "says", "plans", "planned", "aims", "delivered", "delivers",
    "shipped", "recorded", "made", "makes", "produced", "produces", "exported", "exports", "expects",
    "announced", "launched", "launches", "raised", "cut", "hired", "employs", "operates", "built", "opened",
    "earned", "generated", "spent", "invested", "owns", "runs", "will", "saw", "carried", "carries", "flew",
})
