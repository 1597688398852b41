import pytest

from rag.errors import RagError
from ui.app import auth_pairs


def test_auth_from_a_pair_or_a_file(tmp_path):
    assert auth_pairs("") is None
    assert auth_pairs("ana:s3cret") == [("ana", "s3cret")]
    users = tmp_path / "users.txt"
    users.write_text("ana:one\nbob:two:with-colon\n")
    assert auth_pairs(str(users)) == [("ana", "one"), ("bob", "two:with-colon")]
    with pytest.raises(RagError, match="user:password"):
        auth_pairs("no-colon-here")
