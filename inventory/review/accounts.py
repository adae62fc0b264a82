"""Reviewer accounts of the team server, and their authentication through the Jupyter
Server identity API.

The accounts file (YAML, written by ``ghgi review-account``) holds, per user name, the
display name, the role (reviewer, compiler, approver), the password as a jupyter_server
``passwd`` hash (argon2) and the SHA-256 of a personal access token; no secret is stored in
clear::

    accounts:
      ana: {name: Ana Silva, role: reviewer, password: "argon2:...", token_sha256: "9f2c..."}

:class:`AccountsIdentityProvider` is a ``jupyter_server.auth.IdentityProvider`` (the
pluggable identity API of Jupyter Server 2, the one JupyterHub's single-user servers also
implement): a request is authenticated by the user's token (``?token=`` or
``Authorization: token ...``) or by the login form (user name and password), after which the
signed login cookie identifies the user; an account removed from the file is logged out at
its next request. Voila takes it through ``Voila.identity_provider_class``.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import yaml

from inventory.errors import InputError

__all__ = ["load_accounts", "add_account", "remove_account", "token_hash", "Account",
           "AccountsIdentityProvider", "ROLES"]

ROLES = ("reviewer", "compiler", "approver")


class Account(dict):
    @property
    def role(self) -> str:
        return str(self.get("role", "reviewer"))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def load_accounts(path: Path | str) -> dict[str, Account]:
    """user name -> account; an empty dict when the file does not exist."""
    path = Path(path)
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = {}
    for user, acc in (data.get("accounts") or {}).items():
        acc = Account(acc or {})
        if acc.role not in ROLES:
            raise InputError(f"account {user}: role '{acc.role}'", str(path), ", ".join(ROLES))
        out[str(user)] = acc
    return out


def _write(path: Path, accounts: dict[str, Account]) -> None:
    """Replace the file at once, readable by its owner only (mode 0600 from the start)."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    text = ("# Review accounts of 'ghgi review --team' (written by 'ghgi review-account').\n"
            "# Passwords are jupyter_server argon2 hashes, tokens SHA-256 hashes.\n"
            + yaml.safe_dump({"accounts": {k: dict(v) for k, v in accounts.items()}},
                             sort_keys=True, allow_unicode=True))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_account(path: Path | str, user: str, name: str, role: str,
                password: str | None = None) -> str:
    """Add (or replace) an account; returns its new personal token (shown once)."""
    from jupyter_server.auth.security import passwd

    if role not in ROLES:
        raise InputError(f"role '{role}'", "ghgi review-account", ", ".join(ROLES))
    if not user or not user.replace("_", "").replace("-", "").replace(".", "").isalnum():
        raise InputError(f"user name '{user}'", "ghgi review-account",
                         "letters, digits, '.', '_' or '-'")
    path = Path(path)
    accounts = load_accounts(path)
    token = secrets.token_urlsafe(24)
    acc = Account(name=name or user, role=role, token_sha256=token_hash(token))
    if password:
        acc["password"] = passwd(password)
    accounts[user] = acc
    _write(path, accounts)
    return token


def remove_account(path: Path | str, user: str) -> bool:
    path = Path(path)
    accounts = load_accounts(path)
    if user not in accounts:
        return False
    del accounts[user]
    _write(path, accounts)
    return True


try:  # the server side needs jupyter_server; the account functions above do not
    from jupyter_server.auth.identity import IdentityProvider, User
    from jupyter_server.auth.login import LoginFormHandler
    from jupyter_server.auth.logout import LogoutHandler
    from jupyter_server.auth.security import passwd_check
    from tornado.escape import url_escape
    from traitlets import Unicode
except ImportError:  # pragma: no cover
    IdentityProvider = object  # type: ignore[misc,assignment]


class AccountLoginHandler(LoginFormHandler):  # type: ignore[misc,valid-type]
    """The login form: user name and password."""

    def _render(self, message=None):
        import html

        err = ""
        if message and message.get("error"):
            err = f'<p style="color:#b00020">{html.escape(message["error"])}</p>'
        nxt = url_escape(self.get_argument("next", default=self.base_url))
        self.write(f"""<!doctype html><html><head><meta charset="utf-8">
<title>GHG inventory review: sign in</title></head>
<body style="font-family:sans-serif;max-width:28em;margin:4em auto">
<h2>GHG inventory review</h2><p>Sign in with your review account.</p>{err}
<form method="post" action="{html.escape(self.base_url)}login?next={nxt}">
{self.xsrf_form_html()}
<p><label>User name<br><input name="username" autocomplete="username" required></label></p>
<p><label>Password<br><input name="password" type="password"
  autocomplete="current-password" required></label></p>
<p><button type="submit">Sign in</button></p></form></body></html>""")


class AccountsIdentityProvider(IdentityProvider):  # type: ignore[misc,valid-type]
    """Authenticates the accounts of an accounts file (see the module doc)."""

    accounts_file = Unicode("", config=True, help="the review accounts file (YAML)")
    _cache: tuple[float, dict] = (-1.0, {})

    def accounts(self) -> dict[str, Account]:
        path = Path(self.accounts_file)
        mtime = path.stat().st_mtime if path.exists() else 0.0
        if mtime != self._cache[0]:
            self._cache = (mtime, load_accounts(path))
        return self._cache[1]

    def _user(self, username: str) -> User:
        acc = self.accounts()[username]
        name = str(acc.get("name") or username)
        initials = "".join(p[0] for p in name.split()[:2]).upper() or username[:1].upper()
        return User(username=username, name=name, display_name=name, initials=initials)

    def role_of(self, username: str) -> str | None:
        acc = self.accounts().get(username)
        return acc.role if acc else None

    @property
    def auth_enabled(self) -> bool:
        return True

    @property
    def login_available(self) -> bool:
        return True

    async def get_user_token(self, handler):
        token = self.get_token(handler)
        if not token:
            return None
        digest = token_hash(token)
        for user, acc in self.accounts().items():
            if hmac.compare_digest(str(acc.get("token_sha256", "")), digest):
                return self._user(user)
        return None

    def get_user_cookie(self, handler):
        user = super().get_user_cookie(handler)
        if user is None or not hasattr(user, "username"):
            return user
        return user if user.username in self.accounts() else None

    def process_login_form(self, handler):
        user = handler.get_argument("username", default="").strip()
        password = handler.get_argument("password", default="")
        acc = self.accounts().get(user)
        if acc and acc.get("password") and passwd_check(acc["password"], password):
            return self._user(user)
        return None

    def get_handlers(self):
        return [(r"/login", AccountLoginHandler), (r"/logout", LogoutHandler)]
