"""Funding: grants, loans, awards, equity and investments, with funder, recipient and amount.

The grammar of the field, in every language:
  FUNDER awarded RECIPIENT $X            "The DoD awarded Noveon $28.8 million"
  FUNDER awarded $X to / in RECIPIENT    "...will invest A$200 million in Arafura"
  RECIPIENT received $X from FUNDER      "Ucore received an $18.4 million award from the DoD"
  RECIPIENT raised $X                    "正海磁材…募集资金不超过14亿元", "Arafura raised A$100 million"
  FUNDER向RECIPIENT提供/增资X             "国家开发银行向北方稀土提供50亿元专项贷款"
  FUNDER a doté RECIPIENT de X           "L'État a doté le fonds … de 500 millions d'euros"
  A and B will each provide $X           one fact per funder
  PLACE安排/设立专项资金X                   a local government allocating funds is the funder
  PLACE's total investment of X          "Baotou's rare earth industry ... total investment of 25.2 billion yuan"
  - RECIPIENT (place) : une aide de X        a release's list item: the funder is the one its lead named
  A a investi X, B a apporté Y              one fact per amount, each with the parties of its own clause
  RECIPIENT (City) — $X million to …     an award list item without a bullet, under a funding lead
  RECIPIENT completed an offering of $X  notes, placements, 股權募資, une levée de X: the issuer receives it
  A与B签署协议，后者出资X                   the latter (后者, ce dernier) gives it, to the other party
  N个项目签约，总投资X                      a counted set of projects receives it; nobody else gives it
  X M€ de l'État / du ministère de …     the source named right after the amount
Money next to revenue, market size or output value is not funding; a plan that was
dropped or is still being sought is not either; a conversion in brackets ("¥30 billion
($197 million)") is the same amount, and one document stating the same money twice (its
headline and its body) gives one fact.

Some funding words only count with the amount right after them ("announced $17.5 million
for three projects", "will each provide at least $1 billion", "a obtenu 18,4 millions"):
on their own they say nothing about money.
"""

from __future__ import annotations

import re
import unicodedata

from reewatch.extractors.base import DocContext, SentenceView, currency_of, make_fact, non_re_material_near, num
from reewatch.extractors.resolve import area_of
from reewatch.lexicon import Cue, Lexicon, Mention
from reewatch.models import Fact, Quantity

_RAISED_TO = re.compile(
    r"(?:increased|raised|lifted|expanded|boosted|brought|topped up)\s+(?:\w+\s+)?to"
    r"(?:\s+(?:about|approximately|around|nearly|some))?\s*$|(?:提高|增加|上调|增)至$|porté à$"
)
_RECIPIENT_PREPS = (
    "to",
    "in",
    "into",
    "for",
    "à",
    "au",
    "aux",
    "dans",
    "向",
    "给",
    "对",
    "an",
    "in die",
    "에",
    "에게",
    "に",
)
_SOURCE_PREPS = ("from", "by", "par", "du", "de la part de", "de l'", "des", "von", "from the", "自", "から", "로부터")
_RECEIVE = re.compile(
    r"\b(?:received?|receives|receiving|won|wins|secured?|secures|obtained|obtains|got|gets|landed|"
    r"(?:was|were|has been|have been|had been|will be|is) (?:awarded|granted|given|lent|allocated)|"
    r"s'est vu (?:accorder|attribuer|octroyer)|a été (?:accordée?|attribuée?|octroyée?)|"
    r"will receive|has received|a obtenu|obtient|obtiendra|reçoit|a reçu|recevra|bénéficie|bénéficiera|"
    r"bénéficient|a bénéficié|erhält|erhielt|bekommt)\b"
    r"|获得|获|獲得|獲|取得|得到|받|受け",
    re.IGNORECASE,
)
# The subject raises the money: it is the recipient ("Arafura raised A$100 million", 募集资金14亿元)
_RAISE_BEFORE = re.compile(
    r"(?:\b(?:raised|raises|raise|raising|lève|a levé|lèvera|levé)\s+(?:(?:about|around|nearly|some|an?|"
    r"additional|further|another|environ|près de|plus de|un montant de)\s+)*"
    r"|(?:募集|募资|筹集|筹资)(?:资金)?(?:总额)?(?:不超过|不超|约|逾|超过|共计?|合计)?)$",
    re.IGNORECASE,
)
# Money a company raises by issuing shares or notes: the issuer is the recipient, whoever buys
_ISSUE_CUES = frozenset(
    {
        "offering",
        "notes offering",
        "share offering",
        "placement",
        "private placement",
        "institutional placement",
        "share placement",
        "convertible notes",
        "convertible senior notes",
        "senior notes",
        "capital raising",
        "equity raising",
        "rights issue",
        "entitlement offer",
        "levée",
        "levée de fonds",
        "augmentation de capital",
        "募资",
        "募資",
        "股权募资",
        "股權募資",
        "定增",
        "增发",
        "增發",
        "配售",
        "kapitalerhöhung",
    }
)
_ALLOCATE = re.compile(
    r"安排|下达|设立|拨付|拨款|earmark|allocat|set up a|établit|débloque|mobilis|设立", re.IGNORECASE
)
_DROPPED = re.compile(
    r"terminat|cancel|scrapp(?:ed|ing)|abandon|withdr|seeking|seeks|no lender|yet to|终止|取消|不再|放弃|"
    r"annul|renonc|gestrichen|abgesagt",
    re.IGNORECASE,
)
_GOVERNMENT = re.compile(r"government|gouvernement|regierung|政府|정부|l'état|état", re.IGNORECASE)
# A government named by a common noun at the head of the sentence: "L'État accorde…", "政府将…", "정부는…"
_GOVERNMENT_NOUN = (
    r"(l['’]état(?:\s+français)?"
    r"|le gouvernement(?:\s+(?:fédéral|français|provincial|central|du\s+(?-i:[A-ZÀ-Ý])[\w'’-]+))?"
    r"|the (?:federal |central |state |provincial )?government|the state|la province"
    r"|la région(?:\s+(?-i:[A-ZÀ-Ý])[\w'’-]+)?|政府|정부)"
    r"(?=\s|는|은|将|拟|已|向|$|\W)"
)
_GOVERNMENT_SUBJECT = re.compile(r"^\W*" + _GOVERNMENT_NOUN, re.IGNORECASE)
# "… said (that) the government would provide $2 billion": the government is the subject
_GOVERNMENT_AFTER_REPORT = re.compile(r"\W*(?:that\s+|que\s+|qu')?" + _GOVERNMENT_NOUN, re.IGNORECASE)
_ORG_AFTER = re.compile(
    r"\s*(?:the\s+)?((?:[A-Z][\w&'.-]*|of|and|de|du|des)(?:\s+(?:[A-Z][\w&'.-]*|of|and|de|du|des))*)"
)
_DESCRIBED_ORG = re.compile(
    r"(?:the|a|an|la|le|les|l'|une?)\s*(?:[a-zà-ÿ-]+\s+){1,3}([A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*)*)"
)
_COUNTED = re.compile(
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|a dozen|several|deux|trois|quatre|cinq|six|sept|huit|"
    r"neuf|dix|plusieurs)\s+(?:(?!(?:to|for|in|across|with|that|which|pour|dans|de|du|des|à|avec|qui)\b)"
    r"[\w'-]+\s*){1,3}",
    re.IGNORECASE,
)
_PARTIES = {"company", "body", "area", "place"}
# "a obtenu 25 millions d'euros de Bpifrance": the source right after the amount
_FROM_RIGHT_AFTER = re.compile(r"\s*(?:de|d'|from|von)\s*(?:(?:la|le|les|l'|the|der|dem)\s*)?")
_PARTICLES = ("に", "へ", "에게", "에 ")
_ROUND_LED_BY = re.compile(
    r"[^,;.]{0,60}?\b(?:led|co-led|backed|anchored) by\s+(?:the\s+)?([A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)*)"
)
# What stands between a subject and its verb: "has committed", "will also provide", "a déjà investi"
_AUXILIARIES = re.compile(
    r"\s*(?:\([^()]{1,20}\)\s*)?(?:(?:has|have|had|will|would|also|has been|is|was|then|a|va|aussi|déjà|y|en|"
    r"hat|wird|ist)\s+)*",
    re.IGNORECASE,
)
# "une usine au Japon", "a plant in Malaysia": a country after a word of place says where, not who pays
_LOCATIVE = ("in", "en", "au", "aux", "dans", "im", "near", "près du", "près de", "在")
# "노던미네랄즈 지분 9.9%를 … 인수한다", "…の株式", "…股权": the company whose shares are bought receives the money
_STAKE_OF = (" 지분", "지분", "의 지분", "の株式", "株式", "股权", "股權")
# A subject or topic particle after a name: "KOMIR은", "双日が"; a Korean or Japanese sentence with none
# leaves its subject to the sentence before ("이와 함께 … 지분 … 인수한다")
_SUBJECT_PARTICLES = ("은", "는", "이 ", "가", "도", "は", "が", "も")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

# Funding words that count only with the amount right after them (qualifiers in between).
_WEAK_CUES = frozenset(
    {
        "announced",
        "announces",
        "announce",
        "unveiled",
        "unveils",
        "provide",
        "provides",
        "provided",
        "providing",
        "secured",
        "secures",
        "obtained",
        "a obtenu",
        "obtient",
        "obtiendra",
        "will receive",
        "recevra",
        "received",
        "receives",
        "has received",
        "won",
        "wins",
        "has won",
        "adds",
        "added",
        "will add",
        "a reçu",
        "reçoit",
        "reçu",
        "recevront",
        "ont reçu",
        "ajoute",
        "ajoutera",
        "ajoutent",
        "a ajouté",
    }
)
_ANNOUNCE = frozenset({"announced", "announces", "announce", "unveiled", "unveils"})
_WIN = frozenset({"won", "wins", "has won"})
_COMMERCIAL_AFTER = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:(?:supply|sales|offtake|purchase|procurement|delivery)\s+(?:contracts?|deals?|agreements?)|"
    r"orders?|tenders?)\b",
    re.IGNORECASE,
)
_QUALIFIERS = re.compile(
    r"\s*(?:(?:about|around|approximately|nearly|almost|more than|over|up to|at least|an additional|additional|"
    r"a further|another|some|roughly|a total of|a combined|with|an|a|environ|près de|plus de|jusqu'à|au moins|"
    r"quelque|pas moins de)\s+)*"
)
_PURPOSE_AFTER = re.compile(r"\s*(?:\(.*?\)\s*)?(?:for|to|in|toward|towards|into|under)\b", re.IGNORECASE)
# "A and B will each provide $1 billion": every funder gives the amount
_EACH = re.compile(r"\beach\b|\bchacun(?:e)?\b|\bjeweils\b|各自|分别|各|각각|それぞれ", re.IGNORECASE)
_CONJUNCTION = re.compile(r"^\s*(?:,|and|et|und|与|和|及|、|・|と|및|과|와)\s*$", re.IGNORECASE)

# What may stand between a nationality and the company it describes ("Le japonais Iwatani",
# "Japanese trading house Sojitz", "Tanzania's Ngualla", 坦桑尼亚Ngualla)
_DESCRIPTORS = frozenset(
    {
        "miner",
        "company",
        "firm",
        "group",
        "producer",
        "maker",
        "magnet",
        "trading",
        "house",
        "trader",
        "start-up",
        "startup",
        "conglomerate",
        "steelmaker",
        "carmaker",
        "automaker",
        "chemical",
        "chemicals",
        "giant",
        "developer",
        "refiner",
        "explorer",
        "investor",
        "bank",
        "state-owned",
        "rare",
        "earths",
        "earth",
        "sidérurgiste",
        "groupe",
        "chimiste",
        "minier",
        "industriel",
        "fabricant",
        "constructeur",
        "spécialiste",
        "entreprise",
        "société",
        "agence",
        "publique",
        "fonds",
        "fund",
        "banque",
        "investisseur",
    }
)
_MODIFIER_GAP = re.compile(r"\s*|\s*['’]s\s+|\s+(?:[\w-]+\s+){1,3}")

# "Bpifrance entre au capital de la start-up grenobloise MagREEsource": a name the lexicon does
# not know, after a stake phrase and a few lower-case words that describe it
_STAKE_IN = re.compile(
    r"(?:entre(?:ra)? au capital d[eu']|entrée au capital d[eu']|prise de participation dans|participation dans|"
    r"stake in|equity in|invest(?:s|ed|ing)? in|investit dans|investira dans|investissent dans)\s*"
    r"(?:(?:la|le|les|l'|the|une?|a)\s*)?((?:[a-zà-ÿ'-]+\s+){0,3})([A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*)*)"
)
# "L'État a doté le fonds … de 500 millions d'euros": the endowed thing is the recipient
_ENDOWED = re.compile(
    r"\bdot(?:é|ée|és|ées|e|era|ent|eront)\s+(?:(?:le|la|les|l'|un|une|d'un|d'une)\s*)?(.{3,80}?)\s+d(?:e\s+|')"
    r"(?:(?:environ|près de|plus de)\s+)?$",
    re.IGNORECASE,
)
# "Ces projets représentent un investissement total de…", "These projects…": the projects receive it
_DEMONSTRATIVE_SUBJECT = re.compile(
    r"^\W*(?:ces|these|those)\s+(projets|projects|sites|mines|plants|usines|installations|facilities|programmes|"
    r"programs|entreprises|companies|sociétés|start-ups)\b",
    re.IGNORECASE,
)


# A dateline that opens a wire story names where it was filed, not a party: "WASHINGTON —",
# "SUMTER, S.C. —", "BEIJING, Jan 22 (Reuters) -"
_DATELINE = re.compile(
    r"^\W*[A-Z]{2,}[A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+)*(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2})?)?(?:\s*\([A-Za-z ]+\))?"
    r"\s*[—–-]{1,2}\s+"
)
# "¥30 billion ($197 million)", "7 280 crores de roupies (environ 710 millions d'euros)": a
# conversion in brackets restates the amount before it, it is not a second one
_CONVERSION = re.compile(
    r"\s*[(（]\s*(?:(?:about|approximately|around|roughly|some|or|c\.|ca\.|environ|près de|soit|rund|etwa|"
    r"約|约|약)\s*)?"
)
# Where a sentence with several amounts passes from one to the next: "Heraeus investierte 20 Mio. €
# in das Werk, das Land Sachsen-Anhalt steuerte 4,5 Mio. € bei", "JOGMECが約210億円、双日が約90億円"
_SEPARATOR = re.compile(
    r"[,，、;；]|\s(?:and|et|und|as well as|ainsi que|while|whereas|tandis que|alors que|sowie|während)\s",
    re.IGNORECASE,
)
# A sub-national government named by its title: "das Land Sachsen-Anhalt", "the state of South
# Carolina", "la région Nouvelle-Aquitaine"
_SUBNATIONAL = re.compile(
    r"\b(?:das Land|der Freistaat|the [Ss]tate of|the [Pp]rovince of|the [Rr]egion of|l['’][ÉE]tat de|la [Rr]égion|"
    r"la [Pp]rovince de)\s+[A-ZÀ-Ý][\w'’-]*(?:[\s-][A-ZÀ-Ý][\w'’-]*)*"
)
# The source named after the amount: "a loan of $485 million from the Office of Strategic Capital",
# "$94.1 million in tax credits allocated by the Department of Energy", "accordé en mai par la BEI"
_SOURCE_GAP = re.compile(
    r"[^,;:.，；：。]{0,80}?(?<![\w'’])(?:from|by|par|de la part de|auprès de)\s+"
    r"(?:(?:the|la|le|les|l['’]|der|dem|des)\s*)?",
    re.IGNORECASE,
)
# "The project was supported by $94.1 million…": a passive funding verb makes its subject the recipient
_PASSIVE_SUPPORT = re.compile(
    r"\b(?:was|were|is|are|has been|have been|had been|will be)\s+(?:(?:also|partly|largely)\s+)?"
    r"(?:supported|backed|funded|financed|underwritten)\b"
    r"|\b(?:est|sont|a été|ont été|sera|seront)\s+(?:(?:aussi|également)\s+)?(?:soutenue?s?|financée?s?)\b",
    re.IGNORECASE,
)
# "… for which the Department has committed $258 million", "the Bank has approved a loan of…": a
# name after "the", right before the funding verb (or a verb and the funding noun), that repeats
# the head of a party named earlier in the sentence
_DEFINITE_SUBJECT = re.compile(
    r"\b(?:the|la|le|l['’])\s*([A-Z][\w'’-]+)\s+(?:(?:has|have|had|will|would|also|a|va|aussi)\s+)*"
    r"(?:[a-zé]+\s+(?:(?:an?|the|une?|le|la)\s+)?)?$"
)
# "Matières premières critiques : l'État soutient …": a government noun right before the verb
_GOVERNMENT_BEFORE = re.compile(
    r"(?:^|[\s:：,])" + r"(l['’]état(?:\s+français)?|le gouvernement(?:\s+(?:fédéral|français|provincial|central))?"
    r"|the (?:federal |central |state |provincial )?government|the state|la province"
    r"|la région(?:\s+(?-i:[A-ZÀ-Ý])[\w'’-]+)?)"
    r"\s+(?:(?:has|have|will|would|also|a|va|aussi|déjà|y|en)\s+)*$",
    re.IGNORECASE,
)
# The government that gives the money, named right after it: "7,5 M€ de l'État", "un prêt de 1,65
# milliard de dollars du gouvernement fédéral", "1,5 million d'euros de la Région", "from the state"
_GOV_SOURCE = re.compile(
    r"\s*(?:(?:de|from|von)\s+(?:la|the|der)\s+|de\s+l['’]|d['’]|du\s+|from\s+|vom\s+)"
    r"((?:l['’])?[ÉE]tat(?:\s+français)?|gouvernement(?:\s+(?:fédéral|français|provincial|central|du\s+[A-ZÀ-Ý][\w'’-]+))?"
    r"|[Rr]égion(?:\s+[A-ZÀ-Ý][\w'’-]+)?|[Pp]rovince|(?:federal |central |state |provincial )?government|state"
    r"|Bundesregierung|Bund|Landes?regierung)(?![\w'’]|\s+(?:of|de|du|d['’])(?!\w))"
)
# An institution the lexicon does not know, named as the source right after the amount: "2,5 M$ du
# ministère de l'Économie, …", "a grant of $3 million from the Swedish Energy Agency"
_INSTITUTION_SOURCE = re.compile(
    r"\s*(?:(?:de|from|by|par|von)\s+(?:la|le|the|der|dem)\s+|de\s+l['’]|d['’]|du\s+|from\s+|vom\s+)"
    r"((?:[\w'’-]+\s+){0,3}?(?:ministère|ministry|department|agency|agence|bank|banque|fund|fonds|office|council|"
    r"conseil|commission|ministerium|agentur|authority|autorité)\b[^,;:.()]{0,50}?)"
    r"(?=\s*(?:[,;:.()]|\b(?:pour|for|to|afin|in order|as|under|dans|zur|für)\b|$))",
    re.IGNORECASE,
)
# A programme the money comes under ("dans le cadre de France 2030", "under the Inflation Reduction
# Act") names its funder; the body that runs it ("opéré par Bpifrance", "managed by InfraVia") is
# neither the funder nor the recipient of the money
_PROGRAMME_BEFORE = re.compile(
    r"(?:dans le cadre d[eu]|au titre d[eu]|via|under|through|par l['’]entremise d[eu]|im Rahmen d(?:es|er))\s+"
    r"(?:(?:la|le|l['’]|the|du|de)\s*)?$",
    re.IGNORECASE,
)
_OPERATOR_BEFORE = re.compile(
    r"(?:opérée?s?|gérée?s?|pilotée?s?|administrée?s?|versée?s?|operated|managed|run|administered|disbursed|paid out|"
    r"verwaltet|ausgezahlt)\s+(?:par|by|von)\s+"
    r"(?:(?:la|le|l['’]|the|der)\s*)?$",
    re.IGNORECASE,
)
# "dont la dotation publique passe de 500 à 700 millions d'euros", "raised from $500 million to $700
# million": a range after a verb of change is an old and a new level; the new one is the money
_CHANGE_FROM = re.compile(
    r"(?:pass\w*|port[ée]\w*|relev\w*|augment\w*|increas\w*|rais\w*|ris\w*|gr[eo]w\w*|lift\w*|expand\w*|boost\w*|"
    r"steig\w*|erhöh\w*|aufgestockt)\s+(?:\w+\s+)?(?:de|d['’]|from|von)\s*$",
    re.IGNORECASE,
)
# Money called public ("dotation publique", "public funding", "öffentliche Mittel") comes from the State
_PUBLIC_MONEY = re.compile(
    r"(?:dotation|financement|aide|fonds|soutien|subvention|investissement|contribution)s?\s+publi(?:c|que)s?\b"
    r"|\bpublic\s+(?:funding|money|funds|financing|support|investment)\b|öffentliche[nr]?\s+(?:Mittel|Förderung|Gelder)",
    re.IGNORECASE,
)
_STATE_WORD = {"fr": "État", "de": "Staat", "es": "Estado", "it": "Stato"}
# A list item that opens with an infinitive: a measure a report recommends ("- Constituer un stock …",
# "- Porter à 500 millions d'euros …", "• Doter le fonds de …")
_MEASURE_ITEM = re.compile(
    r"^\s*[-•*–·▪●]\s*(?!(?:Notre|Votre|Autre|Entre|Contre|Outre|Centre|Membre|Ordre|Nombre|Titre|Chiffre|Premier|"
    r"Dernier|Pierre)\b)[A-ZÉ][a-zéèêàâîôûç]+(?:er|ir|re)\s+(?:[a-zàâéèêîôûç'’]|d['’])"
)
# "Porter à 500 millions d'euros l'enveloppe du fonds d'investissement …": the thing whose budget it is
_ENVELOPE_OF = re.compile(
    r"\s*(?:l['’]enveloppe|la dotation|le budget|les moyens|le capital|la capacité d['’]intervention)\s+"
    r"(?:du|de la|de l['’]|des|de)\s*([^,;:()]{3,80}?)\s*(?=[,;:()]|\s+(?:pour|afin|d['’]ici|dès|en 20\d\d)\b|[.]?$)"
)
# "le fonds … géré par InfraVia, dont la dotation passe à…", "a fund whose endowment rises to…": the fund
_FUND_WHOSE = re.compile(
    r"\b(?:le|du|au|un|the|a)\s+((?:fonds|fund)\b[^,;:]{0,80}?)\s*,\s*(?:dont|whose|dessen)\b",
    re.IGNORECASE,
)
# "Doté de 54 milliards d'euros sur cinq ans, le plan d'investissement France 2030 vise…": the
# endowed thing is the subject after the comma
_ENDOWED_OPENING = re.compile(r"^\W*(?:dotée?s?\s+d(?:e\s+|['’])|endowed with\s+|funded with\s+)", re.IGNORECASE)
_ENDOWED_SUBJECT = re.compile(
    r"[^,]*,\s*(?:(?:le|la|les|l['’]|the)\s*)?((?:[\w'’-]+\s+){0,4}?[A-ZÀ-Ý0-9][\w'’-]*(?:\s+[A-ZÀ-Ý0-9][\w'’-]*)*)"
)
# "- Solvay (La Rochelle) : une aide de 25 millions d'euros…", "• Ucore Rare Metals Inc.: a $14.7
# million award…": a list item headed by a name and a colon
_BULLET_HEAD = re.compile(
    r"^\s*[-•*–·▪●◦‣]\s*([^:：(（,，]{2,60}?)\s*(?:[(（][^)）]*[)）]\s*)?(?:[,，][^:：]{0,80}?)?\s*(?::\s|：)"
)
# "Phoenix Tailings (Exeter, New Hampshire) — $84.5 million to expand …": an award list item
# without a bullet, a name (and where it is) and a dash or colon right before the amount
_DASH_HEAD = re.compile(
    r"^\s*([A-Z][^:：(（,，—–;]{1,60}?)\s*(?:[(（][^)）]*[)）]\s*)?(?:,[^:：—–;]{0,60}?)?\s*(?:[—–]|:)\s*"
)
# Cues made of an amount's scale word and a preposition ("$84.5 million to …"): they only count
# in such a list item
_SCALE_CUES = frozenset({"million to", "billion to", "million for", "billion for"})
# Labels that head a list item without naming anyone ("- Budget : 25 millions d'euros")
_NOT_HEADS = frozenset(
    """budget total amount montant coût cost costs funding financement financing source sources date status
    statut objectif objective goal capacity capacité location lieu note notes type investment investissement
    aid aide grant loan prêt subvention""".split()
)
# What joins two subjects of one verb: "Le japonais Iwatani et l'agence publique japonaise JOGMEC"
_CO_SUBJECT = re.compile(
    r"\s*(?:,|and|et|und|与|和|及|、|と|및)\s*(?:(?:the|l['’]|la|le|les|der|die|das|an?|une?)\s*)?(?:[a-zà-ÿ-]+\s+){0,4}",
    re.IGNORECASE,
)
# "The $500 million plant": an amount that prices a project names the investment in it
_AMOUNT_PROJECT = re.compile(r"(?:million|billion)\s+(?:plant|project|facility|factory|refinery)$")
# A total stated as a cost: "d'un coût total de …", "at a cost of …"; an estimate of it is no funding
_COST_CUE = re.compile(r"coût|cost", re.IGNORECASE)
_ESTIMATE = re.compile(r"estim|expected to cost|devrait coûter|prévisionnel", re.IGNORECASE)


_CJK_ORG = re.compile(
    r"[\u4e00-\u9fffA-Za-z（）()]{1,24}?"
    r"(?:基金会|基金|分行|银行|銀行|公司|集团|集團|委员会|委員会|财政厅|管委会|办公室|中心|机构|政府|局|部|厅)"
)
# "日本政策投資銀行", "한국수출입은행": a bank or fund whose name opens with a country
_AREA_ORG = re.compile(
    r"[\u4e00-\u9fff\u30a0-\u30ff\uac00-\ud7afA-Za-z・]{1,20}?"
    r"(?:银行|銀行|은행|基金|기금|公司|공사|공단|机构|機構|公庫|金庫|集团|集団|그룹|财团|財団|재단)"
)
_CJK_VERBS = re.compile(r"[向给对将拟与和在是为はがにをへと을를은는에의]")
_NOT_ORGS = ("全部", "内部", "格局", "布局", "结局", "大部", "局部", "中部", "西部", "东部", "南部", "北部")
_CJK_CLAUSE = re.compile(r"[，,。；;：:！？!?]")
_DESCRIBED_START = re.compile(
    r"^\W*(?:The|Le|La|L'|Les|Die|Der|Das)\s+((?:[a-zà-ÿ'-]+\s+){1,3})([A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*)*)"
)
_LATIN_ORG_START = re.compile(
    r"^\W*(?:(?:The|Le|La|L'|Les|Die|Der|Das|El)\s+)?((?:[A-Z][\w&'.-]*)(?:\s+(?:[A-Z][\w&'.-]*|of|and|de|du|des|d'))*)"
)
# "…, the Commission will mobilise…": a capitalised name after "the", right before the funding verb
_LATIN_SUBJECT_BEFORE = re.compile(
    r"\b(?:the|The|la|La|le|Le|l'|L')\s*([A-Z][\w&'.-]*(?:\s+(?:[A-Z][\w&'.-]*|of|for|de|du|des))*)\s+"
    r"(?:(?:will|would|has|have|had|is|are|also|plans to|agreed to|intends to|is to|va|a|also|then|now|"
    r"aims to|wants to|must|shall|can)\s+)*$"
)


_ORG_WORDS = {
    "Bank",
    "Fund",
    "Corporation",
    "Corp",
    "Inc",
    "Ltd",
    "Group",
    "Capital",
    "Partners",
    "Agency",
    "Ministry",
    "Department",
    "Banque",
    "Fonds",
    "Agence",
    "Bund",
    "Bundesregierung",
    "Holdings",
}


def _cjk_subject(view: SentenceView, pos: int, start: int | None = None) -> str | None:
    """The organisation that opens the clause before `pos` ("国家开发银行向北方稀土提供…"), or the
    stretch from `start`: the shortest run of characters that ends in an organisation word."""
    head = view.text[:pos]
    if start is None:
        start = 0
        for m in _CJK_CLAUSE.finditer(head):
            start = m.end()
    m = _CJK_ORG.match(head, start)
    if not m:
        return None
    name = m.group(0).strip("（）() ")
    if (
        name.endswith(_NOT_ORGS)
        or name.startswith(("该", "該", "本", "其", "這", "此"))
        or name == "公司"
        or view.text[m.end() : m.end() + 1] in {"分", "门"}
    ):
        return None  # 全部/部分 (all, part), 格局 (pattern), 内部 (inside) are not organisations
    # a name that swallows a party the lexicon knows is not one organisation ("北方稀土获得国家开发银行")
    if any(start <= x.start and x.end <= m.end() and x.kind in {"company", "body"} for x in view.mentions):
        return None
    return name if len(name) >= 3 else None


_REPORTING = re.compile(
    r"\b(?:said|says|reported|reports|according|told|wrote|selon|a indiqué|a annoncé que|berichtet|meldet|"
    r"berichtete)\b",
    re.IGNORECASE,
)


_NOT_SUBJECT_START = frozenset(
    {
        "in",
        "on",
        "at",
        "by",
        "for",
        "since",
        "under",
        "after",
        "before",
        "as",
        "with",
        "while",
        "despite",
        "following",
        "according",
        "selon",
        "d'après",
        "laut",
        "per",
        "company",
        "group",
        "project",
    }
)


def _latin_start(view: SentenceView, head: str) -> tuple[str, int] | None:
    """An organisation that opens a Latin-script sentence, with where it ends: a government noun
    ("L'État", "the government"), a name of two capitalised words or with an org word ("Japan Bank
    for International Cooperation", "Bundesregierung"), or any capitalised name after a describing
    noun ("Le groupe Orano", "The magnet maker Niron")."""
    m = _GOVERNMENT_SUBJECT.match(head)
    if m:
        return m.group(1), m.end(1)
    m = _LATIN_ORG_START.match(head)
    if m:
        words = m.group(1).split()
        if words[0].lower() in _NOT_SUBJECT_START:
            return None
        if sum(w[:1].isupper() for w in words) >= 2 or any(w in _ORG_WORDS for w in words):
            return _clean(m.group(1)), m.end(1)
    m = _DESCRIBED_START.match(head)
    if m and any(w in _DESCRIPTORS for w in m.group(1).lower().split()):
        return _clean(m.group(2)), m.end(2)
    return None


def _start_org(view: SentenceView) -> tuple[str, int] | None:
    """An organisation the lexicon does not know that opens a Latin-script sentence, with where it ends."""
    if view.lang in {"zh", "ja", "ko"}:
        return None
    found = _latin_start(view, view.text)
    if not found or any(x.start < found[1] and x.end > found[1] - len(found[0]) for x in view.mentions):
        return None
    return found


def _org_before(view: SentenceView, pos: int) -> str | None:
    """The organisation named at the start of the sentence or right before a Chinese verb."""
    head = view.text[:pos]
    if view.lang in {"zh", "ja"}:
        return _cjk_subject(view, pos)
    subject = _LATIN_SUBJECT_BEFORE.search(head)
    if subject and not any(m.start <= subject.start(1) < m.end for m in view.mentions):
        name = subject.group(1).strip()
        if name.split()[0].lower() not in _NOT_SUBJECT_START:
            return name[:60]
    reports = list(_REPORTING.finditer(head))
    if reports:  # "Goldman Sachs analysts said the government would provide…": not the source
        government = _GOVERNMENT_AFTER_REPORT.match(head, reports[-1].end())
        return government.group(1) if government else None
    found = _latin_start(view, head)
    return found[0][:60] if found else None


def _name(m: Mention) -> str:
    """Areas as codes, companies by their short name, government bodies as the text names them
    ("美国国防部", "Pentagone", "Department of Energy"): a body's display name is English only.
    A company written in Chinese, Japanese or Korean keeps that form (赣州稀土集团): the English
    short name is not what a reader of the article, or its gold file, calls it."""
    if m.kind == "area":
        return m.id
    if m.kind == "body":
        return m.surface
    if m.kind == "company" and _CJK.search(m.surface):
        return m.surface
    return m.entity.name


def _preceded_by(view: SentenceView, m: Mention, words: tuple[str, ...], start: int | None = None) -> bool:
    start = m.start if start is None else start
    before = " " + view.lower[max(0, start - 16) : start].rstrip()
    for article in (" the", " la", " le", " les", " l'"):
        if before.endswith(article):
            before = before[: -len(article)].rstrip()
    # a Latin word must stand whole: "an" (German) is not the end of "plan"
    return any(before.endswith(w) and (_CJK.match(w) or not before[-len(w) - 1].isalnum()) for w in words)


def _followed_by(view: SentenceView, m: Mention, words: tuple[str, ...]) -> bool:
    """A particle after the name, past a closing quote or bracket (「カレマグ」に)."""
    end = m.end
    while end < len(view.text) and view.text[end] in "」』）)\"'”":
        end += 1
    return view.lower[end : end + 4].startswith(words)


def _modifiers(view: SentenceView, parties: list[Mention]) -> dict[int, Mention]:
    """Areas that only describe the party right after them ("Le japonais Iwatani", "Japanese
    trading house Sojitz", "Tanzania's Ngualla", 坦桑尼亚Ngualla): id(area) -> the party."""
    out: dict[int, Mention] = {}
    for i, m in enumerate(parties):
        if m.kind != "area" or i + 1 >= len(parties):
            continue
        head = parties[i + 1]
        if head.kind == "area" or head.start < m.end:
            continue
        gap = view.text[m.end : head.start]
        if not _MODIFIER_GAP.fullmatch(gap) or _GOVERNMENT.search(gap):
            continue
        words = gap.strip().lower().split()
        if words and words[0] not in {"'s", "’s"} and not all(w in _DESCRIPTORS for w in words):
            continue
        out[id(m)] = head
    return out


def _lead_start(m: Mention, modifiers: dict[int, Mention], parties: list[Mention]) -> int:
    """Where a party's noun phrase starts, with the nationality in front of it."""
    start = m.start
    for p in parties:
        if modifiers.get(id(p)) is m:
            start = min(start, p.start)
    return start


_PRONOUNS = frozenset({"its", "it", "son", "sa", "ses", "il", "elle", "其"})


def _company_subject(view: SentenceView) -> bool:
    """Whether the sentence opens with "the company"/"l'entreprise"/该公司 as its subject
    (a bare pronoun such as "its" or 其 is too loose: "the government raised its loan")."""
    return any(
        not view.text[: c.start].strip(" \"'“«")
        and view.lower[c.start : c.end] not in _PRONOUNS
        and not re.match(r"\s+[A-Z]", view.text[c.end :])  # "Le groupe Orano": a name, not a reference
        for c in view.cues_of("company_ref")
    )


def _weak_cue_holds(view: SentenceView, cue: Cue, q: Quantity) -> bool:
    """An "announce/provide/receive" word counts only with the amount right after it."""
    if cue.end > q.span[0]:
        return False
    gap = view.text[cue.end : q.span[0]]
    for m in view.mentions:  # "provide USA Rare Earth with $277 million"
        if cue.end <= m.start and m.end <= q.span[0]:
            gap = gap.replace(view.text[m.start : m.end], " ")
    if not _QUALIFIERS.fullmatch(gap.lower()):
        return False
    text = view.text[cue.start : cue.end].lower()
    if text in _WIN and _COMMERCIAL_AFTER.match(view.text, q.span[1]):
        return False  # "won a $50 million supply contract": a sale, not funding
    return text not in _ANNOUNCE or bool(_PURPOSE_AFTER.match(view.text, q.span[1]))


def _list_head(view: SentenceView) -> re.Match[str] | None:
    """The head of a list item: a bullet, a name and a colon ("- Solvay (La Rochelle) : …"), or
    a name and a dash or colon right before an amount ("Phoenix Tailings (Exeter) — $84.5 million")."""
    head = _BULLET_HEAD.match(view.text)
    if head is not None:
        return head
    head = _DASH_HEAD.match(view.text)
    if head is not None and any(
        q.kind == "money" and q.span[0] >= head.end() and _QUALIFIERS.fullmatch(view.lower[head.end() : q.span[0]])
        for q in view.quantities
    ):
        return head
    return None


def _funding_cue(view: SentenceView, q: Quantity, led: bool = False) -> Cue | None:
    """The funding cue nearest to an amount (70 characters before, 45 after, same clause); `led`:
    the document has announced funding that a list of awards may itemise."""

    def holds(c: Cue) -> bool:
        text = view.lower[c.start : c.end]
        if text in _SCALE_CUES:
            return False  # only the amount it begins with (below)
        return text not in _WEAK_CUES or _weak_cue_holds(view, c, q)

    # "The $500 million plant", "the ₹7,280 crore scheme": a cue that begins with the amount's scale word
    for c in view.cues:
        if c.category == "funding" and q.span[0] < c.start < q.span[1] < c.end:
            if view.lower[c.start : c.end] in _SCALE_CUES and (not led or _list_head(view) is None):
                continue
            return c
    return view.cue_near(("funding",), q.span[0], q.span[1], before=70, after=45, accept=holds)


def _strong_cue(view: SentenceView) -> bool:
    return any(view.lower[c.start : c.end] not in _WEAK_CUES for c in view.cues_of("funding"))


def _clean(name: str) -> str:
    """A name cut from running text, without the sentence's full stop ("Magelan." but "Corp.")."""
    name = name.strip()
    if name.endswith(".") and not name.endswith(("Inc.", "Corp.", "Ltd.", "Co.", "S.A.", "Bhd.")):
        name = name[:-1]
    return name[:60]


def _unknown_after(view: SentenceView, q: Quantity) -> str | None:
    """A recipient the lexicon does not know, named after the amount: "$38 million to six tech
    companies", "A$15 million in Hastings Technology Metals"."""
    tail = view.text[q.span[1] : q.span[1] + 80]
    # "in funding to X", "in grants to X" (a common noun, not a name: "in TechMet to advance")
    prep = re.match(r"\s*(?:in\s+[a-z]\w*\s+)?(?:to|in|into|à|dans)\s+", tail)
    if not prep:
        return _counted_for(tail)
    org = _ORG_AFTER.match(tail, prep.end())
    if (
        org
        and org.group(1)[:1].isupper()
        and not any(m.start == q.span[1] + org.start(1) and m.kind == "area" for m in view.mentions)
    ):
        return _clean(org.group(1))
    # "à la start-up lyonnaise Magelan": an unknown name after an article and a few describing words
    described = _DESCRIBED_ORG.match(tail, prep.end())
    if described and not any(m.start <= q.span[1] + described.start(1) < m.end for m in view.mentions):
        return _clean(described.group(1))
    # "$38 million to six tech companies", "à 47 projets stratégiques"
    counted = _COUNTED.match(tail, prep.end())
    return counted.group(0).strip()[:60] if counted else _counted_for(tail)


def _counted_for(tail: str) -> str | None:
    """ "$312 million (in federal funding) for six projects": what the money is shared among."""
    prep = re.match(r"\s*(?:in\s+(?:[\w-]+\s+){1,3}?)?(?:for|pour)\s+", tail)
    counted = _COUNTED.match(tail, prep.end()) if prep else None
    return counted.group(0).strip()[:60] if counted else None


def _unknown_stake(view: SentenceView, before: int) -> str | None:
    """ "entre au capital de la start-up grenobloise MagREEsource": the unknown name after a stake phrase."""
    for m in _STAKE_IN.finditer(view.text, 0, before):
        name = m.group(2)
        if not any(x.start <= m.start(2) < x.end for x in view.mentions):
            return name.strip()[:60]
    return None


def _kept_amounts(view: SentenceView) -> list[Quantity]:
    """The amounts a funding fact can carry: money (not per unit) and large bare numbers,
    without a bracketed conversion of the amount before it."""
    out: list[Quantity] = []
    for q in sorted(view.quantities, key=lambda x: x.span[0]):
        if not ((q.kind == "money" and not q.per_unit) or (q.kind == "number" and q.value >= 1_000_000)):
            continue
        if (
            out
            and q.kind == "money"
            and out[-1].kind == "money"
            and _CONVERSION.fullmatch(view.text[out[-1].span[1] : q.span[0]])
        ):
            continue
        out.append(q)
    return out


def _segment(view: SentenceView, q: Quantity, amounts: list[Quantity]) -> tuple[int, int]:
    """The stretch of the sentence that belongs to one of several amounts: from the last
    separator after the amount before it to the last separator before the next one; a semicolon
    between them wins over a comma ("A与B签约，拟投资8.5亿元；C与B签约，拟投资4.1亿元")."""
    i = amounts.index(q)
    lo, hi = 0, len(view.text)
    if i > 0:
        seps = list(_SEPARATOR.finditer(view.text, amounts[i - 1].span[1], q.span[0]))
        strong = [m for m in seps if m.group(0) in ";；"]
        if seps:
            lo = (strong or seps)[-1].start()
    # "…obtient le label pour une ligne … ; la BEI y apportera 40 millions d'euros": a semicolon
    # before the amount opens its own clause, with its own subject
    semi = max(view.text.rfind(";", lo, q.span[0]), view.text.rfind("；", lo, q.span[0]))
    if semi > lo:
        lo = semi
    if i + 1 < len(amounts):
        seps = list(_SEPARATOR.finditer(view.text, q.span[1], amounts[i + 1].span[0]))
        strong = [m for m in seps if m.group(0) in ";；"]
        if seps:
            hi = (strong or seps)[-1].start()
    return lo, hi


def _counted_projects(view: SentenceView, q: Quantity, lo: int, parties: list[Mention]) -> str | None:
    """A counted set of projects that is the subject of the amount's clause, with nobody named
    between it and the amount: "3个项目签约落地，总投资30.6亿元", "Six projects will share…"."""
    start = lo
    for m in _CLAUSE_BREAK.finditer(view.text, lo, q.span[0]):
        start = m.end()
    found = None
    for m in _COUNTED_PROJECTS.finditer(view.text, start, q.span[0]):
        found = m
    if found is None or any(found.end() <= p.start < q.span[0] for p in parties):
        return None
    # "3个稀土项目" in a headline and "3个项目" in the body are one set
    return re.sub(r"([个個])[\u4e00-\u9fff]{1,4}?([项項]目)$", r"\1\2", found.group(0))


def _unknown_subject(view: SentenceView, before: int) -> tuple[str, int] | None:
    """A capitalised name that is the subject of the sentence, after an opening phrase at most
    ("Plus modeste, Niobay Métaux, qui …", "Nordic Rare Metals, a Swedish explorer, …"), with where
    it ends; None if the lexicon knows it (its mention is the party) or it names a place."""
    m = _NAME_SUBJECT.match(view.text, 0, before)
    if m is None:
        return None
    name = _clean(m.group(1))
    if name.split()[0].lower() in _NOT_SUBJECT_START or any(
        x.start < m.end(1) and x.end > m.start(1) for x in view.mentions if x.kind in _PARTIES
    ):
        return None
    if any(p.span[0] < m.end(1) and p.span[1] > m.start(1) for p in view.periods):
        return None
    return name, m.end(1)


def _nationality(view: SentenceView, m: Mention) -> bool:
    """Whether an area only describes a company the sentence does not name: "Le spécialiste
    britannique des métaux…", "The British magnet maker will invest…" (not "le gouvernement
    britannique", "the British government", "la France")."""
    if m.kind != "area" or _CJK.search(view.text[m.start : m.end]):
        return False
    near = view.text[max(0, m.start - 20) : m.end + 20]
    if _GOVERNMENT.search(near):
        return False
    surface = view.text[m.start : m.end]
    if surface[:1].islower():
        return True  # "britannique", "japonais", "chinesische"
    after = re.match(r"\s+([a-z][\w-]*)", view.text[m.end :])
    return bool(_ARTICLE_BEFORE.search(view.text, 0, m.start) and after and after.group(1) in _DESCRIPTORS)


def _run_or_framed(view: SentenceView, m: Mention) -> bool:
    """Whether a party only runs the scheme ("opéré par Bpifrance") or names the programme the money
    comes under ("dans le cadre de France 2030")."""
    lo = max(0, m.start - 30)
    return bool(_OPERATOR_BEFORE.search(view.text, lo, m.start) or _PROGRAMME_BEFORE.search(view.text, lo, m.start))


# "3个项目", "six projects", "trois projets": a counted set of projects
_COUNTED_PROJECTS = re.compile(
    r"(?:\d+|[一二两三四五六七八九十几多]+)个(?:[\u4e00-\u9fff]{0,4}?)项目|(?:\d+|[一二两三四五六七八九十几多]+)個(?:[\u4e00-\u9fff]{0,4}?)項目"
    r"|\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|deux|trois|quatre|cinq|sept|huit|neuf|dix)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:projects|projets|Projekte)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;；。]")
# "…, and the project also won $65 million in tax credits": a clause whose own subject (the company,
# the project) receives the money does not share the funder of the clause before
_REFERENCE_RECEIVES = re.compile(
    r"\b(?:the|its|l['’]|le|la|son|sa)\s*(?:company|project|plant|firm|group|entreprise|projet|société|groupe|usine)\s+"
    r"(?:(?:also|has|have|had|will|then|aussi|également|a|va)\s+)*"
    r"(?:won|wins|received?|receives|secured?|secures|obtained|got|landed|a obtenu|obtient|obtiendra|reçoit|a reçu|"
    r"recevra|bénéficie|bénéficiera|a bénéficié)\b"
)


def _in_compound(text: str, m: Mention) -> bool:
    """ "Haute-Vienne", "Vienne-Est": a name inside a hyphenated place name is not the area it spells."""
    before = re.search(r"[A-ZÀ-Ý][\w'’]*-$", text[max(0, m.start - 20) : m.start])
    after = re.match(r"-(?:(?:sur|en|le|la|les|lès|de)-)?[A-ZÀ-Ý]", text[m.end : m.end + 12])
    return bool(before or after)


# The next item of a list of amounts: "…, et par 1,5 million d'euros", "and $5 million"
_LIST_NEXT = re.compile(
    r"(?:,|;|\bet\b|\band\b|\bsowie\b|\bund\b|、|及)\s*(?:(?:par|by|with|avec|through|from|von|mit)\s+)?"
    r"(?:(?:une?|an?|the|la|le|les|another|additional)\s+)?$",
    re.IGNORECASE,
)
# "partagé entre Ottawa et Québec", "split between the federal and provincial governments"
_SHARED_BY = re.compile(
    r"(?:partagée?s?|répartie?s?|shared|split)\s+(?:à parts égales\s+|equally\s+)?(?:entre|between)\s+"
    r"(?:(?:le|la|les|l['’]|the)\s*)?$",
    re.IGNORECASE,
)
# "… au capital de l'entreprise", "… in the company": the company the article is about
_INTO_THE_COMPANY = re.compile(
    r"[^,;.]{0,20}?\b(?:au capital d[eu]|dans|in|into)\s+(?:l['’]entreprise|la société|le groupe|the company|the firm|"
    r"the group)\b",
    re.IGNORECASE,
)
# A sentence whose subject is only a pronoun or "the company": "Il a été financé par…", "It received…"
_PRONOUN_SUBJECT = re.compile(
    r"\W*(?:it|il|elle|they|ils|elles|er|sie|es|the company|the project|l['’]entreprise|la société|le projet|"
    r"该公司|該公司|该项目|該項目|公司|其)\s*",
    re.IGNORECASE,
)
_CLAUSE_SEP = re.compile(r"[,，;；。]")
# "后者", "the latter", "ce dernier": the second of two parties just named
_LATTER = re.compile(r"后者|後者|\bthe latter\b|\bce dernier\b|\bcette dernière\b|\bletztere[rs]?\b", re.IGNORECASE)
_CJK_AND = re.compile(r"[与和同跟與]")
# A name of two capitalised words or more (or one before a comma) that opens the sentence, after an
# opening phrase of lower-case words at most: "Plus modeste, Niobay Métaux, qui…"
_NAME_SUBJECT = re.compile(
    r"^\W*(?:[A-ZÀ-Ý]?[a-zà-ÿ'’-]*(?:\s+[a-zà-ÿ'’-]+){0,4},\s*)?"
    r"([A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)+|[A-Z][\w&'’.-]*(?=\s*,))"
)
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an)\s+$", re.IGNORECASE)
# "In Germany, HyProMag has formed…", "En France, …", "在德国，…": a country that sets the scene
_SETTING = re.compile(r"^\W*(?:in|en|au|aux|im|à|dans|在)\s*$", re.IGNORECASE)


def _setting(view: SentenceView, m: Mention) -> bool:
    """Whether an area only says where the sentence takes place: "In Germany, …" at its start."""
    return (
        m.kind == "area" and view.text[m.end : m.end + 1] in {",", "，"} and bool(_SETTING.match(view.text, 0, m.start))
    )


def _source_after(
    view: SentenceView, q: Quantity, hi: int, parties: list[Mention]
) -> tuple[Mention | None, str | None]:
    """The funder named after the amount, in its own stretch: "$485 million from the Office of
    Strategic Capital", "… tax credits allocated by the Department of Energy", "a $25 million
    grant from the state of South Carolina", "accordé en mai par la BEI"."""
    gov = _GOV_SOURCE.match(view.text, q.span[1])
    if gov is not None and gov.end() <= hi:
        return None, gov.group(1)
    inst = _INSTITUTION_SOURCE.match(view.text, q.span[1])
    if inst is not None and inst.end() <= hi:
        named = next(
            (m for m in parties if inst.start(1) <= m.start < inst.end(1) and m.kind in {"company", "body"}), None
        )
        if named is not None:
            return named, None
        return None, _clean(inst.group(1))  # "du ministère de l'Économie", "from the Swedish Energy Agency"
    for m in parties:
        if m.start < q.span[1] or m.start >= hi:
            continue
        if m.kind not in {"company", "body", "area"} and not _SUBNATIONAL.search(
            view.text, max(0, m.start - 20), m.end
        ):
            continue
        if _SOURCE_GAP.fullmatch(view.text, q.span[1], m.start):
            return m, None
        sub = _SUBNATIONAL.search(view.text, q.span[1], m.end)
        if sub and sub.end() == m.end and _SOURCE_GAP.fullmatch(view.text, q.span[1], sub.start()):
            return None, sub.group(0)
        return None, None  # the first party after the amount is not its source
    sub = _SUBNATIONAL.search(view.text, q.span[1], hi)
    if sub and _SOURCE_GAP.fullmatch(view.text, q.span[1], sub.start()):
        return None, sub.group(0)
    return None, None


def _bullet_roles(
    view: SentenceView, ctx: DocContext, q: Quantity, parties: list[Mention], hi: int, receive: bool
) -> tuple[Mention | None, str | None, Mention | None, str | None] | None:
    """A list item of a release "- Solvay (La Rochelle) : une aide de 25 millions d'euros pour…",
    "• ReElement Technologies Corp., Noblesville, Indiana: a $31.4 million award…": the name that
    heads it receives the money; the funder is the source named in it, else the one the release
    named before its list. A government body at the head is the funder instead, and so is a head
    whose item names where the money goes ("• Sojitz: ¥9 billion in Lynas")."""
    head = _list_head(view)
    if head is None or head.end() > q.span[0] or receive:
        return None
    hs, he = head.span(1)
    head_m = next((m for m in parties if hs <= m.start < he and m.kind in {"company", "body", "area"}), None)
    if (
        head_m is not None
        and head_m.kind == "area"
        and view.text[hs:he].strip() != view.text[head_m.start : head_m.end]
    ):
        head_m = None  # "American Rare Earths (Wheatland, Wyoming) — …": a name that opens with a nationality
    head_text = None
    if head_m is None:
        name = _clean(head.group(1))
        words = name.split()
        first = words[0].lower() if words else ""
        if not first or not words[0][:1].isupper() or len(words) > 6 or first in _NOT_HEADS:
            return None
        if first in _NOT_SUBJECT_START or first in {"the", "le", "la", "les", "a", "an", "un", "une"}:
            return None  # "- In December 2025, …: …" opens with a phrase, not a name
        head_text = name
    marked = next(
        (
            m
            for m in parties
            if m.start >= head.end()
            and m.start < hi
            and m.kind in {"company", "body"}
            and _preceded_by(view, m, _RECIPIENT_PREPS)
        ),
        None,
    )
    source_m, source_text = _source_after(view, q, hi, parties)
    if head_m is not None and (head_m.kind in {"body", "area"} or (marked is not None and marked.id != head_m.id)):
        return head_m, None, marked, None  # "• DOE: $30 million to three projects"
    lead = ctx.events.get(("funding", "lead"))
    funder_text = source_text
    if source_m is None and source_text is None and lead:
        funder_text = lead[0].fields.get("funder")
    return source_m, funder_text, head_m, head_text


def _same_party(a: str | None, b: str | None, ctx: DocContext | None = None) -> bool:
    """Two names of one party: equal, one containing the other, or names the document gave to
    one entity ("JBIC" in the headline, "Japan Bank for International Cooperation" below)."""
    if a is None or b is None:
        return True
    x, y = (re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", s).lower()) for s in (a, b))
    if x == y or (len(x) >= 4 and x in y) or (len(y) >= 4 and y in x):
        return True
    if ctx is None:
        return False
    ids = {key[2] for key in ctx.seen if len(key) == 3 and key[0] == "funding-name" and key[1] == a}
    return any(("funding-name", b, i) in ctx.seen for i in ids)


def _note_names(view: SentenceView, ctx: DocContext, fields: dict) -> None:
    """Remember which entity each name of a fact stands for (see `_same_party`)."""
    for name in (fields.get("funder"), fields.get("recipient")):
        if not name:
            continue
        mentions = [m for m in view.mentions if m.kind in _PARTIES and (_name(m) == name or m.id == name)]
        if ctx.last_company is not None and _name(ctx.last_company) == name:
            mentions.append(ctx.last_company)
        for m in mentions:
            ctx.seen.add(("funding-name", name, m.id))


def _shouted(name: str | None) -> bool:
    """A name cut from a headline in capitals ("CALDEIRA PROJECT"), not a name the text gives."""
    return bool(name) and " " in name and name.upper() == name and any(ch.isalpha() for ch in name)


def _same_funding(a: dict, b: dict, ctx: DocContext | None = None) -> bool:
    """Whether two facts of one document state the same money: the same amount and currency, to
    the same recipient (or one names none), from the same funder unless one of them leaves the
    recipient open (a release's lead "DOW announced a loan of $485 million" and its list item)."""
    x, y = a.get("amount"), b.get("amount")
    if x is None or y is None or abs(float(x) - float(y)) > 0.005 * abs(float(x)):
        return False
    if a.get("currency") and b.get("currency") and a["currency"] != b["currency"]:
        return False
    # "CALDEIRA PROJECT: …, A$60M PLACEMENT": a headline's shouted name leaves the recipient open
    ra, rb = (None if _shouted(n) else n for n in (a.get("recipient"), b.get("recipient")))
    if not _same_party(ra, rb, ctx):
        return False
    one_open = (ra is None) != (rb is None)
    return one_open or _same_party(a.get("funder"), b.get("funder"), ctx)


def _new_in_document(view: SentenceView, ctx: DocContext, facts: list[Fact]) -> list[Fact]:
    """Facts not already stated by another sentence of the document (a headline and its body
    give one fact); what a later statement adds (the recipient) fills the earlier fact."""
    seen = ctx.events.setdefault(("funding", "facts"), [])
    out = []
    for f in facts:
        word = f.fields.get("funder")
        if word and word.isalpha() and word[:1].isupper() and word[1:].islower():
            # "Since 2020, the Department has committed…": the body the document named in full before
            full = next(
                (
                    e.fields["funder"]
                    for e in reversed(seen)
                    if e.fields.get("funder") != word
                    and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", e.fields.get("funder") or "")
                ),
                None,
            )
            if full:
                f.fields["funder"] = full
        _note_names(view, ctx, f.fields)
        same = next((e for e in seen if e.span != f.span and _same_funding(e.fields, f.fields, ctx)), None)
        if same is None:
            out.append(f)
            continue
        for field in ("funder", "recipient", "date"):
            if f.fields.get(field) is not None and (same.fields.get(field) is None or _shouted(same.fields[field])):
                same.fields[field] = f.fields[field]
    seen.extend(out)
    if not _list_head(view):
        # a company that invests in its own plant does not speak for a later list of awards
        companies = {_name(m) for m in view.mentions if m.kind == "company"}
        if ctx.last_company is not None:
            companies.add(_name(ctx.last_company))
        led = [f for f in out if f.fields.get("funder") and f.fields["funder"] not in companies]
        if led:
            ctx.events[("funding", "lead")] = [led[0]]  # the funder a later list of awards speaks for
    return out


def extract_funding(view: SentenceView, ctx: DocContext, lexicon: Lexicon) -> list[Fact]:
    cues = view.cues_of("funding")
    if not cues or view.hedged() or _DROPPED.search(view.text):
        return []
    amounts = _kept_amounts(view)
    if not amounts:
        return []
    dateline = _DATELINE.match(view.text)
    skip = dateline.end() if dateline else 0
    all_parties = [
        m
        for m in view.mentions
        if m.kind in _PARTIES
        and area_of(m) != "WORLD"
        and m.start >= skip
        and not _setting(view, m)
        and not (m.kind == "area" and _in_compound(view.text, m))
        # "2,500만 호주달러", "dollars australiens": the currency's country is no party
        and not any(q.kind == "money" and q.span[0] <= m.start < q.span[1] for q in view.quantities)
    ]
    modifiers = _modifiers(view, all_parties)
    # "国際協力銀行（JBIC）", "Bundeswirtschaftsministerium (BMWK)": one party named twice
    parties = [
        m
        for i, m in enumerate(all_parties)
        if id(m) not in modifiers and not any(p.id == m.id and p.kind == m.kind for p in all_parties[:i])
    ]
    facts: list[Fact] = []
    last_cue = None
    for q in amounts:
        cue = _funding_cue(view, q, ("funding", "lead") in ctx.events)
        if cue is None and facts and last_cue is not None and _LIST_NEXT.search(view.text, 0, q.span[0]):
            cue = last_cue  # "financé par une aide de 7,5 M€ de l'État, et par 1,5 M€ de la Région"
        last_cue = cue or last_cue
        if cue is None and facts and _RAISED_TO.search(view.lower[max(0, q.span[0] - 30) : q.span[0]]):
            # "... a contract worth $120 million, later increased to $258 million": same parties
            facts.append(
                make_fact(
                    "funding",
                    view,
                    {**facts[-1].fields, "amount": num(q.value), "currency": q.currency},
                    "funding.raised-to",
                    0.6,
                    raw=q.raw,
                )
            )
            continue
        if non_re_material_near(view, q.span[0], q.span[1], window=80):
            continue  # "green aluminium-based materials ... total investment of 5.31 billion yuan"
        if cue is None or view.cue_near(
            ("funding_exclude", "revenue", "net_profit", "market_value", "price", "orders"),
            q.span[0],
            q.span[1],
            before=25,
            after=12,
        ):
            continue
        if _COST_CUE.search(view.text, cue.start, cue.end) and _ESTIMATE.search(view.text):
            continue  # "un coût estimé à …": an estimate, not money committed
        seg = _segment(view, q, amounts)
        new = _facts_for(view, ctx, q, cue, parties, all_parties, modifiers, seg)
        if (
            facts
            and seg[0] > 0
            and not any(seg[0] <= m.start < q.span[0] for m in parties)
            and not _REFERENCE_RECEIVES.search(view.lower, seg[0], q.span[0])
        ):
            # "…the Department has committed $1.2 billion…, including a $400 million equity investment
            # in MP Materials": a stretch without a subject of its own shares the one before it
            for f in new:
                if f.fields["funder"] is None:
                    f.fields["funder"] = facts[-1].fields["funder"]
        facts.extend(new)
    return _new_in_document(view, ctx, facts) if facts else facts


def _facts_for(
    view: SentenceView,
    ctx: DocContext,
    q: Quantity,
    cue: Cue,
    parties: list[Mention],
    all_parties: list[Mention],
    modifiers: dict[int, Mention],
    seg: tuple[int, int],
) -> list[Fact]:
    lo, hi = seg
    # a party named after this amount's stretch belongs to the next amount
    parties = [m for m in parties if m.start < hi]
    # a verb of receiving in a clause before a semicolon is not this amount's ("X obtient le label ; …")
    start = lo if view.text[lo : lo + 1] in {";", "；"} else 0
    receive = _RECEIVE.search(view.text, start, q.span[0]) or _PASSIVE_SUPPORT.search(view.text, start, q.span[0])
    raising = _RAISE_BEFORE.search(view.text[max(0, q.span[0] - 40) : q.span[0]])
    raise_at = (
        max(0, q.span[0] - 40) + raising.start()
        if raising
        else min(cue.start, q.span[0])
        if view.lower[cue.start : cue.end] in _ISSUE_CUES and not receive
        else None
    )
    raised = raise_at is not None
    funder_m = recipient_m = None
    funder_text = recipient_text = None
    funders: list[Mention] = []
    bullet = _bullet_roles(view, ctx, q, parties, hi, bool(receive or raised))
    if bullet is not None:
        funder_m, funder_text, recipient_m, recipient_text = bullet
    elif receive or raised:
        # RECIPIENT received $X from FUNDER; RECIPIENT raised $X (from FUNDER)
        verb_start = receive.start() if receive else raise_at
        verb_end = receive.end() if receive else max(q.span[0], cue.end if cue.start < q.span[0] else q.span[0])
        # "…, and the project also won $65 million": a verb in the amount's own clause has its subject there
        own_verb = lo > 0 and verb_start >= lo
        recipient_m = next(
            (
                m
                for m in reversed(parties)
                if m.end <= verb_start and m.kind != "place" and (not own_verb or m.start >= lo)
            ),
            None,
        )
        sources = [
            m
            for m in parties
            if m.start > verb_end
            and not _OPERATOR_BEFORE.search(view.text, max(0, m.start - 30), m.start)
            and (
                _preceded_by(view, m, _SOURCE_PREPS)
                or (m.kind in {"company", "body"} and _FROM_RIGHT_AFTER.fullmatch(view.text[q.span[1] : m.start]))
            )
        ]
        # "… supported by $94.1 million in tax credits allocated by the DOE, as well as a $25 million
        # grant from the state of South Carolina": each amount's own source first
        own_m, own_text = _source_after(view, q, hi, parties)
        funder_m = own_m or (None if own_text else next(iter(sources), None))
        funder_text = own_text
        if funder_m is None and funder_text is None:
            # "Niron raised $150 million in a round led by Samsung Ventures": an investor the lexicon
            # does not know, named after "led/backed by"
            lead_by = _ROUND_LED_BY.match(view.text, q.span[1], hi)
            if lead_by and not any(lead_by.start(1) <= m.start < lead_by.end(1) for m in view.mentions):
                funder_text = _clean(lead_by.group(1))
        if (
            recipient_m is None
            and ctx.last_company is not None
            and (
                any(c.end <= verb_start and (not own_verb or c.start >= lo) for c in view.cues_of("project_ref"))
                or (receive and _PRONOUN_SUBJECT.fullmatch(view.text, 0, verb_start))
            )
        ):
            # "The project received a grant of EUR 18.7 million", "Il a été financé par…"
            recipient_m = ctx.last_company
        if recipient_m is None and receive:
            # "… is backed by a loan of A$1.65 billion from the Australian government to Iluka"
            recipient_m = next(
                (
                    m
                    for m in parties
                    if m.start >= q.span[1]
                    and m.kind in {"company", "body"}
                    and m is not funder_m
                    and _preceded_by(view, m, ("to", "à", "an"))
                ),
                None,
            )
        unknown = _unknown_subject(view, verb_start) if view.lang not in {"zh", "ja", "ko"} else None
        if unknown is not None and (
            recipient_m is None or (recipient_m.kind == "area" and recipient_m.start > unknown[1])
        ):
            # "Plus modeste, Niobay Métaux, qui explore…, a reçu…": a name the lexicon does not know
            recipient_m, recipient_text = None, unknown[0]
        if (
            receive
            and (recipient_m is None or recipient_m.kind == "area")
            and recipient_text is None
            and ctx.last_company is not None
            and _company_subject(view)
        ):
            recipient_m = ctx.last_company  # "L'entreprise montréalaise, qui…, a obtenu un financement…"
        if funder_m is None and funder_text is None:
            # "un financement de 94 millions de dollars, partagé entre Ottawa et Québec"
            funder_m = next((m for m in parties if _SHARED_BY.search(view.text, max(0, m.start - 30), m.start)), None)
        if recipient_m is None and raised:
            recipient_text = _org_before(view, verb_start)
            if recipient_text is None and ctx.last_company is not None:
                # "該公司8月完成7.5億澳元的股權募資", "- In October, completed an offering of $700
                # million of convertible notes": the company the article is about issues them
                recipient_m = ctx.last_company
        lead = ctx.events.get(("funding", "lead"))
        if funder_m is None and funder_text is None and receive and lead and _list_head(view):
            funder_text = lead[0].fields.get("funder")  # "- 金力永磁：获得专项资金2亿元…" under a release's lead
    else:
        # FUNDER (the first party named) ... RECIPIENT (marked by to/in/向/に, or the next one named)
        cjk_place = view.lang in {"zh", "ja", "ko"}
        own_clause = False
        marked = [
            m
            for m in parties
            if (m.kind in {"company", "body"} or (cjk_place and m.kind == "place"))
            and (
                _preceded_by(view, m, _RECIPIENT_PREPS, _lead_start(m, modifiers, all_parties))
                or _followed_by(view, m, _PARTICLES)
                or (cjk_place and m.kind == "company" and _followed_by(view, m, _STAKE_OF))
            )
            and (m.kind != "place" or _preceded_by(view, m, ("向", "给"), _lead_start(m, modifiers, all_parties)))
        ]
        # "X will invest $10 million in A, and $5 million in B": the party marked in this amount's stretch
        own = [m for m in marked if m.start >= lo]
        recipient_m = own[0] if own else (marked[0] if marked else None)
        funders = [
            m
            for m in parties
            if m is not recipient_m
            and m.start < q.span[0]
            and (recipient_m is None or m.start < recipient_m.start or not marked)
            and (m.kind != "place" or _ALLOCATE.search(view.text))
            and not _nationality(view, m)
            and not (m.kind == "area" and _preceded_by(view, m, _LOCATIVE))
        ]
        if lo > 0:
            # "…, das Land Sachsen-Anhalt steuerte 4,5 Millionen Euro bei", "、双日が約90億円": the
            # subject of this amount's own clause
            local = [m for m in funders if m.start >= lo]
            sub = _SUBNATIONAL.search(view.text, lo, q.span[0])
            own_clause = bool(local or sub)
            if sub and not local:
                funders, funder_text = [], sub.group(0)
            elif local:
                funders = local + [m for m in funders if m.start < lo]
            elif view.lang in {"zh", "ja"}:
                # "…；闽西磁电材料股份有限公司与长汀县签约，拟投资4.1亿元": a name the lexicon does not know
                own = _cjk_subject(view, q.span[0], lo + 1)
                if own:
                    funders, funder_text, own_clause = [], own, True
        reports = list(_REPORTING.finditer(view.text, 0, q.span[0]))
        report = reports[-1] if reports else None
        if report is not None and funders:
            # "Goldman Sachs analysts said the government would provide…": the source is not the funder
            after = [m for m in funders if m.start >= report.end()]
            government = _GOVERNMENT_AFTER_REPORT.match(view.text, report.end())
            if after:
                funders = after
            elif government:
                funders, funder_text = [], government.group(1)
        funder_m = funders[0] if funders else None
        if funder_m is not None and funder_m.kind == "area" and cue.start < q.span[0]:
            # "Washington has been spending: the Department of Defense has committed $439 million": the
            # body right before the verb is its subject, the place named before it only sets the scene
            subject_m = next(
                (
                    m
                    for m in reversed(funders)
                    if m.kind in {"company", "body"}
                    and m.start > funder_m.end
                    and _AUXILIARIES.fullmatch(view.text, m.end, cue.start)
                ),
                None,
            )
            if subject_m is not None:
                funder_m = subject_m
                funders = [subject_m]
        source_m, source_text = _source_after(view, q, hi, parties)
        if source_m is not None or source_text is not None:
            # "Noveon gets a loan of $485 million from the OSC", "un prêt … accordé par la BEI à Carester"
            if recipient_m is None or recipient_m is source_m:
                before = [m for m in parties if m.end <= q.span[0] and m.kind in {"company", "body"}]
                recipient_m = before[-1] if before else None
            funder_m, funder_text, funders = source_m, source_text, []
        if funder_m is not None and funder_m.kind == "area" and view.lang in {"zh", "ja", "ko"}:
            named = _AREA_ORG.match(view.text, funder_m.start)
            if (
                named
                and not _CJK_VERBS.search(named.group(0))
                and not any(funder_m.end <= x.start < named.end() for x in view.mentions)
            ):
                funder_m, funder_text = None, named.group(0)
        definite = _DEFINITE_SUBJECT.search(view.text, 0, min(cue.start, q.span[0])) if cue.start < q.span[0] else None
        if definite and funder_m is not None and definite.start(1) > funder_m.end:
            # "Lynas works with the US Department of War on Seadrift, for which the Department has
            # committed $258 million": the name repeats the party that gives the money
            word = definite.group(1)
            named = next(
                (
                    m
                    for m in parties
                    if m.end <= definite.start(1)
                    and m.kind in {"body", "company"}
                    and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", view.text[m.start : m.end])
                ),
                None,
            )
            if named is not None and named is not funder_m:
                if recipient_m is None or recipient_m is named:
                    recipient_m = funder_m if funder_m.kind in {"company", "body"} else None
                funder_m = named
        subject = _start_org(view) if funder_m is not None else None
        if (
            subject
            and subject[1] <= funder_m.start
            and (lo == 0 or subject[1] > lo)  # "…, tandis qu'Investissement Québec prend…": its own subject
            and not _REPORTING.search(view.text, subject[1], funder_m.start)
        ):
            # "Die Bundesregierung fördert das Projekt von Heraeus Remloy mit …": the unknown name that
            # opens the sentence is the subject; the party after it is the recipient
            if recipient_m is None and funder_m.kind in {"company", "body"}:
                recipient_m = funder_m
            funder_m, funder_text = None, subject[0]
        if (
            recipient_m is None
            and funder_m is not None
            and lo > 0
            and view.lang == "fr"
            and re.fullmatch(r"\s+y\s+(?:\w+\s+)?", view.text[funder_m.end : cue.start])
        ):
            # "…, l'aimantier Magneti Ljubljana obtient le label … ; la BEI y apportera 40 millions": "y"
            # is the project of the clause before, the company named there
            before = [m for m in parties if m.end <= lo and m.kind == "company"]
            recipient_m = before[0] if before else None
        if recipient_m is None and ctx.last_company is not None and _INTO_THE_COMPANY.match(view.text, q.span[1], hi):
            recipient_m = ctx.last_company  # "prend une participation de 38 M$ au capital de l'entreprise"
        if recipient_m is None and ctx.last_company is not None and cue.end <= q.span[0]:
            # "The Department of Defense awarded the company $41.5 million": the company it refers to
            ref = next(
                (
                    c
                    for c in view.cues_of("company_ref")
                    if cue.end <= c.start
                    and c.end <= q.span[0]
                    and view.lower[c.start : c.end] not in _PRONOUNS
                    and not view.text[c.end : q.span[0]].strip(" ,")
                ),
                None,
            )
            if ref is not None:
                recipient_m = ctx.referent(view, ref) or ctx.last_company
        if recipient_m is None:
            later = [
                m
                for m in parties
                if m.kind in {"company", "body"}
                and m is not funder_m
                and (m.start >= lo or not own_clause)  # the parties of another clause's subject
                and not _run_or_framed(view, m)
                and (funder_m is None or m.start > funder_m.end)
                and not (  # "Le japonais Iwatani et l'agence publique JOGMEC apportent…": a second funder
                    funder_m is not None
                    and m.end <= min(cue.start, q.span[0])
                    and _CO_SUBJECT.fullmatch(view.text, funder_m.end, _lead_start(m, modifiers, all_parties))
                )
            ]
            recipient_m = later[0] if later else None
        if funder_m is None and recipient_m is None and funder_text is None:
            places = [m for m in parties if m.kind == "place" and m.end <= q.span[0]]
            recipient_m = places[-1] if places else None  # "Baotou's total investment of ..."
    if bullet is None and (recipient_m is None or recipient_m.kind == "area") and not receive and not raised:
        endowed = _ENDOWED.search(view.text, 0, q.span[0])
        opening = _ENDOWED_OPENING.match(view.text)
        opening_subject = (
            _ENDOWED_SUBJECT.match(view.text, q.span[1])
            if opening and _QUALIFIERS.fullmatch(view.lower[opening.end() : q.span[0]])
            else None
        )
        unknown = (
            endowed.group(1).strip()[:80]
            if endowed
            else opening_subject.group(1).strip()[:80]
            if opening_subject
            else _unknown_after(view, q) or (_unknown_stake(view, q.span[0]) if recipient_m is None else None)
        )
        if unknown:
            recipient_text, recipient_m = unknown, None
    own_subject = bullet is None and funder_m is None and funder_text is None and not receive and not raised
    if own_subject:
        # "Le gouvernement fédéral accorde … par l'entremise du FSI": a government noun as subject
        government = _GOVERNMENT_SUBJECT.match(view.text) or _GOVERNMENT_BEFORE.search(
            view.text, 0, min(cue.start, q.span[0])
        )
        funder_text = government.group(1) if government else None
    if funder_m is None and funder_text is None:
        # "doté de 80 millions d'euros dans le cadre de France 2030": the programme's owner gives it
        funder_m = next(
            (
                m
                for m in parties
                if m.kind == "body" and _PROGRAMME_BEFORE.search(view.text, max(0, m.start - 30), m.start)
            ),
            None,
        )
    if funder_m is None and funder_text is None and _PUBLIC_MONEY.search(view.text):
        # "la dotation publique passe à 700 millions d'euros": the State, whichever
        funder_text = _STATE_WORD.get(view.lang, "government")
    if (
        funder_m is None
        and funder_text is None
        and view.lang in _STATE_WORD
        and ctx.main_company is None
        and not any(m.kind == "company" for m in view.mentions)
        and _MEASURE_ITEM.match(view.text)
    ):
        # "- Doter le stock stratégique de 150 millions d'euros", "- Porter à 500 millions d'euros
        # l'enveloppe du fonds…": a report's recommended measure is the State's money
        funder_text = _STATE_WORD[view.lang]
    if recipient_m is None and recipient_text is None:
        envelope = _ENVELOPE_OF.match(view.text, q.span[1])
        if envelope:
            recipient_text = envelope.group(1).strip()[:80]  # "Porter à 500 M€ l'enveloppe du fonds X"
    if recipient_m is None and recipient_text is None:
        fund = _FUND_WHOSE.search(view.text, 0, q.span[0])
        if fund:
            recipient_text = fund.group(1).strip()[:80]
    if own_subject and funder_m is None and funder_text is None:
        # an investor the lexicon does not know: "Bpifrance", "国家开发银行", "the Commission"
        funder_text = _org_before(view, min(cue.start, q.span[0]))
    if funder_m is None and funder_text is None and ctx.last_company is not None and not (receive or raised):
        if _company_subject(view):
            funder_m = ctx.last_company  # "The company will invest $200 million…", "该公司拟投资…"
        elif view.cues_of("project_ref") or _AMOUNT_PROJECT.match(view.lower, cue.start, cue.end):
            # "该项目…总投资12.5亿元", "The $500 million plant will…": the project of the company just named
            funder_m = ctx.last_company
            if recipient_m is not None and recipient_m.kind == "place":
                recipient_m = None
    if (
        funder_m is None
        and funder_text is None
        and not (receive or raised)
        and view.lang in {"ko", "ja"}
        and ctx.last_company is not None
        and ctx.view_index - ctx.last_company_view == 1
        and (recipient_m is None or recipient_m.id != ctx.last_company.id)
        and not any(_followed_by(view, m, _SUBJECT_PARTICLES) for m in view.mentions if m.kind in _PARTIES)
    ):
        funder_m = ctx.last_company  # "포스코인터내셔널은 …를 체결했다. 이와 함께 … 지분 …를 … 인수한다"
    if funder_m is None and funder_text is None and receive and view.lang in {"zh", "ja"}:
        # "北方稀土获得国家开发银行50亿元贷款": the lender named between the verb and the amount
        org = _CJK_ORG.search(view.text, receive.end(), q.span[0])
        funder_text = org.group(0) if org else None
    latter = _LATTER.search(view.text, 0, q.span[0]) if bullet is None and not receive and not raised else None
    if latter is not None and not _CLAUSE_SEP.search(view.text, latter.end(), q.span[0]):
        # "金龙稀土与福建省产业股权投资基金签署增资协议，后者拟出资5亿元认购金龙稀土新增注册资本": the
        # second party named before gives the money, to the other one
        named = [m for m in parties if m.end <= latter.start() and m.kind in {"company", "body"}]
        conjs = list(_CJK_AND.finditer(view.text, 0, latter.start())) if view.lang in {"zh", "ja"} else []
        conj = conjs[-1] if conjs else None
        unknown = _cjk_subject(view, latter.start(), conj.end()) if conj is not None else None
        if unknown is not None and not any(conj.end() <= m.start < latter.start() for m in named):
            funder_m, funder_text = None, unknown
        elif named:
            funder_m, funder_text = named[-1], None
        other = [
            m
            for m in parties
            if m.kind in {"company", "body"} and (funder_m is None or m.id != funder_m.id) and m.start != latter.start()
        ]
        after = [m for m in other if m.start >= q.span[1]]
        recipient_m = after[0] if after else (other[0] if other else recipient_m)
        recipient_text = None
    counted = _counted_projects(view, q, lo, parties) if bullet is None and not receive else None
    if counted is not None:
        # "3个项目签约落地，总投资30.6亿元", "Six projects will share $312 million": the projects
        # receive it; a company named elsewhere (the next clause, the sentence before) gives nothing
        recipient_m, recipient_text = None, counted
        if funder_m is not None and not any(funder_m is m for m in parties):
            funder_m = None
        if (
            funder_m is not None
            and funder_m.start > q.span[1]
            and not _SOURCE_GAP.fullmatch(view.text, q.span[1], funder_m.start)
        ):
            funder_m = None
    if funder_m is None and recipient_m is None and recipient_text is None and funder_text is None:
        demonstrative = _DEMONSTRATIVE_SUBJECT.match(view.text)
        if not demonstrative or not _strong_cue(view):
            return []
        recipient_text = demonstrative.group(1)  # "Ces projets représentent un investissement de…"
    # "The United States and Australia will each provide at least $1 billion": one fact each
    group = [funder_m] if funder_m is not None else [None]
    if funder_m is not None and len(funders) > 1 and _EACH.search(view.text, funders[-1].end, q.span[0]):
        joined = [funders[0]]
        for m in funders[1:]:
            if _CONJUNCTION.match(view.text[joined[-1].end : m.start]):
                joined.append(m)
        group = joined if len(joined) > 1 else group
    date = next((p.period for p in view.periods if p.period and p.kind in {"day", "month"}), None)
    facts = []
    for who in group:
        funder = _name(who) if who else funder_text
        if who is not None and who.kind == "area" and _GOVERNMENT.search(view.text[who.end : who.end + 16]):
            funder = who.id
        fields = {
            "funder": funder,
            "recipient": recipient_text or (_name(recipient_m) if recipient_m else None),
            "amount": num(q.value),
            "currency": currency_of(view, q),
            "purpose": None,
            "date": date,
        }
        if q.low is not None and _CHANGE_FROM.search(view.text, max(0, q.span[0] - 40), q.span[0]):
            fields["amount"] = num(q.high)  # "passe de 500 à 700 millions d'euros": the new level
        elif q.low is not None:
            fields.update(amount_low=num(q.low), amount_high=num(q.high))
        facts.append(make_fact("funding", view, fields, "funding.amount-near-cue", 0.65, raw=q.raw))
    return facts
