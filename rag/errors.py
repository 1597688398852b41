"""One small exception family whose message is meant for the person at the keyboard."""


class RagError(Exception):
    """A problem the user can fix; `str(err)` is one plain sentence saying what happened and what to do."""

    exit_code = 1


class NoIndexError(RagError):
    """Asked a question before anything was indexed."""


class Stopped(RagError):
    """The person pressed Ctrl-C: said in one line, with what is left and how to go on."""

    exit_code = 130


class BadInputError(RagError):
    """A question, file or option the user gave cannot be used as it is."""

    exit_code = 2


def plain_system_error(err: BaseException) -> str:
    """A sentence for a fault of the machine rather than of the input — a read-only folder, a full disk, no
    permission — found in an OSError or in the text of a store's error (Chroma reports a full disk as
    "database or disk is full" or "No space left on device")."""
    import errno

    where = f" ({err.filename})" if isinstance(err, OSError) and err.filename else ""
    code = err.errno if isinstance(err, OSError) else None
    text = str(err).lower()
    if code == errno.ENOSPC or "no space left" in text or "disk is full" in text:
        return (f"The disk is full{where}; nothing was lost: free some space (or use --data on another disk) "
                "and run the command again.")
    if code == errno.EROFS or "read-only file system" in text or "readonly database" in text:
        return (f"The data folder is read-only{where}; indexing needs a writable folder (--data or RAG_DATA). "
                "Asking works on a read-only index.")
    if code in (errno.EACCES, errno.EPERM) or "permission denied" in text:
        return f"Permission denied{where}; check who owns the data folder."
    return ""
