"""How bench/retrieval_quality.py fits questions to query_text's limits and reads --request."""

from bench.retrieval_client import request_options, shortened
from strata.v1 import knowledge_pb2 as pb


def test_a_question_too_long_in_words_keeps_its_first_words():
    assert shortened("What is it, and why? Tell me more.", 4, "words") == "What is it, and"


def test_a_question_too_long_in_characters_is_cut_at_a_word_end():
    assert shortened("alpha beta gamma", 12, "characters") == "alpha beta"


def test_a_question_within_the_limit_is_sent_as_it_is():
    assert shortened("alpha beta", 5, "words") == "alpha beta"


def test_request_options_take_each_field_in_its_type():
    options = request_options(
        ["rrf_k=30", "vector_weight=0.5", "include_embeddings=true", "mode=fulltext"],
        pb.SearchChunksRequest(),
    )
    assert options == {
        "rrf_k": 30,
        "vector_weight": 0.5,
        "include_embeddings": True,
        "mode": pb.SEARCH_MODE_FULLTEXT,
    }


def test_request_options_leave_out_unknown_fields_and_values(capsys):
    options = request_options(["no_such_field=1", "mode=SIDEWAYS"], pb.SearchChunksRequest())
    assert options == {}
    assert "no_such_field" in capsys.readouterr().err
