# Flask-WTF 1.3.0: the part the registry uses (stubs/README.md).
from flask_wtf.csrf import CSRFProtect as CSRFProtect
from flask_wtf.form import FlaskForm as FlaskForm
