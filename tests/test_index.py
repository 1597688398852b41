import pytest
from filelock import FileLock

from index.build import build_index
from rag.errors import BadInputError, RagError
from rag.store import PassageStore
from tests.conftest import make_settings
from tests.pdf import text_pdf


def _docs(settings):
    return sorted(PassageStore(settings).doc_hashes())


def test_reindex_unchanged_folder_adds_nothing(tmp_path, corpus):
    settings = make_settings(tmp_path / "data", corpus)
    first = build_index(settings, corpus, progress=False)
    assert len(first.added) == 5 and first.passages > 10
    again = build_index(settings, corpus, progress=False)
    assert (again.added, again.updated, again.removed) == ([], [], [])
    assert len(again.unchanged) == 5 and again.passages == first.passages


def test_edited_file_is_replaced_and_deleted_file_removed(tmp_path, corpus):
    settings = make_settings(tmp_path / "data", corpus)
    build_index(settings, corpus, progress=False)
    edited = corpus / "004_440d33991e1a54d9.txt"
    edited.write_text("Iraqi PM update\nThe zebra migration crossed the river on Monday, officials said.\n")
    (corpus / "000_6191d9cc79ca9535.txt").unlink()
    report = build_index(settings, corpus, progress=False)
    assert report.updated == ["004_440d33991e1a54d9.txt"]
    assert report.removed == ["000_6191d9cc79ca9535.txt"]
    passages = PassageStore(settings).all_passages()
    assert not any(p.doc_id.startswith("000_") for p in passages)
    texts = " ".join(p.text for p in passages if p.doc_id.startswith("004_"))
    assert "zebra migration" in texts and "2,500" not in texts


def test_missing_and_empty_folders_are_plain_errors_and_keep_the_index(tmp_path, corpus):
    settings = make_settings(tmp_path / "data", corpus)
    build_index(settings, corpus, progress=False)
    before = _docs(settings)
    with pytest.raises(BadInputError, match="does not exist"):
        build_index(settings, tmp_path / "nope", progress=False)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BadInputError, match="No .txt, .md, .html or .pdf files"):
        build_index(settings, empty, progress=False)
    assert _docs(settings) == before


def test_binary_corrupt_pdf_and_latin1_files(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text("Troops\n\nThe coalition said its troops would stay in the country for now.\n")
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (folder / "latin.txt").write_bytes("Caf\xe9 owners in Baghdad said business was slow this week.".encode("cp1252"))
    (folder / "report.pdf").write_bytes(text_pdf(["Quarterly report", "Forty advisers left the base in March."]))
    settings = make_settings(tmp_path / "data", folder)
    report = build_index(settings, folder, progress=False)
    skipped = {s.doc_id: s.reason for s in report.skipped}
    assert set(skipped) == {"blob.txt", "broken.pdf"}
    assert "binary" in skipped["blob.txt"] and "PDF" in skipped["broken.pdf"]
    assert sorted(report.added) == ["good.txt", "latin.txt", "report.pdf"]
    assert any("latin.txt" in n and "Windows-1252" in n for n in report.notes)
    texts = {p.doc_id: p.text for p in PassageStore(settings).all_passages()}
    assert "Café owners" in texts["latin.txt"] and "Forty advisers" in texts["report.pdf"]


def test_folder_of_only_unreadable_files_changes_nothing(tmp_path, corpus):
    settings = make_settings(tmp_path / "data", corpus)
    build_index(settings, corpus, progress=False)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.pdf").write_bytes(b"garbage")
    with pytest.raises(BadInputError, match="None of the files"):
        build_index(settings, bad, progress=False)
    assert len(_docs(settings)) == 5


def test_second_index_run_waits_for_the_lock(tmp_path, corpus):
    settings = make_settings(tmp_path / "data", corpus)
    settings.data_dir.mkdir(parents=True)
    with FileLock(str(settings.data_dir / "index.lock")):
        with pytest.raises(RagError, match="Another `rag index` is running"):
            build_index(settings, corpus, progress=False)


def test_changing_the_chunk_size_reindexes_everything(tmp_path, corpus):
    settings = make_settings(tmp_path / "data", corpus)
    build_index(settings, corpus, progress=False)
    report = build_index(make_settings(tmp_path / "data", corpus, chunk_words=60), corpus, progress=False)
    assert len(report.updated) == 5
