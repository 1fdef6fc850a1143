"""Shared fixtures: the bundled seed corpus, an index built from it once per session, article writers, and Whoosh
indexes of documents cut from the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchkit import Index
from searchkit.corpus import find_article_files, read_article

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session", autouse=True)
def private_lexicon_cache(tmp_path_factory, worker_id):
    """Tests build their own lexicon cache instead of reading or writing the user's: one for the whole run, shared
    by the parallel workers. Each worker builds the cache files in its own order; a file another worker is
    building is waited for and read (lexicon_cache locks each file), so the workers share the work."""
    import os

    if worker_id == "master":
        folder = tmp_path_factory.mktemp("lexicon-cache")
    else:  # the workers' temporary folders share a parent
        folder = tmp_path_factory.getbasetemp().parent / "lexicon-cache"
    os.environ["SEARCHKIT_CACHE"] = str(folder)
    builders = _cache_builders()
    for build in builders if worker_id in ("master", "gw0") else builders[::-1]:
        build()


def _cache_builders():
    """The functions that read (or else build) each lexicon cache file, those a file needs before it."""
    from searchkit import jieba_trie, lexicon, normalize, pinyin_phrases, spellings

    return [normalize.precomputed_folds, jieba_trie.load_dictionary, lexicon._definitions_by_word,
            lexicon._words_by_gloss, lexicon._word_trie, lexicon.english_gloss_words, pinyin_phrases._phrase_table,
            spellings._other_spellings]


@pytest.fixture(scope="session")
def stock_jieba():
    """jieba's own tokenizer (jieba.dt), its dictionary loaded: what searchkit's segmenters are compared with."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt


def seed_texts() -> list[str]:
    """The whole text of every bundled article, in file order."""
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture(scope="session")
def seed_articles():
    return [read_article(path, SEEDS) for path in find_article_files(SEEDS)]


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seed-index")
    Index.build(path, SEEDS)
    return path


@pytest.fixture(scope="session")
def seed_index(seed_index_dir):
    with Index.open(seed_index_dir) as index:
        yield index


def article_text(*, title_en="An article", body_en="Some English text.", title_zh="一篇文章",
                 body_zh="一些中文。", date="1956-03-01", page=1, author_en="", author_zh="",
                 section="", column="") -> str:
    """An article file in the archive format."""
    return (
        f"Title: {title_en}\nAuthor: {author_en}\nDate: {date}\nPage: {page}\n\n{body_en}\n\n\n\n<hr /> \n\n"
        f"Original: \n\n\n### {title_zh}\n{author_zh}\n{date}\n第{page}版({section})\n专栏：{column}\n\n{body_zh}\n"
    )


def write_article(folder: Path, name: str, **fields) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(article_text(**fields), encoding="utf-8")
    return path


def built_index(folder: Path, articles: dict[str, dict]) -> Path:
    """The index (folder / "ix") of the articles, written by name from their fields (see article_text)."""
    for name, fields in articles.items():
        write_article(folder / "corpus", f"{name}.txt", **fields)
    Index.build(folder / "ix", folder / "corpus")
    return folder / "ix"


def marked(snippet) -> list[str]:
    """The texts a snippet (or passage) marks, in order."""
    return [snippet.text[start:end] for start, end in snippet.spans]


def cut_documents(seed_articles, count: int) -> list[dict]:
    """Whoosh documents cut from the seed articles: common terms reach several posting blocks (more than 128
    documents)."""
    import random

    rng = random.Random(5)
    made = []
    for number in range(count):
        article = seed_articles[number % len(seed_articles)]
        start = rng.randrange(max(1, len(article.body_zh) - 300))
        document = {"id": f"d{number:04d}", "date": article.date, "year": article.date[:4],
                    "body_zh": article.body_zh[start:start + 300], "body_zhx": article.body_zh[start:start + 300],
                    "body_en": article.body_en[start * 3:start * 3 + 900], "title_zhx": article.title_zh}
        made.append({name: value for name, value in document.items() if value})
    return made


def build_whoosh_index(folder: Path, docs: list[dict], writer_factory) -> Path:
    """A Whoosh index of searchkit's schema holding docs, written by writer_factory(index)."""
    from whoosh import index as whoosh_index

    from searchkit.schema import build_schema

    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = writer_factory(ix)
    for document in docs:
        writer.add_document(**document)
    writer.commit()
    return folder


@pytest.fixture(params=["whoosh", "vector"])
def ranking_path(request, monkeypatch):
    """Run a test on both ranking paths: Whoosh's matchers, and vector_search forced for every query."""
    from searchkit import searcher

    monkeypatch.setattr(searcher, "VECTOR_MIN_POSTINGS", 10 ** 12 if request.param == "whoosh" else 0)
    return request.param
