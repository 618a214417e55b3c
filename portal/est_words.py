"""Word lists of the EST check (portal/est.py), kept apart from its logic.

They are hand-made heuristics, measured by portal/tests/test_est_corpus.py
and test_est_holdout.py: extend a list when a realistic sentence is missed
or flagged by mistake, and add that sentence to a corpus."""

# "i 2 år", "sedan 5 år": a duration, not an age ("en man på 30 år" is an age).
DURATION = frozenset(
    [
        "i",
        "under",
        "sedan",
        "för",
        "om",
        "varje",
        "efter",
        "senaste",
        "inom",
        "nästan",
        "över",
        "än",
        "ytterligare",
        "drygt",
        "knappt",
        "minst",
        "till",
        "funnits",
        "pågått",
    ]
)
# Words between a duration word and the number: "i ca 10 år", "under nästan 3 år".
APPROXIMATELY = frozenset(
    ["ca", "cirka", "runt", "omkring", "ungefär", "nästan", "drygt", "knappt", "över", "minst", "bara", "hela"]
)
# Words after "N år" that make it a duration or an anniversary: "för 15 år sedan".
AFTER_DURATION = frozenset(["sedan", "tillbaka", "framåt", "till", "i", "framöver"])

# The second word of a place named after a person: "Karl Johans torg".
PLACE_WORDS = frozenset(
    [
        "torg",
        "torget",
        "plan",
        "kyrka",
        "kyrkan",
        "skola",
        "skolan",
        "gymnasium",
        "gymnasiet",
        "park",
        "parken",
        "väg",
        "vägen",
        "gata",
        "gatan",
        "gård",
        "gården",
        "backe",
        "backen",
        "hall",
        "hallen",
        "bad",
        "badet",
        "centrum",
        "station",
        "stationen",
        "bro",
        "bron",
        "plats",
        "platsen",
        "sjukhus",
        "sjukhuset",
        "förskola",
        "förskolan",
        "bibliotek",
        "biblioteket",
        "kapell",
        "kapellet",
        "äng",
        "ängen",
        "udde",
        "holme",
        "strand",
        "stranden",
        "stadion",
        "arena",
        "arenan",
        "hus",
        "huset",
        "teater",
        "teatern",
        "skog",
        "skogen",
        "församling",
        "församlingen",
        "allé",
        "allén",
    ]
)
SURNAME_ENDINGS = ("sson", "son", "berg", "ström", "qvist", "kvist", "gren", "lund", "dahl", "holm", "lin", "ler")
# Surnames from outside Sweden that the list of 500 does not hold.
FOREIGN_SURNAME_ENDINGS = ("ić", "vić", "ović", "ski", "ska", "sky", "oğlu", "oglu", "zadeh", "poulos", "escu")
# Swedish short forms of given names: Jocke, Micke, Bosse, Ludde, Nisse, Pelle.
NICKNAME_ENDINGS = ("cke", "cki", "kke", "sse", "dde", "ppe", "lle", "nne", "gge", "tte", "nte", "ffe", "bbe", "rre")

# Given names that are also ordinary Swedish words ("bo" = live, "inga" =
# none, "hans" = his): written in lower case, or on their own, they are the word.
COMMON_WORDS = frozenset(
    [
        "bo",
        "per",
        "dag",
        "del",
        "hans",
        "inga",
        "inge",
        "liv",
        "mina",
        "klara",
        "lova",
        "love",
        "tom",
        "mark",
        "max",
        "frank",
        "urban",
        "rosa",
        "saga",
        "tina",
        "tuva",
        "iris",
        "rune",
        "lisa",
        "vide",
        "malva",
        "siv",
        "lo",
        "mila",
        "ester",
        "tilde",
        "stig",
        "sten",
        "rita",
        "maj",
        "juni",
        "bror",
        "kaj",
        "linda",
        "my",
        "alla",
        "alf",
        "gun",
        "ines",
        "ruth",
        "rut",
        "kim",
        "ola",
        "ole",
        "may",
        "mia",
        "nova",
        "vega",
        "sam",
        "tim",
        "ted",
        "jan",
        "eva",
        "edit",
        "ellen",
        "nora",
        "viola",
    ]
)
# Frequent Swedish words that follow a lower-case given name without it
# being a name ("per vecka", "bo kvar").
STOPWORDS = frozenset(
    [
        "och",
        "eller",
        "att",
        "som",
        "är",
        "var",
        "har",
        "hade",
        "blev",
        "blir",
        "kan",
        "ska",
        "vill",
        "får",
        "fick",
        "i",
        "på",
        "med",
        "vid",
        "till",
        "från",
        "för",
        "om",
        "av",
        "ut",
        "in",
        "upp",
        "ner",
        "kvar",
        "hemma",
        "tryggt",
        "tryggare",
        "här",
        "där",
        "en",
        "ett",
        "den",
        "det",
        "de",
        "nu",
        "också",
        "inte",
        "alltid",
        "ofta",
        "vecka",
        "veckan",
        "dag",
        "dagen",
        "månad",
        "person",
        "personer",
        "styck",
        "timme",
        "år",
        "kväll",
        "natt",
        "gång",
        "gånger",
    ]
)

# A person named by their relation to another: "hans bror", "vaktmästarens son".
RELATIONS = (
    "bror|brodern|brorsan|syster|systern|son|sonen|dotter|dottern|mamma|mamman|pappa|pappan|mor|far|"
    "pojkvän|pojkvännen|flickvän|flickvännen|sambo|fru|man|kusin|farbror|morbror|faster|moster|styvpappa|"
    "styvmamma|granne|kompis|kompisen"
)
# One person, in the definite singular: "killen", "grannen".
PERSON_NOUNS = (
    "killen|tjejen|pojken|flickan|mannen|kvinnan|grannen|eleven|gubben|tanten|damen|ungdomen|personen|"
    "föraren|kompisen|mamman|pappan|modern|fadern|brodern|systern|sonen|dottern|pojkvännen|flickvännen|"
    "tonåringen|den misstänkte|den misstänkta|gärningsmannen|säljaren|langaren"
)
COLOURS = "röd|blå|svart|vit|grön|gul|grå|rosa|lila|brun|orange|beige|mörk|ljus"
