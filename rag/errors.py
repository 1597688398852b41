"""One small exception family whose message is meant for the person at the keyboard."""


class RagError(Exception):
    """A problem the user can fix; `str(err)` is one plain sentence saying what happened and what to do."""

    exit_code = 1


class NoIndexError(RagError):
    """Asked a question before anything was indexed."""


class BadInputError(RagError):
    """A question, file or option the user gave cannot be used as it is."""

    exit_code = 2
