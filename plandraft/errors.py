"""User-facing errors. The message is Simplified Chinese and says what to do next."""


class PlandraftError(Exception):
    """Any failure the user can cause or fix; the CLI prints it, the app shows it as gr.Error."""
