from pathlib import Path

from index.clean import caption_text, clean, is_caption, is_furniture, parse_date
from index.load import read_file

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _clean_seed(name: str):
    raw = read_file(SEEDS / name, SEEDS, {})
    return clean(raw.text, raw.kind, raw.meta)


def test_cleaning_removes_blog_footer_and_keeps_article_text():
    doc = _clean_seed("001_b91abe4b76f44b85.txt")
    for furniture in ("Source link", "Related Articles", "Leave a Reply", "Your email address", "Back to top"):
        assert furniture not in doc.text
    assert "ISIS terrorists quickly claimed responsibility" in doc.text
    assert doc.title == "Iraq wants to boot out US troops - RT World News"


def test_cleaning_keeps_a_captions_facts_without_its_photo_id_and_credit_and_drops_translation_notice():
    doc = _clean_seed("003_017d4f346cb3be16.txt")
    assert "epa08127441" not in doc.text and "MURTAJA LATEEF" not in doc.text
    assert "Thousands of Iraqi university students have gone on strike" in doc.text  # only the caption says so
    assert doc.text.endswith("which started since 01 October 2019.")  # out of the way of the article's paragraphs
    assert doc.text[doc.sections[0]:].startswith("Iraqi university students chant slogans")  # a part of its own
    assert "Powered by automated translation" not in doc.text
    assert "will \"not back down\" from supporting parliament's decision" in doc.text
    assert doc.title == "Iraqi officials unite against US presence in the country"


def test_date_line_becomes_metadata_and_loading_notice_goes():
    doc = _clean_seed("002_4c90c73626e9fd7b.txt")
    assert doc.date == "2020-01-10"
    assert "Loading" not in doc.text and not doc.text.startswith("date")
    assert doc.text.startswith("BAGHDAD - Iraqi interim Prime Minister")


def test_rules_are_general_not_tied_to_the_seeds():
    assert is_caption("Protesters gather in Tahrir Square on Friday. (Photo by Ahmad Al-Rubaye/AFP via Getty Images)")
    assert is_caption("A soldier stands guard in Baghdad. REUTERS/Thaier al-Sudani")
    assert is_furniture("Share this article") and is_furniture("You may also like")
    assert not is_caption("The Pentagon said 2,500 troops remain in Iraq.")
    assert caption_text("Protesters gather in Tahrir Square on Friday. (Photo by Ahmad Al-Rubaye/AFP via Getty "
                        "Images)") == ""  # a few words that only describe the photo
    assert caption_text("afp0123456 Medics carry a wounded man after the blast in Kabul, which killed at least 12 "
                        "people on Monday. AFP/Wakil Kohsar") == ("Medics carry a wounded man after the blast in "
                                                               "Kabul, which killed at least 12 people on Monday.")
    assert not is_furniture("Related talks between Baghdad and Washington resumed on Monday.")


def test_dates_in_common_news_formats():
    assert parse_date("Published: January 5, 2024") == "2024-01-05"
    assert parse_date("14 January 2020") == "2020-01-14"
    assert parse_date("2024-01-09T10:00:00Z") == "2024-01-09"
    assert parse_date("the January 4 strike") is None


def test_html_drops_scripts_and_takes_title_and_date(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Site</title><meta property='article:published_time' content='2024-01-05'>"
        "<style>.x{color:red}</style></head><body><h1>Troops to leave</h1><script>alert('x')</script>"
        "<p>The government asked the coalition to leave.</p><footer>Back to top</footer></body></html>"
    )
    raw = read_file(page, tmp_path, {})
    doc = clean(raw.text, raw.kind, raw.meta)
    assert doc.title == "Troops to leave" and doc.date == "2024-01-05"
    assert "alert" not in doc.text and "color:red" not in doc.text
    assert "The government asked the coalition to leave." in doc.text


def test_markdown_front_matter_and_sidecar_metadata_win(tmp_path):
    note = tmp_path / "note.md"
    note.write_text("---\ntitle: Front title\ndate: 2020-01-07\n---\n# Heading\n\nBody text of the note here.\n")
    raw = read_file(note, tmp_path, {})
    doc = clean(raw.text, raw.kind, raw.meta)
    assert (doc.title, doc.date) == ("Front title", "2020-01-07")
    raw = read_file(note, tmp_path, {"note.md": {"date": "2021-02-03", "title": "Sidecar title"}})
    doc = clean(raw.text, raw.kind, raw.meta)
    assert (doc.title, doc.date) == ("Sidecar title", "2021-02-03")
