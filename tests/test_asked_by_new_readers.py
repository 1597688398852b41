"""Questions as someone who never saw the tuning set writes them, each on a way news tells a thing that the answer
must read right: a day that dates the saying, not the act; a count of the dead with no noun to count; a
speaker typed in lower case whom no report quotes; two actors typed in lower case; a sentence that tells what
came of the asked act rather than why it happened; an act told as a response to the sentence before; a topic,
which one line does not tell; people of a role whom a fate befell ("which commanders were killed"), written as
"leader"; "summarize the story"; what happened, told on in the next sentence ("claimed responsibility for the
blasts"); a follow-up whose own question, not the one it leans on, says what must be
answered; what someone said, when others only speak of them. Invented text."""


import pytest

from tests.conftest import chat_over

STORIES = {
    "backing.txt": ("Government backs the expulsion", "2021-03-10",
                    "The government said on Tuesday that it will not back down from supporting parliament's decision "
                    "to expel the foreign envoys, as unions called for strikes. Relations soured after a cable leak "
                    "earlier this month."),
    "vote.txt": ("Lawmakers act on the envoys", "2021-03-08",
                 "The interior ministry said the envoys had met opposition figures in secret. Lawmakers adopted a "
                 "resolution on Sunday to oust the foreign envoys following the leak of a diplomatic cable. The "
                 "non-binding motion asks the cabinet to act within a month."),
    "shelling.txt": ("Border villages shelled", "2021-03-12",
                     "A bomb attack on the river bridge killed a guard on Monday. The army responded with shelling of "
                     "border villages, killing at least 14 people. According to the defence ministry, the army shelled "
                     "the villages in retaliation for the bridge attack."),
    "visit.txt": ("Minister tours the border", "2021-03-13",
                  "The interior minister's visit came a day after the army shelled the border villages, angering "
                  "local leaders. He promised new roads and a clinic."),
    "raid.txt": ("Raid on a brigade base", "2021-03-15",
                 "Helicopters raided the Northern Brigade base near the dam on Friday. At least three people were "
                 "killed in the raid, including Omar Haddad, the leader of the Northern Brigade."),
    "port.txt": ("Port shut", "2021-03-16",
                 "Dock workers blocked the harbour gates for a week over unpaid wages. The port authority responded "
                 "by closing the port to all cargo ships. Shipping agents said the closure would cost millions."),
    "festival.txt": ("Blasts at the spring festival", "2021-03-21",
                     "On the last night of the spring festival, two explosions tore through the crowd near the stage, "
                     "killing 12 people. A rebel faction quickly claimed responsibility for the blasts in a statement "
                     "posted online."),
    "talks.txt": ("Talks on the border", "2021-03-14",
                  "Norwegian Foreign Minister Ola Brekke said the talks on the border must go on despite the "
                  "shelling. UN envoy Rita Sande welcomed the talks and urged both sides to protect civilians."),
}


@pytest.fixture(scope="module")
def chat(tmp_path_factory):
    return chat_over(tmp_path_factory.mktemp("new_readers"), STORIES)


def test_which_day_is_the_day_of_the_act_not_of_a_statement_about_it(chat):
    answer = chat.ask("which day did the parliament vote to expel the foreign envoys?")
    first = answer.answer.splitlines()[0]
    assert "Sunday" in first and "Tuesday" not in first, answer.answer


def test_how_many_were_killed_is_answered_by_the_count_of_people(chat):
    answer = chat.ask("how many were killed when the army shelled the villages after the bridge attack?")
    assert "14 people" in answer.answer, answer.answer


def test_a_speaker_typed_in_lower_case_whom_no_report_quotes_is_not_answered_for(chat):
    answer = chat.ask("what did maria okafor say about the expulsion of the envoys?")
    assert answer.answer.startswith("The documents don't say") and "maria okafor" in answer.answer, answer.answer


def test_two_actors_typed_in_lower_case_each_get_their_sentence(chat):
    answer = chat.ask("what did norway and the un say about the talks on the border")
    assert "Brekke" in answer.answer and "Sande" in answer.answer, answer.answer


def test_why_is_answered_by_the_cause_not_by_what_came_of_the_act(chat):
    answer = chat.ask("why did the army shell the border villages?")
    assert "in retaliation for the bridge attack" in answer.answer, answer.answer


def test_tell_me_about_a_topic_gives_what_the_report_tells_of_it_not_one_line(chat):
    answer = chat.ask("tell me about the motion")
    assert "non-binding motion" in answer.answer and "adopted a resolution on Sunday" in answer.answer, answer.answer


def test_which_commanders_were_killed_is_answered_by_the_person_named_beside_the_fate(chat):
    answer = chat.ask("which commanders were killed in the raid on the brigade base?")
    assert "Omar Haddad" in answer.answer, answer.answer


def test_why_is_answered_by_what_the_act_responded_to(chat):
    answer = chat.ask("why did the port authority close the port?")
    assert "unpaid wages" in answer.answer, answer.answer


def test_what_set_off_asks_why():
    from rag.extractive.question import question_kind
    assert question_kind("What set off each of the two crises?") == "why"
    assert question_kind("what sparked the protests") == "why"


def test_summarize_the_story_of_a_year_is_an_overview_not_a_refusal(chat):
    answer = chat.ask("summarize the 2021 story")
    assert not answer.answer.startswith("The documents don't say") and answer.citations, answer.answer


def test_a_follow_up_asks_its_own_question_not_the_one_it_leans_on(chat):
    from rag.chat import as_history
    first = chat.ask("what did the defence ministry say about the shelling?")
    answer = chat.ask("how many people died there", history=as_history(first))
    assert "14 people" in answer.answer, answer.answer



def test_what_happened_brings_the_next_sentence_that_tells_who_did_it(chat):
    answer = chat.ask("what happened on the last night of the spring festival?")
    assert "two explosions" in answer.answer and "claimed responsibility" in answer.answer, answer.answer


def test_what_someone_said_is_not_answered_by_sentences_where_others_speak_of_them(chat):
    """The army is named beside its shelling, and the ministry speaks of it; the army itself says nothing."""
    answer = chat.ask("what did the army say about the shelling?")
    assert answer.refused, answer.answer
    said = chat.ask("what did the norwegian foreign minister say about the talks?")
    assert not said.refused and "Ola Brekke said" in said.answer, said.answer
    acted = chat.ask("how did the army respond to the bridge attack?")  # a response may be an act, not words
    assert not acted.refused and "shelling" in acted.answer, acted.answer
