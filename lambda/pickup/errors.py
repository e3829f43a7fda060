"""Errors of the package as a whole (the domain, netsuite and store packages have their own).

ConfigurationError   the environment does not describe a working setup; raised at start-up
"""


class ConfigurationError(Exception):
    """Settings are missing or invalid. Names the variables, never their values."""

    def __init__(self, message: str, *, variables: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.variables = variables
