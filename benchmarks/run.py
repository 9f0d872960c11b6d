"""Throughput benchmarks, each beside a named peer on the same input.

    python benchmarks/run.py [--docs 10000]

1. ingest + extract: documents/s and MB/s on a generated corpus of ~2 KB articles in
   English, Chinese and French (written from templates here, with random figures);
2. quantity parsing: reewatch's parser against price-parser (the peer) on the same price
   strings, speed and accuracy side by side (accuracy = amount and currency both right).
Peers are imported inside their runner, so a missing one is skipped with the pip command.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version

EN = [
    "China exported {q:,} tonnes of rare earth magnets in {month}, {dir} {p}% month-on-month, customs data showed.",
    "Shipments to the United States were {q2:,} tonnes, while Germany took {q3:,} tonnes.",
    "Dysprosium oxide was assessed at CNY {price:,}/t, {dir} {p2}% from last week.",
    "NdPr oxide traded at ${usd}/kg FOB China on {weekday}.",
    "JL Mag said third-quarter revenue rose {p}% year-on-year to CNY {rev} billion.",
    "Analysts expect demand from electric vehicles to keep growing through the winter.",
    "The ministry said it would review licence applications within 45 working days.",
    "Lynas signed an offtake agreement with a Japanese trading house for heavy rare earths.",
]
ZH = [
    "海关数据显示，中国{m}月稀土永磁出口{q:,}吨，环比{zdir}{p}%。",
    "其中对美国出口{q2}吨，对德国出口{q3}吨。",
    "氧化镨钕均价{wan}万元/吨，较上周{zdir}{p2}%。",
    "北方稀土前三季度实现营业收入{rev}亿元，同比增长{p}%。",
    "业内人士认为，下游磁材企业采购情绪偏谨慎，观望气氛浓厚。",
    "商务部表示，将依法依规审批相关出口许可申请。",
]
FR = [
    "La Chine a exporté {q_fr} tonnes d'aimants en {mois}, en baisse de {p} % sur un mois.",
    "Le prix de l'oxyde de terbium s'établit à {eur} euros le kilo en Europe.",
    "Les analystes jugent que la demande restera soutenue dans l'éolien.",
]
# Sentences without figures, as most of an article is: context, quotes, outlook.
EN_NARRATIVE = [
    "Traders said buyers remained cautious ahead of the holiday and preferred to wait for clearer signals.",
    "Magnet makers in Ningbo reported steady orders from motor and appliance customers.",
    "Analysts expect demand from electric vehicles and wind turbines to keep growing through the winter.",
    "The ministry said it would review licence applications within the statutory period.",
    "Several separation plants in Jiangxi cut runs for maintenance, tightening spot availability.",
    "Market participants will watch the next customs release for signs of a structural shift.",
    "A sales manager at a Zhejiang producer said overseas clients were asking for longer contracts.",
    "European buyers continue to look for suppliers outside China, but volumes remain small.",
]
ZH_NARRATIVE = [
    "业内人士表示，下游磁材企业采购情绪偏谨慎，市场观望气氛浓厚。",
    "部分分离企业因环保检查减产，现货供应略显紧张。",
    "市场人士认为，新能源汽车和风电领域需求将继续释放。",
    "贸易商反映，海外客户询价有所增加，但成交仍以长协为主。",
    "分析人士指出，后期需关注海关数据及政策变化。",
]
FR_NARRATIVE = [
    "Les acheteurs restent prudents et attendent des signaux plus clairs avant de reconstituer leurs stocks.",
    "Les industriels européens cherchent à diversifier leurs sources d'approvisionnement.",
    "Les analystes jugent que la demande restera soutenue dans l'éolien et l'automobile.",
    "Plusieurs usines de séparation ont réduit leur activité pour des travaux de maintenance.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre"]


def _fill(template: str, rng: random.Random) -> str:
    q = rng.randint(2000, 7000)
    return template.format(
        q=q,
        q2=rng.randint(300, 900),
        q3=rng.randint(300, 1500),
        month=rng.choice(MONTHS),
        m=rng.randint(1, 12),
        dir=rng.choice(["up", "down"]),
        zdir=rng.choice(["增长", "下降"]),
        p=round(rng.uniform(0.5, 30), 1),
        p2=round(rng.uniform(0.1, 5), 1),
        price=rng.randint(1400, 1800) * 1000,
        usd=round(rng.uniform(55, 90), 1),
        weekday=rng.choice(["Monday", "Tuesday", "Friday"]),
        rev=round(rng.uniform(1, 40), 2),
        wan=round(rng.uniform(40, 60), 1),
        q_fr=f"{q:,}".replace(",", " "),
        mois=rng.choice(MOIS),
        eur=rng.randint(800, 1200),
    )


def corpus(n: int, seed: int = 7) -> list[dict]:
    """n articles of about 2 KB: a title, a source line, and paragraphs in which about four
    sentences in ten carry figures, as in the trade press."""
    rng = random.Random(seed)
    pools = {"en": (EN, EN_NARRATIVE), "zh": (ZH, ZH_NARRATIVE), "fr": (FR, FR_NARRATIVE)}
    docs = []
    for i in range(n):
        lang = rng.choice(["en", "zh", "fr"])
        facts, narrative = pools[lang]
        sep = "" if lang == "zh" else " "
        sentences, size = [], 0
        while size < 2000:
            template = rng.choice(facts) if rng.random() < 0.4 else rng.choice(narrative)
            sentence = _fill(template, rng)
            sentences.append(sentence)
            size += len(sentence.encode("utf-8"))
        paragraphs = [sep.join(sentences[j : j + 4]) for j in range(0, len(sentences), 4)]
        title = {"en": "Rare earth market update", "zh": "稀土市场动态", "fr": "Point sur les terres rares"}[lang]
        text = f"{title}\nSource: Bench Wire | 2025-11-14\n\n" + "\n\n".join(paragraphs)
        docs.append({"id": f"bench-{i}", "text": text, "published": None, "lang": None})
    return docs


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def bench_extract(n: int, repeat: int = 2) -> None:
    """Ingest (page splitting, metadata, language) + extraction, one process, one core.
    The machine is shared, so the best of `repeat` runs is quoted, as timeit does."""
    from reewatch.models import Document
    from reewatch.pipeline import Pipeline

    raw = corpus(n)
    total_bytes = sum(len(d["text"].encode("utf-8")) for d in raw)
    pipeline = Pipeline()
    list(pipeline.extract([Document(id="warm", text=raw[0]["text"])]))  # lexicon and lingua load once
    times, facts = [], 0
    for _ in range(repeat):
        docs = [Document(id=d["id"], text=d["text"]) for d in raw]  # metadata is inferred, as in real use
        start = time.perf_counter()
        facts = sum(1 for _ in pipeline.extract(docs))
        times.append(time.perf_counter() - start)
    secs = min(times)
    print(
        f"ingest+extract  reewatch {_version('reewatch'):8} {n:>7} docs  {n / secs:8.0f} docs/s  "
        f"{total_bytes / secs / 1e6:6.2f} MB/s  {facts / n:5.1f} facts/doc  (1 core, best of {repeat}; "
        f"slowest {n / max(times):.0f} docs/s)"
    )


PRICE_STRINGS = [
    ("¥1,510,000/ton", "1510000", "CNY"),
    ("$850/kg", "850", "USD"),
    ("US$ 62.5/kg", "62.5", "USD"),
    ("CNY 2,120/kg", "2120", "CNY"),
    ("51.2万元/吨", "512000", "CNY"),
    ("9.2亿元", "920000000", "CNY"),
    ("512 000 yuans la tonne", "512000", "CNY"),
    ("€1,150/kg", "1150", "EUR"),
    ("1 500 euros la tonne", "1500", "EUR"),
    ("A$200 million", "200000000", "AUD"),
    ("RMB 1.916 billion", "1916000000", "CNY"),
    ("14,177.6元", "14177.6", "CNY"),
]


def bench_quantities(repeat: int) -> None:
    from reewatch.lexicon import Lexicon
    from reewatch.normalise.quantities import QuantityParser

    strings = PRICE_STRINGS * repeat
    parser = QuantityParser(Lexicon().units)

    def ours(s: str) -> tuple[Decimal | None, str | None]:
        qs = [q for q in parser.find(s, "fr" if "la tonne" in s else "en") if q.kind == "money"]
        return (qs[0].value, qs[0].currency) if qs else (None, None)

    def peer(s: str) -> tuple[Decimal | None, str | None]:
        from price_parser import Price

        p = Price.fromstring(s)
        codes = {"¥": "CNY", "$": "USD", "US$": "USD", "€": "EUR", "CNY": "CNY", "RMB": "CNY", "A$": "AUD"}
        return p.amount, codes.get(p.currency or "", p.currency)

    for name, fn, dist in (("reewatch.quantities", ours, "reewatch"), ("price-parser", peer, "price-parser")):
        try:
            fn(strings[0][0])
        except ImportError as e:
            print(f"{name:20} skipped ({e.name} missing): pip install 'reewatch[bench]'")
            continue
        start = time.perf_counter()
        results = [fn(s) for s, _, _ in strings]
        secs = time.perf_counter() - start
        right = sum(
            1
            for (v, c), (_, want, cur) in zip(results, strings, strict=True)
            if v is not None and Decimal(str(v)) == Decimal(want) and c == cur
        )
        print(
            f"quantities      {name:20} {_version(dist):8} {len(strings) / secs:9.0f} strings/s  "
            f"accuracy {right / len(strings):5.0%} (amount and currency, {len(PRICE_STRINGS)} forms)"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description="reewatch throughput benchmarks")
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=2)
    a = ap.parse_args()
    print(f"python {sys.version.split()[0]}")
    bench_extract(a.docs, a.repeat)
    bench_quantities(200)


if __name__ == "__main__":
    main()
