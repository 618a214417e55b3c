"""Swedish text fragments for the generated data set. Observations describe
places and situations, never people (the EST rule); contact details are
made up from common names and never reach anyone."""

NAME_HEADS = [
    "Norr", "Söder", "Väster", "Öster", "Berg", "Sjö", "Lind", "Ek", "Björk", "Gran", "Hög", "Lång",
    "Stor", "Mal", "Ny", "Gammel", "Ros", "Asp", "Hag", "Strand", "Älv", "Mo", "Sand", "Ljus", "Å",
]  # fmt: skip
NAME_TAILS = [
    "köping", "by", "vik", "sund", "holm", "berga", "fors", "hamn", "dal", "stad", "näs", "torp",
    "rum", "ås", "lunda", "hult", "tuna", "sala", "bro", "kulla",
]  # fmt: skip
COUNTIES = [
    "Stockholms län", "Uppsala län", "Södermanlands län", "Östergötlands län", "Jönköpings län",
    "Kronobergs län", "Kalmar län", "Gotlands län", "Blekinge län", "Skåne län", "Hallands län",
    "Västra Götalands län", "Värmlands län", "Örebro län", "Västmanlands län", "Dalarnas län",
    "Gävleborgs län", "Västernorrlands län", "Jämtlands län", "Västerbottens län", "Norrbottens län",
]  # fmt: skip
PLACE_WORDS = [
    "centrum", "torget", "resecentrum", "stationen", "parken", "idrottsplatsen", "skolan", "simhallen",
    "biblioteket", "köpcentret", "hamnen", "gångtunneln", "busstorget", "lekplatsen", "fritidsgården",
    "badplatsen", "strandpromenaden", "industriområdet", "kyrkogården", "motionsspåret",
]  # fmt: skip
PLACE_AREAS = [
    "Norra", "Södra", "Östra", "Västra", "Gamla", "Nya", "Övre", "Nedre", "Stora", "Lilla",
]  # fmt: skip
FIRST_NAMES = [
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Elin", "Ida", "Johanna", "Amira", "Leila",
    "Lars", "Erik", "Anders", "Johan", "Per", "Karl", "Mikael", "Ali", "Ahmed", "Jonas", "Oskar", "Nils",
]  # fmt: skip
LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Hassan", "Lindberg", "Lindqvist", "Berg",
]  # fmt: skip
OBSERVATIONS = [
    "Klotter på fasaden mot gångvägen, ungefär fem kvadratmeter.",
    "Grupp samlades vid entrén sent på kvällen; mycket nedskräpning efteråt.",
    "Krossad ruta i busskuren.",
    "Brand i soptunna, släckt av räddningstjänsten.",
    "Misstänkt narkotikaförsäljning vid parkeringen, många bilar kom och gick kort tid.",
    "Trasig belysning längs gångstråket gör platsen mörk.",
    "Mopedåkning på gång- och cykelvägen under kvällen.",
    "Inbrott i förråd i källaren, dörren uppbruten.",
    "Stölder av cyklar från cykelstället.",
    "Skadegörelse i trapphuset; boende uttrycker oro.",
    "Nedskräpning och kanyler i buskaget bakom lekplatsen.",
    "Bilbrand på parkeringen natten till lördag.",
    "Stenkastning mot bussar vid hållplatsen.",
    "Ordningsstörning vid kiosken efter stängning.",
    "Tomma lokaler används som samlingsplats.",
    "Misstänkt olovlig andrahandsuthyrning, många flyttar in och ut.",
    "Affärsverksamhet utan tillstånd i lokalen vid torget.",
    "Hot mot personal i butiken, polisen tillkallad.",
]
WHEN = [" Kväll.", " Natt.", " Eftermiddag.", " Helg.", " Flera gånger under veckan.", ""]
ACTIONS = [
    "Sanera klotter",
    "Byta trasig belysning längs gångstråket",
    "Extra polispatrull fredag och lördag kväll",
    "Fältgruppen närvarar kvällstid",
    "Trygghetsvandring med boende",
    "Utreda ansökan om kameraövervakning",
    "Beskära buskage vid lekplatsen",
    "Samtal med fastighetsägaren om låsning",
    "Föräldravandring inför helgen",
    "Städa och tömma papperskorgar oftare",
    "Informationsmöte för näringsidkare",
    "Kontroll av tillstånd i lokalen",
]
TIPS = [
    "Det är ofta stökigt vid busshållplatsen på kvällarna, folk dricker och skräpar ner.",
    "Någon har sprayat klotter på hela väggen mot skolgården.",
    "Jag ser samma bilar komma och gå vid parkeringen hela kvällarna, det ser ut som försäljning.",
    "Belysningen i gångtunneln har varit trasig i flera veckor och det känns otryggt.",
    "Mopeder kör i hög fart på cykelbanan, nästan påkört barn.",
    "Det luktar brandrök från förrådet i källaren, någon har eldat där.",
    "Ungdomar verkar utnyttjas för att springa ärenden åt äldre killar vid centrum.",
    "Lägenheten bredvid hyrs ut i andra hand till många olika personer.",
    "Cykelstället vid stationen töms på cyklar varje helg.",
    "Glaskross och sprutor i sandlådan på lekplatsen.",
]
WHERE = ["Vid busshållplatsen", "Bakom centrum", "Gångtunneln mot skolan", "Parkeringen vid torget", "I trapphuset"]
WHEN_TIP = ["Fredag kväll", "Varje kväll den senaste veckan", "I natt vid 2", "Helgerna", "Ungefär kl. 22", ""]
OFFICIAL_MESSAGES = [
    "Tack för ditt tips. Kan du säga ungefär vilken tid det brukar hända?",
    "Tack, vi tar med det i veckans lägesbild.",
    "Vi har skickat vidare ärendet till fastighetsägaren.",
]
RESIDENT_MESSAGES = ["Oftast mellan 21 och 23.", "Det hände igen i går.", "Tack för svaret!"]
SUMMARY = (
    "Veckan präglades av skadegörelse och nedskräpning kring centrum. Polisen och kommunens "
    "fältgrupp fortsätter med kvällsnärvaro; fastighetsbolaget åtgärdar belysningen."
)
ASSESSMENT = "Läget bedöms som oförändrat jämfört med förra veckan; fokus kvarstår på centrum och stationen."
PUBLIC_SUMMARY = "Under veckan rapporterades framför allt skadegörelse och nedskräpning. Insatser pågår i centrum."
BACKGROUND = (
    "Den gemensamma lägesbilden visar att otryggheten är störst kring centrum och stationen kvällstid, "
    "med skadegörelse, nedskräpning och narkotikaförsäljning. Kommunen, polisen och fastighetsägarna "
    "har kommit överens om att arbeta tillsammans med situationell prevention, tidiga insatser för "
    "unga och ett gemensamt underlag som följs upp varje vecka. "
) * 4
PRIORITIES = [
    "Narkotika i offentlig miljö",
    "Trygghet i centrum",
    "Unga i riskmiljöer",
    "Välfärdsbrott och osund konkurrens",
]
FOCUS_AREAS = ["Centrummiljön", "Motorburen ungdom", "Trygga skolvägar"]
COMMITMENTS = [
    "Genomföra medborgardialoger",
    "Öka polisens närvaro kvällstid",
    "Förbättra belysningen",
    "Trygghetsvandringar med boende",
    "Samverkan med näringsidkare",
]
EVALUATION = "Löftet följdes upp vid fyra tillfällen. De flesta åtgärderna genomfördes; belysningen blev klar sent."
