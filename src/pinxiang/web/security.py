"""Cookies and CSRF: a signed session token in an HttpOnly cookie, and a token per form."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response
from itsdangerous import BadSignature, Signer

from pinxiang.web.settings import WebSettings

SESSION_COOKIE = "px_session"
CSRF_COOKIE = "px_csrf"  # double-submit token for forms shown before login
LANG_COOKIE = "px_lang"
CSRF_HEADER = "x-csrf-token"


class Cookies:
    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self._signer = Signer(settings.secret_key, salt="pinxiang.session")

    def sign(self, token: str) -> str:
        return self._signer.sign(token).decode()

    def unsign(self, value: str | None) -> str | None:
        if not value:
            return None
        try:
            return self._signer.unsign(value).decode()
        except BadSignature:
            return None

    def session_token(self, request: Request) -> str | None:
        """From the cookie, or an `Authorization: Bearer` header (API clients, no CSRF)."""
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return self.unsign(auth[7:].strip())
        return self.unsign(request.cookies.get(SESSION_COOKIE))

    def set_session(self, response: Response, token: str, max_age: int) -> None:
        response.set_cookie(
            SESSION_COOKIE,
            self.sign(token),
            max_age=max_age,
            httponly=True,
            secure=self.settings.cookie_secure,
            samesite="lax",
        )

    def clear_session(self, response: Response) -> None:
        response.delete_cookie(SESSION_COOKIE)

    def set_lang(self, response: Response, locale: str) -> None:
        response.set_cookie(
            LANG_COOKIE,
            locale,
            max_age=365 * 86400,
            secure=self.settings.cookie_secure,
            samesite="lax",
        )

    def login_csrf(self, request: Request) -> str:
        """The login form's CSRF token (double-submit: cookie and form field must agree)."""
        return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)

    def set_login_csrf(self, response: Response, token: str) -> None:
        response.set_cookie(
            CSRF_COOKIE,
            token,
            httponly=True,
            secure=self.settings.cookie_secure,
            samesite="strict",
        )


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))
