# ruff: noqa: E501 - the texts are prose, one paragraph a line
"""The text a municipality starts from. It is the municipality's own content
(kept in Swedish, the language it publishes in), written so that every item
GDPR art. 13 and DIGG's model statement ask for is there to be checked and
edited: the coordinator replaces the contact details with the real ones."""

from __future__ import annotations

from django.template import Context, Template

from portal.models import Municipality

from .models import Kind

PRIVACY = """\
{{ name }} ansvarar för Trygghetsportalen i {{ name }}. Här beskriver vi vilka personuppgifter vi behandlar när du skickar ett tips, följer ett åtagande eller kontaktar oss, varför vi gör det och vilka rättigheter du har.

## Personuppgiftsansvarig
Kommunstyrelsen i {{ name }} är personuppgiftsansvarig. Du når kommunen via kontaktsidan: {{ contact_url }}

## Dataskyddsombud
Kommunens dataskyddsombud hjälper dig med frågor om hur dina personuppgifter behandlas. Skriv till dataskyddsombudet via kommunens växel och märk brevet ”Dataskyddsombud”.

## Vilka uppgifter och varför
- Tips: det du skriver, eventuella foton och, bara om du väljer det, ditt namn, din e-postadress och ditt telefonnummer. Vi använder dem för att arbeta för tryggheten i kommunen och, om du vill, för att kontakta dig.
- Att följa ett åtagande: din e-postadress, för att skicka dig nyheter om åtagandet tills du avslutar prenumerationen.
- Vi sparar inte din IP-adress tillsammans med tipset.

## Rättslig grund
Behandlingen är nödvändig för att utföra en uppgift av allmänt intresse och som ett led i myndighetsutövning (artikel 6.1 e i dataskyddsförordningen), kommunens brottsförebyggande arbete enligt lagen om kommuners ansvar för brottsförebyggande arbete. E-post om ett åtagande skickar vi med ditt samtycke, som du kan ta tillbaka när du vill.

## Mottagare
Tips läses av de tjänstepersoner i kommunen som arbetar med trygghet. Ett tips kan lämnas vidare till Polisen när det behövs för att förebygga eller utreda brott. Kommunens it-leverantör behandlar uppgifterna för vår räkning enligt ett personuppgiftsbiträdesavtal. Ett tips blir en allmän handling; innan någon får läsa det prövar kommunen om uppgifterna omfattas av sekretess.

## Hur länge vi sparar uppgifterna
Kontaktuppgifter, text, foton och meddelanden raderas {{ retention_days }} dagar efter att tipset har avslutats. Kvar blir bara datum, kategori, plats och status, för statistik. E-postadressen för ett åtagande raderas när du avslutar prenumerationen.

## Dina rättigheter
Du har rätt att få veta vilka uppgifter vi har om dig (registerutdrag), att få felaktiga uppgifter rättade, att få uppgifter raderade eller behandlingen begränsad när lagen tillåter det och att invända mot behandlingen. Ett anonymt tips kan vi inte koppla till dig; med kvittokoden kan du själv se det.

## Klagomål
Om du tycker att vi behandlar dina personuppgifter fel kan du kontakta dataskyddsombudet eller klaga hos Integritetsskyddsmyndigheten (IMY), https://www.imy.se, imy@imy.se, 08-657 61 00.
"""

ACCESSIBILITY = """\
{{ name }} står bakom Trygghetsportalen i {{ name }}. Vi vill att så många som möjligt ska kunna använda tjänsten. Här beskriver vi hur tjänsten uppfyller lagen om tillgänglighet till digital offentlig service, kända tillgänglighetsproblem och hur du kan rapportera brister till oss så att vi kan åtgärda dem.

## Hur tillgänglig är tjänsten?
Vi är medvetna om att delar av tjänsten kanske inte är helt tillgängliga. Se avsnittet om innehåll som inte är tillgängligt nedan.

## Vad kan du göra om du inte kan använda delar av tjänsten?
Om du behöver innehåll i ett annat format kan du kontakta oss, se {{ contact_url }}. Du kan också ringa kommunens växel.

## Rapportera brister i tjänstens tillgänglighet
Vi strävar hela tiden efter att förbättra tjänstens tillgänglighet. Om du upptäcker problem som inte beskrivs på den här sidan, eller om du anser att vi inte uppfyller lagens krav, meddela oss så att vi får veta att problemet finns. Vi svarar inom fem arbetsdagar.

## Tillsyn
Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn för lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg och påtala det: https://www.digg.se/tdosanmalan

## Teknisk information om tjänstens tillgänglighet
Tjänsten är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan.

## Innehåll som inte är tillgängligt
- Foton som invånare skickar med tips har ingen textbeskrivning.
- PDF-filer som skapades innan tjänsten började tagga sina dokument saknar struktur för skärmläsare.

## Hur vi testat tjänsten
Vi har gjort en egen granskning av tjänsten med automatiska verktyg (axe-core och Lighthouse) och manuellt med tangentbord och skärmläsare. Redogörelsen uppdaterades senast den dag som anges på sidan.
"""

CONTACT = """\
Trygghetsportalen i {{ name }} drivs av {{ name }} tillsammans med Polisen och kommunens samverkansparter.

## Kontakta kommunen
- Kommunens växel: se kommunens webbplats
- E-post: via kommunens webbplats
- Postadress: Kommunstyrelsen, {{ name }}

## Tips och frågor om ett tips
Skicka tips via tipsformuläret. Har du redan skickat ett tips följer du upp det med din kvittokod; vi kan inte se vem du är.

## Brådskande
Vid nödläge, ring 112. För att anmäla ett brott till Polisen, ring 114 14 eller gå till https://polisen.se.
"""

TEMPLATES = {Kind.PRIVACY: PRIVACY, Kind.ACCESSIBILITY: ACCESSIBILITY, Kind.CONTACT: CONTACT}


def default_body(municipality: Municipality, kind: str, *, contact_url: str) -> str:
    context = Context(
        {"name": municipality.name, "retention_days": municipality.tip_retention_days, "contact_url": contact_url},
        autoescape=False,  # plain text; the page escapes it when it is shown
    )
    return Template(TEMPLATES[kind]).render(context)
