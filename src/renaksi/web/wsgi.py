"""WSGI entry point: ``renaksi.web.wsgi:application`` (waitress, gunicorn, mod_wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaksi.web.settings")
application = get_wsgi_application()
