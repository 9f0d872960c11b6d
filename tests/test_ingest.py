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
    ],
)
def test_publication_date_is_inferred(pipeline: Pipeline, text: str, published: str | None) -> None:
    assert pipeline.metadata.fill(Document(id="d", text=text)).published == published


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
