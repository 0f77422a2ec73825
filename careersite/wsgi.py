"""WSGI entry point (gunicorn careersite.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careersite.settings")
application = get_wsgi_application()
