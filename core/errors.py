"""Errors that end the processing of one input file (exit code 2), never a traceback."""


class InputError(Exception):
    """An input could not be read as a report: missing, a directory, empty, binary, bad encoding, broken .docx.

    The message is one line, in English and Chinese, meant to be printed as is.
    """

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class ConfigError(Exception):
    """The configuration or the command line names something unknown (exit code 2)."""


class LimitExceeded(Exception):
    """An input passes one of the bounds on what reading it may cost (numbering values, style
    chains, rendered text, ...). Raised where the file name is not known; the reader turns it
    into an InputError naming the file. The message is one line, like InputError's."""
