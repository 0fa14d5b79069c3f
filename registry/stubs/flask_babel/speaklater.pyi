# Flask-Babel 4.0.0's lazy string (stubs/README.md).
#
# At run time LazyString is not a str subclass: it wraps a call that translates when the string is used, and
# forwards every str operation to the result. It is declared one here because that is how it is used: WTForms
# labels and validator messages, Flask-Login's login_message and the errors' titles take a str and get a
# LazyString, which they render or str() later, in the reader's language. So never narrow one with
# isinstance(value, str): it is False at run time.
class LazyString(str):
    def __html__(self) -> str: ...
