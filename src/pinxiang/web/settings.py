"""Settings of the web application, beside the core `Settings` (env prefix `PINXIANG_WEB_`)."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = frozenset({"", "changethis", "secret", "development-only-secret"})


class WebSettings(BaseSettings):
    """Defaults work for development; production refuses a placeholder secret key."""

    model_config = SettingsConfigDict(env_prefix="PINXIANG_WEB_", env_file=".env", extra="ignore")

    environment: Literal["development", "production"] = Field(
        default="development", description="development allows the placeholder secret key"
    )
    secret_key: str = Field(
        default="development-only-secret",
        description="signs session cookies; at least 32 characters outside development",
    )
    cookie_secure: bool = Field(
        default=False, description="send cookies over HTTPS only (always on in production)"
    )
    session_hours: int = Field(default=12, ge=1, description="how long a login lasts")
    plan_workers: int = Field(default=1, ge=1, description="threads that run planning jobs")

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> Self:
        if self.environment != "development":
            if self.secret_key in PLACEHOLDER_SECRETS or len(self.secret_key) < 32:
                raise ValueError(
                    "PINXIANG_WEB_SECRET_KEY must be set to a random string of 32+ characters "
                    f"when PINXIANG_WEB_ENVIRONMENT={self.environment}"
                )
            self.cookie_secure = True
        return self
