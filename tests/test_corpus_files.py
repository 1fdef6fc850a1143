"""Finding a corpus folder's article files, and reporting the folders that cannot be listed."""

from __future__ import annotations

import os

import pytest

from searchkit import corpus_files
from searchkit.corpus_files import article_relative_paths, has_article_files
from searchkit.errors import CorpusError


def _files(root, names):
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")


def test_only_visible_article_files_count(tmp_path):
    _files(tmp_path, [".hidden/a.txt", ".b.txt", "README.md", "notes.html", "sub/c.json"])
    assert (article_relative_paths(tmp_path), has_article_files(tmp_path)) == ([], False)
    _files(tmp_path, ["sub/deep/d.MD"])
    assert (article_relative_paths(tmp_path), has_article_files(tmp_path)) == (["sub/deep/d.MD"], True)


def _denying(denied):
    walk = os.walk

    def walk_denying(top, onerror=None, **options):  # what os.walk does when listing a folder is not permitted
        if os.fspath(top) == denied:
            onerror(PermissionError(13, "Permission denied", denied))
            return
        for folder, subfolders, files in walk(top, onerror=onerror, **options):
            if os.path.join(folder, "sub") == denied and "sub" in subfolders:
                subfolders.remove("sub")
                onerror(PermissionError(13, "Permission denied", denied))
            yield folder, subfolders, files
    return walk_denying


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path, monkeypatch):
    _files(tmp_path, ["a.txt", "sub/b.txt"])
    monkeypatch.setattr(corpus_files.os, "walk", _denying(str(tmp_path / "sub")))
    unreadable = []
    assert article_relative_paths(tmp_path, unreadable) == ["a.txt"]
    assert [str(error) for error in unreadable] == [f"{tmp_path / 'sub'}: cannot read folder (Permission denied)"]


def test_a_root_that_cannot_be_listed_is_an_error_not_an_empty_folder(tmp_path, monkeypatch):
    _files(tmp_path, ["a.txt"])
    monkeypatch.setattr(corpus_files.os, "walk", _denying(str(tmp_path)))
    with pytest.raises(CorpusError, match="cannot read folder"):
        has_article_files(tmp_path)
