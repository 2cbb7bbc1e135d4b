"""User management for the admin, as JSON: the same `services.accounts` functions the
/admin/users page calls. List, create, change a role, deactivate or reactivate, reset a
password. Only the admin role (403 otherwise); the last active admin keeps the role and stays
active; bad input is a 422 naming the field; an unknown user id a 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from pinxiang.api import schemas
from pinxiang.api.deps import ApiCaller, Caller, State, StateDep, allow, forget_user
from pinxiang.services import accounts
from pinxiang.services.accounts import AccountError, Role

router = APIRouter(prefix="/api/v1/users", tags=["users"])
ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": schemas.Error, "description": "no user with that id"},
    422: {"model": schemas.Error, "description": "the field at fault, e.g. the last admin"},
}
Password = Annotated[str, Field(min_length=8, max_length=200, description="8+ characters")]
PartyCode = Annotated[
    str,
    Field(
        default="",
        max_length=40,
        description="the buyer's or merchant's code for those roles; empty for staff",
    ),
]


class User(schemas.Out):
    id: int
    username: str
    role: Role
    party_code: str = Field(description="the buyer or merchant the account sees; '' for staff")
    display_name: str
    locale: str
    active: bool
    created_at: datetime


class NewUser(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=80, description="no spaces")
    password: Password
    role: Role
    party_code: PartyCode
    display_name: str = Field(default="", max_length=200, description="the username if empty")
    locale: str = Field(default="zh", pattern="^(zh|en)$")


class RoleChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role
    party_code: PartyCode


class PasswordReset(BaseModel):
    model_config = ConfigDict(extra="forbid")
    password: Password


def _admin(caller: Caller) -> None:
    allow(caller, "manage_users")


def _changed(state: State, user_id: int, work: Callable[[], accounts.UserItem]) -> User:
    """Run a change to one account; the user's cached sessions are dropped so it takes effect
    at once. An unknown user is a 404; other refusals a 422 naming the field."""
    try:
        item = work()
    except AccountError as e:
        if e.field == "user":
            raise HTTPException(404, str(e)) from None
        raise
    forget_user(state, user_id)
    return User.model_validate(item)


@router.get("")
def list_users(caller: ApiCaller, state: StateDep) -> list[User]:
    """Every account by username, active or not (never a password hash)."""
    _admin(caller)
    return [User.model_validate(u) for u in accounts.list_users(state.new_uow)]


@router.post("", status_code=201, responses={422: ERRORS[422]})
def create_user(body: NewUser, caller: ApiCaller, state: StateDep) -> User:
    """Create an account (argon2id password); a buyer or merchant needs their party's code."""
    _admin(caller)
    made = accounts.create_user(
        state.new_uow,
        body.username,
        body.password,
        body.role.value,
        state.clock(),
        body.party_code.strip(),
        body.display_name.strip(),
        body.locale,
        state.hasher,
    )
    return User.model_validate(accounts.get_user(state.new_uow, made.user_id))


@router.post("/{user_id}/role", responses=ERRORS)
def change_role(user_id: int, body: RoleChange, caller: ApiCaller, state: StateDep) -> User:
    """Give the user another role (and party code); refused for the last active admin."""
    _admin(caller)
    return _changed(
        state,
        user_id,
        lambda: accounts.change_role(
            state.new_uow, user_id, body.role.value, body.party_code.strip()
        ),
    )


@router.post("/{user_id}/deactivate", responses=ERRORS)
def deactivate_user(user_id: int, caller: ApiCaller, state: StateDep) -> User:
    """Deactivate: the user's sessions end at once and logins are refused; refused for the
    last active admin."""
    _admin(caller)
    return _changed(state, user_id, lambda: accounts.set_active(state.new_uow, user_id, False))


@router.post("/{user_id}/activate", responses=ERRORS)
def activate_user(user_id: int, caller: ApiCaller, state: StateDep) -> User:
    """Reactivate a deactivated user."""
    _admin(caller)
    return _changed(state, user_id, lambda: accounts.set_active(state.new_uow, user_id, True))


@router.post("/{user_id}/password", responses=ERRORS)
def reset_password(user_id: int, body: PasswordReset, caller: ApiCaller, state: StateDep) -> User:
    """Set a new password; the user's sessions end."""
    _admin(caller)
    return _changed(
        state,
        user_id,
        lambda: accounts.reset_password(state.new_uow, user_id, body.password, state.hasher),
    )
