"""Word lists toponym recognition leans on. Our own; lowercase throughout.

Most are about what a capitalised word is when it is *not* a place: a common
English word at the start of a sentence or in a headline ("Reading", "Along",
"Nice"), a month or a weekday ("May", "March"), a title before a person's name
("President", "Gen."), an organisation word after a town's name ("Washington
Post"). The rest name the context words that make a place out of a name
("the village of X", "X province", "west of X").
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words whose capitalised form starts sentences and headlines far more often than it
# names a place, though GeoNames holds a place of that name somewhere.
COMMON_WORDS = _words(
    """
    a about above across after again against ago ahead aid aim air all allied along already also although
    always am among an and another any anyway are area areas army around arrival as ask at attack attacks
    august authority away back bad bank base basin battle bay be beach bear because been before began begin
    behind being believe bell below best better between beyond big bill bird black blue board body bold
    bomb border both bottom boulevard box branch bread break bridge bright bring broad brook brother brown
    build burn burning bush but by call calm camp can canal cape capital captain care carry case castle
    cause cave cell center centre central chance change chapel charity charter chase check chief child
    church circle citizen city civil clash clear cliff close club coast cold college colony come
    coming commerce common community company congress content control cool corner cotton council
    country county court cove creek cross crown crystal cut daily dale damage date day days dead deal
    dear death deep defence defense delta deputy desert despite destiny dial diamond did direct district
    divide do dock doctor does dollar done door double dove down downtown dozen draw dream drive drop dry
    during dust each eagle early earth east eastern easy echo eden edge eight either eleven else empire
    end energy enterprise equity estate even evening ever every evidence exchange exit eye face fact
    fair faith fall falls family far farm fast father fear federal few field fields fifth fight figure
    final fire first five flat fleet flood floor focus follow for force forces ford forest fork fort
    forth forward four fox free freedom friday friend from front frontier fuel full fund further future
    gap garden gate gates general gift girl given glad glen global go goal gold golden good government
    grace grand grant great green ground group grove guard guide gulf had half hall hand harbor harbour
    harmony harvest has have haven he head headquarters health hear heart heat heaven help her here hero hidden high
    highland hill hills him his history hold holiday holy home homestead hope horn horse hospital host
    hot hotel hour house how however human hundred hunt i ice idea if image in inch independence index
    industry inside into iron is island isle it its jack jail job join joint journal joy judge july june
    jungle junction just justice keep key kind king kingdom knight knob lady lake land lane large last
    late later latest law lead leader leaf league left legion less liberty life light like lime line lion
    little live local lock lodge long look lord loss lost lot love low lower loyal lucky made main major
    make mall man manor many maple march market mars mass may mayor me meadow means media medal meeting
    melody member memorial mercy mesa middle might mile military mill miller million mind mine minister
    minor mission mobile moment monday money monitor month moon more morning most mother motor mount
    mountain move much must my nation national nature near nearby nearly neck need never new news next
    nice night nine no none noon normal north northern not note notice nothing now number oak oasis ocean
    october of off office officer often oil old olive on once one only open opportunity or orange order
    other our out outside over own pace page palace palm paradise park part party pass past path patrol
    peace peak pearl people period person pilot pine pioneer place plain plains plan plant plaza
    pleasant please point pole police pond pool poor port post power premier press pride prime prince
    prison private prize progress prospect protest public pump quarter queen quick quiet race radio rain
    range rapid rapids rather reach reading ready real record red regional relief report republic rescue
    reserve rest result ridge right ring rise risk river road rock roll room root rose round route royal
    rule run rural safe safety said saint salt same sand saturday save say school sea season second
    security see senior september service set seven several shade shadow shelter shield ship shore short
    should show side sign signal silver since single six sky slow small smith snow so social soldier some
    soon sound source south southern space special spring springs square staff stage standard star start
    state station stay steel still stone stop storm story street strike strong success such summer summit
    sun sunday sunny sunrise sunset support sure surprise swamp table take tank tea team temple ten terrace
    than that the their them then there these they thing third this those though thousand three through
    thursday thus tide time today together tomorrow too top total tower town trade trail train tree
    tribune trinity trip true trust truth tuesday turn twelve twenty two under union unit united
    unity university until up upon upper us use valley value venture very via victory view village vision
    visit vista walk wall war ward warm was watch water way we wednesday week welcome well were west
    western what when where whether which while white who whole why wide will willow win wind window winter
    with within without wolf woman wood woods word work world would yard year years yes yesterday yet you
    young your youth zone
    alliance angry bus dozens labor labour let martyr martyrs metro militia militias molotov rifle
    settlement
    bairro barrio colonia jardim paseo vila zona
    """
)

MONTHS_AND_DAYS = _words(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    christmas easter ramadan eid thanksgiving
    """
)

# Capitalised words that begin sentences without being part of the name after them.
FUNCTION_WORDS = _words(
    """
    a an the and or but nor so yet for of in on at by to from with without into onto upon over under
    near outside inside around across along through throughout between among against toward towards
    after before during since until while when where as if than that this these those there here
    it its he she they we i you his her their our my your who whom whose which what why how
    also still even only just then now today yesterday meanwhile however moreover elsewhere
    residents locals sources witnesses reports according
    """
)

# Words before a person's name. "St." is missing on purpose: St. Louis is a place.
TITLES = _words(
    """
    mr mrs ms miss dr prof president vice chairman chairwoman chair minister premier chancellor secretary
    senator sen rep representative gov governor mayor judge justice gen general col colonel lt lieutenant
    maj major capt captain sgt sergeant cpl corporal pvt private adm admiral cmdr commander brig brigadier
    marshal officer chief deputy spokesman spokeswoman spokesperson king queen prince princess emir sheikh
    shaikh imam mufti ayatollah mullah pope cardinal bishop archbishop father rev reverend rabbi lord lady
    sir dame coach director ambassador envoy agent detective inspector sheriff trooper analyst
    activist journalist reporter correspondent author dubbed named called nicknamed
    """
)

# Lowercase words allowed inside a place name between capitalised ones (besides the
# Arabic article): "Isle of Man", "Trinidad and Tobago", "Aix en Provence", "Bin Jawad".
NAME_CONNECTORS = _words(
    "de del della di da do dos das du des la le les los las of the upon on and sur en y van von der den bin ibn"
)

# First names that are also places (Jordan, Victoria, Paris...): before another
# capitalised word they begin a person's name far more often than a place's.
GIVEN_NAMES_THAT_ARE_PLACES = _words(
    """
    jordan victoria paris florence chad georgia austin dallas houston charlotte sydney adelaide israel
    kent troy lincoln madison jackson hamilton cleveland orlando regina alexandria
    """
)

# Compass words: "west of X" and "southern X" place an event relative to X.
DIRECTIONS = {
    "north": "north",
    "south": "south",
    "east": "east",
    "west": "west",
    "northeast": "northeast",
    "northwest": "northwest",
    "southeast": "southeast",
    "southwest": "southwest",
    "north-east": "northeast",
    "north-west": "northwest",
    "south-east": "southeast",
    "south-west": "southwest",
}
DIRECTION_ADJECTIVES = {
    "northern": "northern",
    "southern": "southern",
    "eastern": "eastern",
    "western": "western",
    "northeastern": "northeastern",
    "northwestern": "northwestern",
    "southeastern": "southeastern",
    "southwestern": "southwestern",
    "north-eastern": "northeastern",
    "north-western": "northwestern",
    "south-eastern": "southeastern",
    "south-western": "southwestern",
    "central": "central",
    "rural": "rural",
    "greater": "greater",
    "upper": "upper",
    "lower": "lower",
}

# Words that begin many compound place names ("Abu Salim", "Wadi al-Rabi", "Vila Mariana",
# "Colonia Juarez") and mean a kind of place or a kinship: before more capitalised words of the
# same name they are never the place by themselves, whatever small place of that name exists.
NAME_HEADS = _words(
    """
    abu ain ayn ein bab bayt beit bir dayr deir dhi jabal jebel khirbet khirbat kafr marj qasr ras tal
    tell umm wadi sheikh shaykh tall qaryat hay jisr nahr mazraat
    bairro barrio ciudad colonia jardim nova novo nueva nuevo puerto vila
    """
)

# After a name, these make it an area ("Idlib province": only a larger region) ...
AREA_WORDS = _words(
    """
    province governorate region oblast district county state prefecture canton department municipality
    countryside territory area areas regions provinces
    lga lgas commune communes subdistrict tehsil taluka upazila raion rayon
    """
)
# ... these a town or village ("Idlib city") ...
SETTLEMENT_WORDS = _words("city town village hamlet township")
# ... and these something in or at it ("Saraqib hospital", "Hazano camp"): the town locates it.
FACILITY_WORDS = _words(
    """
    airport airbase air base camp camps crossing hospital clinic prison jail dam bridge checkpoint market
    square mosque church school university stadium station port harbour harbor highway road street
    neighbourhood neighborhood quarter district suburb outskirts front frontline military police council
    """
)

# After a name, capitalised words that make it part of an organisation, not a place.
# (Any other capitalised word after a name does too; these also stop a sentence-start name.)
ORG_WORDS = _words(
    """
    post times herald tribune journal news daily gazette telegraph observer standard express chronicle
    university college institute academy school hospital council committee commission ministry
    department agency bureau office center centre corporation company group bank fund foundation party
    union league club united city fc airlines airways
    """
)

__all__ = [
    "AREA_WORDS",
    "COMMON_WORDS",
    "DIRECTIONS",
    "DIRECTION_ADJECTIVES",
    "FACILITY_WORDS",
    "FUNCTION_WORDS",
    "GIVEN_NAMES_THAT_ARE_PLACES",
    "MONTHS_AND_DAYS",
    "NAME_CONNECTORS",
    "ORG_WORDS",
    "SETTLEMENT_WORDS",
    "TITLES",
]

# "US dollar", "Hong Kong dollars": a currency named after its country is no place, and
# says nothing of where a report is (prices in Beirut are quoted in US dollars).
CURRENCY_AFTER = re.compile(
    r"\s+(?:dollars?|pounds?|euros?|rupees?|yuan|dinars?|riyals?|rials?|liras?|rubles?|roubles?|hryvnias?"
    r"|francs?|pesos?|shillings?|naira|cedis?|kwacha|taka|afghanis?|bolivars?|reais|real)\b",
    re.IGNORECASE,
)
