"""Use cases: accounts, logins and who may see what.

Passwords are hashed with argon2id. A session is a random token; the database keeps only its
SHA-256, so a stolen database does not yield live sessions. Buyers and merchants are tied to
their party (`party_code`) and every read they make is scoped to it."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from pinxiang.persistence.db import UnitOfWork
from pinxiang.persistence.tables import BuyerRow, MerchantRow
from pinxiang.persistence.web_tables import SessionRow, UserRow

NewUow = Callable[[], UnitOfWork]
LOCALES = ("zh", "en")


class Role(StrEnum):
    ADMIN = "admin"
    PLANNER = "planner"
    WAREHOUSE_CLERK = "warehouse_clerk"
    DECLARANT = "declarant"
    BUYER = "buyer"
    MERCHANT = "merchant"


# Roles that see every shipment; buyers and merchants see only their own cargo.
STAFF = frozenset({Role.ADMIN, Role.PLANNER, Role.WAREHOUSE_CLERK, Role.DECLARANT})

PERMISSIONS: dict[str, frozenset[Role]] = {
    "import": frozenset({Role.ADMIN, Role.PLANNER}),
    "plan": frozenset({Role.ADMIN, Role.PLANNER}),
    "receive": frozenset({Role.ADMIN, Role.PLANNER, Role.WAREHOUSE_CLERK}),
    "inspect": frozenset({Role.ADMIN, Role.DECLARANT}),
    "declare": frozenset({Role.ADMIN, Role.DECLARANT}),
    "settle": frozenset({Role.ADMIN, Role.DECLARANT}),
    # load, seal, depart, and after the border arrive and deliver (API, CLI and /transit)
    "dispatch": frozenset({Role.ADMIN, Role.DECLARANT, Role.WAREHOUSE_CLERK}),
    "board": STAFF,
    "track": frozenset(Role),
    "manage_users": frozenset({Role.ADMIN}),
}


class AccountError(ValueError):
    """A request about accounts that cannot be met; the message names the field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Principal:
    """Who is asking: the logged-in user as every use case sees them."""

    user_id: int
    username: str
    role: Role
    party_code: str = ""
    locale: str = "zh"
    display_name: str = ""

    def can(self, action: str) -> bool:
        return self.role in PERMISSIONS[action]

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF

    @property
    def buyer_code(self) -> str | None:
        return self.party_code if self.role is Role.BUYER else None

    @property
    def merchant_code(self) -> str | None:
        return self.party_code if self.role is Role.MERCHANT else None


@dataclass(frozen=True)
class Login:
    principal: Principal
    token: str
    csrf_token: str
    expires_at: datetime


def default_hasher() -> PasswordHasher:
    return PasswordHasher()


def _principal(u: UserRow) -> Principal:
    return Principal(u.id, u.username, Role(u.role), u.party_code, u.locale, u.display_name)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_party(uow: UnitOfWork, role: Role, party_code: str) -> None:
    table: type[BuyerRow] | type[MerchantRow]
    if role is Role.BUYER:
        table = BuyerRow
    elif role is Role.MERCHANT:
        table = MerchantRow
    else:
        if party_code:
            raise AccountError("party_code", f"a {role} account is not tied to a party")
        return
    if not party_code:
        raise AccountError("party_code", f"a {role} account needs the {role}'s code")
    if uow.session.scalar(select(table.id).where(table.code == party_code)) is None:
        raise AccountError("party_code", f"no {role} with code {party_code!r}")


def create_user(
    new_uow: NewUow,
    username: str,
    password: str,
    role: str,
    now: datetime,
    party_code: str = "",
    display_name: str = "",
    locale: str = "zh",
    hasher: PasswordHasher | None = None,
) -> Principal:
    username = username.strip()
    if not username or len(username) > 80 or any(c.isspace() for c in username):
        raise AccountError("username", "a username has 1 to 80 characters and no spaces")
    if role not in Role.__members__.values():
        raise AccountError("role", f"role must be one of {', '.join(Role)}; got {role!r}")
    if len(password) < 8:
        raise AccountError("password", "password must have at least 8 characters")
    if locale not in LOCALES:
        raise AccountError("locale", f"locale must be one of {', '.join(LOCALES)}")
    r = Role(role)
    with new_uow() as uow:
        if uow.session.scalar(select(UserRow.id).where(UserRow.username == username)):
            raise AccountError("username", f"user {username!r} exists already")
        _check_party(uow, r, party_code)
        row = UserRow(
            username=username,
            password_hash=(hasher or default_hasher()).hash(password),
            role=r.value,
            party_code=party_code,
            display_name=display_name or username,
            locale=locale,
            active=True,
            created_at=now,
        )
        uow.session.add(row)
        uow.session.flush()
        p = _principal(row)
        uow.commit()
    return p


def log_in(
    new_uow: NewUow,
    username: str,
    password: str,
    now: datetime,
    hours: int = 12,
    hasher: PasswordHasher | None = None,
) -> Login | None:
    """A new session for the right password; None otherwise (never says which part was wrong)."""
    h = hasher or default_hasher()
    with new_uow() as uow:
        u = uow.session.scalar(select(UserRow).where(UserRow.username == username))
        if u is None or not u.active:
            return None
        try:
            h.verify(u.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if h.check_needs_rehash(u.password_hash):
            u.password_hash = h.hash(password)
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        expires = now + timedelta(hours=hours)
        uow.session.add(
            SessionRow(
                token_sha256=_digest(token),
                user_id=u.id,
                csrf_token=csrf,
                created_at=now,
                expires_at=expires,
            )
        )
        p = _principal(u)
        uow.commit()
    return Login(p, token, csrf, expires)


def session_user(new_uow: NewUow, token: str, now: datetime) -> tuple[Principal, str] | None:
    """The principal and CSRF token of a live session, or None."""
    with new_uow() as uow:
        row = uow.session.execute(
            select(SessionRow.expires_at, SessionRow.csrf_token, UserRow)
            .join(UserRow, SessionRow.user_id == UserRow.id)
            .where(SessionRow.token_sha256 == _digest(token))
        ).one_or_none()
        if row is None or row[0] <= now or not row[2].active:
            return None
        return _principal(row[2]), row[1]


def log_out(new_uow: NewUow, token: str) -> None:
    with new_uow() as uow:
        uow.session.execute(delete(SessionRow).where(SessionRow.token_sha256 == _digest(token)))
        uow.commit()


def set_locale(new_uow: NewUow, user_id: int, locale: str) -> None:
    if locale not in LOCALES:
        raise AccountError("locale", f"locale must be one of {', '.join(LOCALES)}")
    with new_uow() as uow:
        u = uow.session.get(UserRow, user_id)
        if u is not None:
            u.locale = locale
            uow.commit()


# --- user management (admin) ---------------------------------------------------------------


@dataclass(frozen=True)
class UserItem:
    """An account as the admin's user list shows it (never the password hash)."""

    id: int
    username: str
    role: Role
    party_code: str  # the buyer's or merchant's code: what a buyer or merchant may see
    display_name: str
    locale: str
    active: bool
    created_at: datetime


def _item(u: UserRow) -> UserItem:
    return UserItem(
        u.id,
        u.username,
        Role(u.role),
        u.party_code,
        u.display_name,
        u.locale,
        u.active,
        u.created_at,
    )


def list_users(new_uow: NewUow) -> list[UserItem]:
    """Every account by username, active or not."""
    with new_uow() as uow:
        return [_item(u) for u in uow.session.scalars(select(UserRow).order_by(UserRow.username))]


def get_user(new_uow: NewUow, user_id: int) -> UserItem:
    """One account; AccountError on the `user` field when there is none."""
    with new_uow() as uow:
        return _item(_user(uow, user_id))


def _user(uow: UnitOfWork, user_id: int) -> UserRow:
    u = uow.session.get(UserRow, user_id)
    if u is None:
        raise AccountError("user", f"no user with id {user_id}")
    return u


def _last_admin(uow: UnitOfWork, u: UserRow) -> bool:
    """Whether `u` is the only active admin (so it may not be demoted or deactivated)."""
    if u.role != Role.ADMIN.value or not u.active:
        return False
    admins = uow.session.scalars(
        select(UserRow.id).where(UserRow.role == Role.ADMIN.value, UserRow.active.is_(True))
    ).all()
    return list(admins) == [u.id]


def _end_sessions(uow: UnitOfWork, user_id: int) -> None:
    uow.session.execute(delete(SessionRow).where(SessionRow.user_id == user_id))


def change_role(new_uow: NewUow, user_id: int, role: str, party_code: str = "") -> UserItem:
    """Give a user another role (a buyer or merchant with their party's code; staff with none).
    The last active admin keeps the role, so nobody is locked out of user management."""
    if role not in Role.__members__.values():
        raise AccountError("role", f"role must be one of {', '.join(Role)}; got {role!r}")
    r = Role(role)
    with new_uow() as uow:
        u = _user(uow, user_id)
        _check_party(uow, r, party_code)
        if r is not Role.ADMIN and _last_admin(uow, u):
            raise AccountError(
                "role", f"{u.username} is the last active admin; make another admin first"
            )
        u.role, u.party_code = r.value, party_code
        item = _item(u)
        uow.commit()
    return item


def set_active(new_uow: NewUow, user_id: int, active: bool) -> UserItem:
    """Deactivate (the user's sessions end at once and logins are refused) or reactivate a
    user. The last active admin cannot be deactivated."""
    with new_uow() as uow:
        u = _user(uow, user_id)
        if not active and _last_admin(uow, u):
            raise AccountError(
                "active", f"{u.username} is the last active admin; make another admin first"
            )
        u.active = active
        if not active:
            _end_sessions(uow, u.id)
        item = _item(u)
        uow.commit()
    return item


def reset_password(
    new_uow: NewUow, user_id: int, password: str, hasher: PasswordHasher | None = None
) -> UserItem:
    """Set a new password (argon2id, as at creation); the user's sessions end."""
    if len(password) < 8:
        raise AccountError("password", "password must have at least 8 characters")
    with new_uow() as uow:
        u = _user(uow, user_id)
        u.password_hash = (hasher or default_hasher()).hash(password)
        _end_sessions(uow, u.id)
        item = _item(u)
        uow.commit()
    return item


def ensure_demo_accounts(
    new_uow: NewUow, now: datetime, hasher: PasswordHasher | None = None
) -> list[tuple[str, str, str]]:
    """One account per staff role, and for the first two buyers and merchants of the loaded
    data; passwords are `<username>-demo`. Idempotent: existing demo accounts get their demo
    password back. Returns (username, password, role) to print."""
    h = hasher or default_hasher()
    with new_uow() as uow:
        s = uow.session
        buyers = s.scalars(select(BuyerRow.code).order_by(BuyerRow.code).limit(2)).all()
        merchants = s.scalars(select(MerchantRow.code).order_by(MerchantRow.code).limit(2)).all()
    wanted: list[tuple[str, Role, str]] = [
        ("admin", Role.ADMIN, ""),
        ("planner", Role.PLANNER, ""),
        ("clerk", Role.WAREHOUSE_CLERK, ""),
        ("declarant", Role.DECLARANT, ""),
    ]
    wanted += [(f"buyer-{c.lower()}", Role.BUYER, c) for c in buyers]
    wanted += [(f"merchant-{c.lower()}", Role.MERCHANT, c) for c in merchants]
    out = []
    for username, role, party in wanted:
        password = f"{username}-demo"
        with new_uow() as uow:
            u = uow.session.scalar(select(UserRow).where(UserRow.username == username))
            if u is None:
                uow.session.add(
                    UserRow(
                        username=username,
                        password_hash=h.hash(password),
                        role=role.value,
                        party_code=party,
                        display_name=username,
                        locale="zh",
                        active=True,
                        created_at=now,
                    )
                )
            else:
                try:
                    h.verify(u.password_hash, password)
                except (VerificationError, InvalidHashError):
                    u.password_hash = h.hash(password)
                u.role, u.party_code, u.active = role.value, party, True
            uow.commit()
        out.append((username, password, role.value))
    return out
