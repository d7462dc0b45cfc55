"""Response headers and log records of our own (docs/security.md, "Logins and sessions").

Django's SecurityMiddleware sends HSTS, nosniff, the referrer and opener policies and redirects
to HTTPS (settings.py); this adds the Content-Security-Policy and a Permissions-Policy.
"""

from __future__ import annotations

import logging

# Scripts and styles from the site itself only: no inline script, no event handler attribute
# (the pages' few scripts are files under static/renaksi/), nothing from another host. Inline
# ``style`` attributes are allowed (the import preview indents its rows with them); a <style>
# element is not. Images may be data: URLs (the second factor's QR code is inline SVG anyway).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (a view may set its own)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class ClientErrorsWithoutTraceback(logging.Filter):
    """A refused request (4xx: permission denied, not found, bad request) is logged as one line.

    Django logs a PermissionDenied with its traceback, as if it were a bug; it is the gatekeeper
    doing its job (access.py). Server errors (5xx) keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
