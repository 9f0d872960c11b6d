"""Reading files and folders, splitting result pages, inferring metadata, keeping spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reewatch.errors import InputError
from reewatch.ingest.readers import read_documents
from reewatch.models import Document
from reewatch.pipeline import Pipeline

RESULT_PAGE = """Workflow
磁材出口
icon
Search documents
欧盟对中国磁体依赖加深
Hua Jing Bao· 2025-10-21 08:15
Core Insights - Chinese customs data show magnet shipments to Europe rose again in September, while buyers in \
Germany and Italy kept building inventories ahead of the licensing reviews [1][2] - Prices for NdFeB grades \
used in motors held firm [3]
日本企业加快寻找替代供应
Jin Rong Jie· 2025-10-19 14:02
Core Viewpoint - Japanese magnet users are signing supply talks with Australian and Vietnamese producers to \
reduce reliance on Chinese material, though volumes remain small [1]
"""


def test_jsonl_reader_keeps_origin_and_optional_fields(tmp_path: Path) -> None:
    f = tmp_path / "docs.jsonl"
    f.write_text(json.dumps({"id": "a", "text": "x", "source": "SMM"}) + "\n\n" + json.dumps({"id": "b", "text": "y"}))
    docs = list(read_documents([f]))
    assert [d.id for d in docs] == ["a", "b"]
    assert docs[0].source == "SMM" and docs[1].source is None
    assert str(docs[1].origin) == f"{f}:3"


@pytest.mark.parametrize(
    "content, problem",
    [
        ('{"id": "a", "text": "x"}\n{"id": "b", "text": ', "2: not JSON"),
        ('{"id": "a"}\n', "1: missing 'text'"),
        ('{"text": "x"}\n', "1: missing 'id'"),
        ("[1, 2]\n", "1: a document must be a JSON object"),
    ],
)
def test_bad_jsonl_names_file_and_line(tmp_path: Path, content: str, problem: str) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text(content)
    with pytest.raises(InputError) as err:
        list(read_documents([f]))
    assert str(err.value).startswith(f"{f}:{problem}")


def test_non_utf8_file_is_an_input_error(tmp_path: Path) -> None:
    f = tmp_path / "latin1.txt"
    f.write_bytes("prix de l'oxyde\nélevé".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1.txt:2: not UTF-8"):
        list(read_documents([f]))


def test_folder_ids_are_relative_paths_without_extension(tmp_path: Path) -> None:
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "prices.txt").write_text("氧化镝价格持平。", encoding="utf-8")
    (tmp_path / "note.md").write_text("# Title\n\nText.", encoding="utf-8")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    assert sorted(d.id for d in read_documents([tmp_path])) == ["note", "zh/prices"]


def test_missing_path_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no such file"):
        list(read_documents(["/nonexistent/file.jsonl"]))


def test_result_page_is_split_into_articles(pipeline: Pipeline) -> None:
    page = Document(id="page", text=RESULT_PAGE)
    articles = pipeline.prepare(page)
    assert [a.id for a in articles] == ["page#1", "page#2"]
    assert articles[0].title == "欧盟对中国磁体依赖加深"
    assert (articles[0].source, articles[0].published) == ("Hua Jing Bao", "2025-10-21")
    assert articles[1].published == "2025-10-19"
    assert all(a.text in page.text for a in articles)


# A press review: items in two languages, each a title, a source line in the form its outlet
# writes it, a summary and a "read more" link, between rules.
PRESS_REVIEW = """Revue de presse – Métaux stratégiques
Mise à jour : 02/12/2025 07:30 · 5 articles
────────
Le Japon relance ses stocks stratégiques de terbium
Les Echos - 28 nov. 2025
Le gouvernement japonais a débloqué une enveloppe supplémentaire pour reconstituer les stocks de terbium et \
de dysprosium détenus par la JOGMEC, après plusieurs mois de délivrance lente des licences chinoises.
Lire l'article →
────────
Vietnam weighs a ban on raw rare earth ore exports
Reuters · 26/11/2025 14:05
Vietnam's industry ministry has drafted rules that would stop exports of unprocessed rare earth ore from \
next year, officials said, as Hanoi tries to attract separation plants to its northern provinces.
Read more →
────────
Neodymium prices edge up on restocking
Fastmarkets | Nov 24, 2025
Neodymium oxide prices in China edged up this week as magnet makers rebuilt inventories ahead of the \
year-end delivery peak, while heavy rare earths were little changed.
Read more →
────────
稀土永磁企业加快海外布局
来源：财联社 2025-11-21 09:31
多家稀土永磁上市公司近期披露海外建厂计划，涉及越南、墨西哥和摩洛哥等地，业内认为此举有助于分散出口许可带来的\
交付风险，同时贴近下游汽车和家电客户，缩短供货周期，提高订单响应速度，海外产能预计两年内陆续释放，规模可观。
阅读全文 »
────────
Les aimants recyclés gagnent du terrain en Allemagne
Handelsblatt · 19.11.2025
Plusieurs équipementiers allemands ont signé des contrats pluriannuels d'achat d'aimants recyclés, un débouché \
encore modeste mais qui rassure les investisseurs des usines de recyclage de Saxe et de Bavière.
Lire l'article →
"""


def test_press_review_is_split_with_each_articles_date_source_and_language(pipeline: Pipeline) -> None:
    page = Document(id="review", text=PRESS_REVIEW, lang="fr")
    articles = pipeline.prepare(page)
    assert [(a.source, a.published, a.lang) for a in articles] == [
        ("Les Echos", "2025-11-28", "fr"),
        ("Reuters", "2025-11-26", "en"),
        ("Fastmarkets", "2025-11-24", "en"),
        ("财联社", "2025-11-21", "zh"),
        ("Handelsblatt", "2025-11-19", "fr"),
    ]
    assert articles[1].title == "Vietnam weighs a ban on raw rare earth ore exports"
    assert all(a.text in page.text for a in articles)


def test_english_items_of_a_french_review_read_english_numbers(pipeline: Pipeline) -> None:
    page = PRESS_REVIEW.replace(
        "Vietnam's industry ministry has drafted rules",
        "China exported 5,194 tons of magnets in October, and Vietnam's industry ministry has drafted rules",
    )
    facts = [f for f in pipeline.extract([Document(id="review", text=page)]) if f.type == "trade_flow"]
    assert [f.fields.get("quantity") for f in facts if f.doc_id == "review#2"] == [5194]


@pytest.mark.parametrize(
    "line, source, date",
    [
        ("La Tribune · 27/11/2025", "La Tribune", "27/11/2025"),
        ("Reuters · 26/11/2025 14:05", "Reuters", "26/11/2025"),
        ("来源：财联社 2025-11-26 09:31", "财联社", "2025-11-26"),
        ("Les Echos - 28 nov. 2025", "Les Echos", "28 nov. 2025"),
        ("Boursorama avec AOF •  31/07/2025 à 08:05", "Boursorama avec AOF", "31/07/2025"),
        ("Kitco | Nov 28, 2025 6:20 p.m. ET", "Kitco", "Nov 28, 2025"),
        ("新浪财经 · 2025年11月28日 10:02", "新浪财经", "2025年11月28日"),
        ("Handelsblatt – 28.11.2025, 16:05 Uhr", "Handelsblatt", "28.11.2025"),
        ("28/11/2025 · La Tribune", "La Tribune", "28/11/2025"),
        # near misses: no year, a word that is no month, a sentence, a label with more after the date
        ("Oxyde de terbium · 14/11", None, None),
        ("Stock · 12 articles 2025", None, None),
        ("Le prix a reculé · 28 nov. 2025 selon les négociants", None, None),
        ("Mise à jour : 28/11/2025 08:00 · 6 articles", None, None),
    ],
)
def test_source_lines(line: str, source: str | None, date: str | None) -> None:
    from reewatch.ingest.split import source_line

    m = source_line(line)
    assert (m.group("source"), m.group("date")) == (source, date) if source else m is None


def test_date_first_source_lines_split_a_list(pipeline: Pipeline) -> None:
    summary = "Magnet makers in Ohio and Texas signed supply deals for recycled neodymium feed, " * 2
    page = f"Top stories\nLynas ships first heavy oxides\n2025-11-26 09:31 · Mining Weekly\n{summary}\n"
    page += f"MP lifts NdPr output\nNov 20, 2025 | Metal Bulletin\n{summary}\n"
    articles = pipeline.prepare(Document(id="list", text=page))
    assert [(a.source, a.published) for a in articles] == [
        ("Mining Weekly", "2025-11-26"),
        ("Metal Bulletin", "2025-11-20"),
    ]


def test_story_above_a_list_of_related_articles_is_kept(pipeline: Pipeline) -> None:
    story = (
        "China's rare earth magnet exports rose 8% in October to 5,210 tons, customs data showed on Thursday, "
        "as licences for European buyers came through faster than in the summer months."
    )
    related = "Related\nVietnam weighs ore export ban\nReuters · 26/11/2025\nLynas lifts output\nReuters · 24/11/2025\n"
    articles = pipeline.prepare(Document(id="story", text=f"{story}\n\n{related}"))
    assert articles[0].text.startswith("China's rare earth magnet exports rose 8%")


@pytest.mark.parametrize(
    "text",
    [
        # one source line only: a single article
        "Terbium stocks rebuilt\nLes Echos - 28 nov. 2025\n"
        + "Le gouvernement japonais a débloqué une enveloppe. " * 5,
        # dates without a year (a price list) are no source lines
        "Prix du jour\nOxyde de terbium · 14/11\n" + "x " * 100 + "\nOxyde de dysprosium · 14/11\n" + "y " * 100,
        # a month word that is no month
        "Notes\nStock · 12 articles 2025\n" + "x " * 100 + "\nStock · 14 lignes 2025\n" + "y " * 100,
    ],
)
def test_near_source_lines_do_not_split(pipeline: Pipeline, text: str) -> None:
    assert len(pipeline.prepare(Document(id="one", text=text))) == 1


def test_single_article_is_never_split(pipeline: Pipeline) -> None:
    doc = Document(id="one", text="Lynas lifts output\nLynas said on Tuesday that output rose. " * 3)
    assert [a.id for a in pipeline.prepare(doc)] == ["one"]


@pytest.mark.parametrize(
    "text, published",
    [
        ("Views: 0 Author: Site Editor Publish Time: 2025-11-14 Origin: Site\nEvent Focus", "2025-11-14"),
        ("date 2025-03-02 Prices firm\nNdPr oxide rose.", "2025-03-02"),
        ("消息人士称印度暂停出口\n2025年6月13日 10:33\n正文", "2025-06-13"),
        ("Publié le 20 octobre 2025 par La Lettre des Métaux\nTexte", "2025-10-20"),
        ("SMM January 12 News: prices held.", None),
        # labelled, in the forms real pages write; a publication date before an update
        (
            "Aimants : la filière se structure\nPublié le 14/11/2025 à 18h20 | Mis à jour le 15/11/2025 à 09h05",
            "2025-11-14",
        ),
        ("Aimants\nMis à jour le 15/11/2025 à 09h05\nPublié le 14/11/2025 à 18h20\nTexte", "2025-11-14"),
        ("Revue de presse\nMise à jour : 28/11/2025 08:00 · 6 articles", "2025-11-28"),
        ("Magnet prices firm\nPublished: Nov. 14, 2025 6:20 p.m. ET\nText", "2025-11-14"),
        ("Magnet prices firm\nUpdated 14 November 2025\nText", "2025-11-14"),
        ("India curbs exports\nUpdated On Jan 13, 2026 at 09:41 AM IST\nText", "2026-01-13"),
        ("稀土价格\n发布时间：2025-11-14 18:20　来源：上海有色网", "2025-11-14"),
        ("稀土价格\n发布于 2025年11月14日", "2025-11-14"),
        ("Seltene Erden\nVeröffentlicht am 14.11.2025, 18:20 Uhr", "2025-11-14"),
        # source lines, date lines, bylines
        ("Solvay : recul des ventes\nBoursorama avec AOF •  31/07/2025 à 08:05\nLecture 2 min.", "2025-07-31"),
        ("Seltene Erden: Recycling\nAnja Müller\n11.12.2025 - 16:05 UhrArtikel anhören\nText", "2025-12-11"),
        ("双日、ライナスに追加出資\n2025年11月14日 18:20 [会員限定記事]\n保存", "2025-11-14"),
        ("稀土周报\n2026.01.23 星期五\n15:42", "2026-01-23"),
        ("eVAC opens plant\nBy Tom Reid | Magnetics News | January 14, 2026\nText", "2026-01-14"),
        ("Analysis\nBy Elena Marsh\nFebruary 3, 2026\nHalford Institute", "2026-02-03"),
        # datelines, also after a masthead
        (
            "MINISTÈRE\nDE L'ÉCONOMIE\nLiberté\nÉgalité\nFraternité\n\nCOMMUNIQUÉ DE PRESSE\n"
            "Paris, le 17 juin 2025\nN° 12",
            "2025-06-17",
        ),
        ("Titre\nPEKIN, 4 avril 2025 (AFP) - La Chine a annoncé vendredi des contrôles.", "2025-04-04"),
        ("Title\nBEIJING, Nov 14 (Reuters) - China's magnet exports rose in October 2025, data showed.", "2025-11-14"),
        ("Title\nBEIJING, Jan 8 (Reuters) - China's magnet exports hit a record in December 2025.", "2026-01-08"),
        ("标题\n新华社北京11月14日电 海关总署数据显示，2025年10月中国出口稀土永磁体5374吨。", "2025-11-14"),
        # the signature closing a notice
        (
            "宁波韵升股份有限公司\n2025年第三季度报告\n正文。\n\n宁波韵升股份有限公司董事会\n2025年10月29日",
            "2025-10-29",
        ),
        # day first in European languages and in British or Indian English; month first in US English
        ("Aimants\nPublié le 11/05/2025\nTexte", "2025-05-11"),
        (
            "Magnets\nPosted 11/05/2025\nThe text of the story is in English and it is long enough to tell.",
            "2025-11-05",
        ),
        ("Magnets\nPosted 05/01/2026 09:41 IST\nThe ₹7,280 crore scheme was approved by the cabinet.", "2026-01-05"),
        # near misses: a price, a day without its year, a deadline, a dateline with no year in the story
        ("Prix au 14/11 : 562 000 yuans la tonne\nLe prix a atteint 1.640.000 yuans.", None),
        ("Publié le 14/11 à 18h20\nTexte", None),
        ("商务部11月7日发布公告，暂停期限至2026年11月10日。", None),
        ("Title\nWASHINGTON, July 10 (Reuters) - The plant, to be commissioned in 2028, will make magnets.", None),
    ],
)
def test_publication_date_is_inferred(pipeline: Pipeline, text: str, published: str | None) -> None:
    assert pipeline.metadata.fill(Document(id="d", text=text)).published == published


def test_source_of_a_byline_is_the_outlet_not_the_author(pipeline: Pipeline) -> None:
    doc = Document(id="d", text="eVAC opens plant\nBy Tom Reid | Magnetics News | January 14, 2026\nText")
    assert pipeline.metadata.fill(doc).source == "Magnetics News"


@pytest.mark.parametrize(
    "text, lang",
    [
        ("China's exports of rare earth magnets rose 21% in August from July.", "en"),
        ("中国8月稀土永磁出口量环比增长21%。", "zh"),
        ("中國8月稀土永磁出口量環比增長21%。", "zh"),
        ("Les exportations chinoises d'aimants ont progressé de 21 % en août.", "fr"),
        ("中国のレアアース磁石の輸出は8月に21%増えた。", "ja"),
        ("중국의 희토류 자석 수출은 8월에 21% 증가했다.", "ko"),
        ("Chinas Exporte von Seltenerdmagneten stiegen im August um 21 Prozent.", "de"),
        ("Las exportaciones chinas de imanes crecieron un 21% en agosto.", "es"),
        ("Le esportazioni cinesi di magneti sono cresciute del 21% ad agosto.", "it"),
    ],
)
def test_language_is_detected(pipeline: Pipeline, text: str, lang: str) -> None:
    assert pipeline.languages.detect(text) == lang


def test_sentences_keep_exact_spans_through_normalisation(pipeline: Pipeline) -> None:
    text = "∗InSeptember2024,theU.S.DepartmentofEnergy(DOE)launchedaprogram. ２０２５年出口增长。Next one."
    doc = Document(id="d", text=text, lang="en")
    sentences = pipeline.sentences(doc)
    assert len(sentences) >= 2
    for s in sentences:
        assert text[s.span[0] : s.span[1]] == s.text
    assert any(s.lang == "zh" for s in sentences)


@pytest.mark.parametrize(
    "text, count",
    [
        ("China hat am 4. April Exportkontrollen verhängt. Die Preise stiegen.", 2),
        ("Exports rose in 2024. The trend continued.", 2),
        ("중국은 수출을 줄였다. 가격은 올랐다.", 2),
        ("U.S. imports fell. Japan's rose.", 2),
    ],
)
def test_sentence_ends(pipeline: Pipeline, text: str, count: int) -> None:
    assert len(pipeline.sentences(Document(id="d", text=text))) == count


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Home | Products | News | Contact Us\nViews: 0 Author: Site Editor Publish Time: 2025-12-09\n"
            "Terbium oxide climbs again\nTerbium oxide rose.",
            "Terbium oxide climbs again",
        ),
        (
            "We use cookies to improve your experience. Accept all\nSkip to content  Menu  Markets  Metals\n"
            "Albemarle delays restart\nBody.",
            "Albemarle delays restart",
        ),
        (
            "网站首页 新闻中心 行业动态 政策法规 联系我们\n当前位置：首页 > 行业动态\n缅甸稀土供应再生变数\n正文。",
            "缅甸稀土供应再生变数",
        ),
        (
            "Workflow\nSearch documents\nNdPr oxide jumps to 18-month high\nShanghai Metals Daily· 2025-11-18",
            "NdPr oxide jumps to 18-month high",
        ),
        (
            "Wir verwenden Cookies. Alle akzeptieren | Einstellungen\nStartseite > Rohstoffe > Seltene Erden\n"
            "China verschärft Exportkontrollen\nText.",
            "China verschärft Exportkontrollen",
        ),
        ("China's rare earth exports rise\nHome | News | About\nBody.", "China's rare earth exports rise"),
        # a short headline stays the title when no headline follows it
        ("Lynas results\nLynas said revenue rose 20% in the quarter.\nMore.", "Lynas results"),
    ],
)
def test_the_title_is_the_headline_under_page_furniture(text: str, title: str) -> None:
    from reewatch.ingest.metadata import MetadataInferrer

    assert MetadataInferrer._title(text) == title


def test_a_date_line_followed_by_page_labels_is_the_publication_date() -> None:
    from reewatch.models import Document
    from reewatch.pipeline import Pipeline

    metadata = Pipeline().metadata
    for line in ("2026-01-15  Source: MagnetNews  Hits: 112", "2025-11-20 来源：证券日报"):
        doc = metadata.fill(Document(id="x", text=f"USA Rare Earth produces first magnets\n{line}\nBody text here."))
        assert doc.published == line[:10], line


def test_a_dateline_without_year_takes_the_year_of_the_story_not_of_a_date_to_come() -> None:
    from reewatch.models import Document
    from reewatch.pipeline import Pipeline

    metadata = Pipeline().metadata
    text = (
        "商务部公告\n新华社北京3月20日电 商务部宣布，自2026年5月1日起对部分物项实施出口管制。2025年10月已有类似措施。"
    )
    assert metadata.fill(Document(id="a", text=text)).published == "2026-03-20"
    text = "BEIJING, Jan 8 (Reuters) - China's exports hit a record in December 2025, data showed."
    assert metadata.fill(Document(id="b", text=text)).published == "2026-01-08"
