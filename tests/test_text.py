from rag.text import content_words, normalize_unicode, sentence_spans, split_sentences, words


def test_sentences_do_not_break_at_titles_initials_or_us():
    text = ("Lt. Gen. Qassem Suleimani was killed. Former PM al-Abadi said the U.S. troops came in 2014. "
            "Mr. Al Sadr spoke. J. Smith agreed.")
    assert split_sentences(text) == [
        "Lt. Gen. Qassem Suleimani was killed.",
        "Former PM al-Abadi said the U.S. troops came in 2014.",
        "Mr. Al Sadr spoke.",
        "J. Smith agreed.",
    ]


def test_sentences_end_inside_closing_quotes_and_at_line_breaks():
    text = 'He said "we will stay." Then he left\nA new paragraph starts here.'
    assert split_sentences(text) == ['He said "we will stay."', "Then he left", "A new paragraph starts here."]


def test_sentence_spans_slice_back_to_the_text():
    text = "  First one.  Second one!\n\nThird?  "
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one!", "Third?"]


def test_normalize_folds_nbsp_curly_quotes_and_dashes():
    assert normalize_unicode("Iraq\u2019s\u00a0\u00a0\u201cforces\u201d \u2013 now ") == "Iraq's \"forces\" - now"


def test_words_fold_possessives_case_and_thousands():
    assert words("Iraq's 2,500 Troops") == ["iraq", "2500", "troops"]
    assert "the" not in content_words("the troops of the coalition")
