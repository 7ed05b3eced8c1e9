"""Word lists the entity rules use: what is never a name, what cues a person or an organisation.

Kept apart from the extractor so that a rule can be read (and reviewed) as a list. Every entry is
lower case and compared against :func:`corpus_reader.index.extract.aliases.normalise` forms.
"""

from __future__ import annotations

__all__ = [
    "COMBINING_FORMS",
    "CONNECTORS",
    "GROUP_NOUNS",
    "HONORIFICS",
    "MONTHS",
    "NAME_MODIFIERS",
    "NEVER",
    "ORG_HEADS",
    "PARTICLES",
    "PLACE_HEADS",
    "TITLES",
    "TITLE_MODIFIERS",
    "WEEKDAYS",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


WEEKDAYS = _words(
    """
    fri friday mon monday sat saturday sun sunday thu thur thurs thursday tue tues tuesday wed
    wednesday
    """
)
MONTHS = _words(
    """
    apr april aug august dec december feb february jan january jul july jun june mar march may
    nov november oct october sep sept september
    """
)

# Capitalised only because they open a sentence or a heading: never a name on their own.
NEVER = _words(
    """
    a about above according across acting added after again against all along already also
    although always amid among an analysis and another any are around as asked at be because
    been before behind being below between beyond both breaking bst but by can central cet
    check chief click comment concerning could currently dear defence defense deputy despite
    did do does dr during each earlier eastern editorial edt eight either est even eventually
    every exclusive federal few file finally first five following for foreign former four from
    furthermore global gmt had has have he hello hence her here hers hi him his how however i
    if image in including indeed initially inside instead interior international into is it
    it's its join just last later less let lets live log madam many may maybe me meanwhile
    might mine more moreover most mr mrs ms much must my national near neither never
    nevertheless new next nine no nonetheless nor northern not noted now of often oh ok okay
    old on once one only onto opinion or other otherwise our ours outside over perhaps photo
    please previously prime read recently regarding reported said same say says second see
    senior seven several shall share she should since sir six so some sometimes soon southern
    still subscribe such tell tells ten than thank thanks that the their theirs them then
    there therefore these they third this those though three through throughout thus till to
    today told tomorrow tonight top toward towards two under until update updated upon us
    usually utc via vice video was watch we were western what when where whereas whether which
    while who whom whose why will with without would yes yesterday yet you your yours
    """
)

# Words of NEVER that also open names ("New York", "National League", "Foreign Ministry"): kept
# when the rest ends like a name of that kind or the whole is a known name.
NAME_MODIFIERS = _words(
    """
    central eastern federal first foreign global international national new northern old
    southern western
    """
)

# First parts of compounds of peoples ("Franco-Russian", "Sino-Japanese"): not names themselves.
COMBINING_FORMS = _words(
    """
    afro anglo austro euro franco german greco hispano indo italo judeo russo sino soviet
    """
)

# Titles and honorifics cue a person; they are not part of the name.
HONORIFICS = _words(
    """
    dame dr fr jr lady lord miss mr mrs ms prof rev sir sr
    """
)
TITLES = _words(
    """
    admiral adviser advisor aide ambassador analyst archbishop attorney bishop capt captain
    cardinal ceo cfo chair chairman chairwoman chancellor coach col colonel commander
    congressman congresswoman coo correspondent counterpart defender deputy director emperor
    envoy fm gen general goalkeeper gov governor imam judge justice king leader lieutenant lt
    major manager marshal mayor mep midfielder minister ministers mp pm pope premier president
    presidents prince princess prosecutor queen rabbi rep reporter representative secretary
    sen senator sergeant sgt sheik sheikh spokesman spokesperson spokeswoman striker
    """
)
TITLE_MODIFIERS = _words(
    """
    acting chief defence defense deputy economy finance first foreign former general high
    interior prime senior state supreme vice
    """
)

# Last words of organisation names ("Foreign Ministry", "BFM TV", "Xinhua News Agency").
ORG_HEADS = _words(
    """
    academy administration ag agency airlines airways alliance army assembly association
    athletic authority bank board brigade brigades bureau bv cabinet channel church city club
    co coalition college commission committee companies company congress corp corporation
    council court department duma exchange fc federation force forces foundation front fund
    gazette gmbh government group guardian herald holdings inc industries institute
    international journal kremlin league llc ltd magazine ministries ministry motors movement
    navy network news newspaper nv office organisation organization organizations parliament
    parties partners party plc police post presidency press rada radio reserve review rovers sa
    school senate service services society systems technologies telegraph television times
    treasury tribune trust tv union united university
    """
)

# Last words of place names ("Grace Road", "Persian Gulf", "Palace of Versailles").
PLACE_HEADS = _words(
    """
    airport avenue bay bridge canal coast county desert district gulf harbor harbour island
    islands lake mount mountain mountains ocean palace park peninsula port province region
    republic republics river road sea square stadium state strait straits street valley
    """
)

# Lower-case words allowed inside a name ("Bank of England", "Jean-Yves Le Drian").
CONNECTORS = _words(
    """
    al bin da das de del den der des di dos du el ibn la le of van von
    """
)
PARTICLES = _words(
    """
    al bin da das de del den der des di dos du el ibn la le van von
    """
)

# Nouns after "pro-Russian" and the like that make a political group.
GROUP_NOUNS = _words(
    """
    activists authorities demonstrators fighters forces group groups gunmen insurgents
    militants militia militias nationalists officials parties politicians protesters
    protestors rebel rebels separatist separatists supporters troops
    """
)
