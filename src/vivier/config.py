"""Settings, read once from the environment (prefix ``VIVIER_``) and passed down explicitly."""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_KEY_FILE = "secret_key"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VIVIER_", extra="ignore")

    data_dir: Path = Path("var")
    database_url: str = ""
    secret_key: SecretStr = SecretStr("")
    price_multiplier: int = Field(default=100, ge=1)
    max_upload_mb: int = Field(default=20, ge=1)
    max_body_mb: int = Field(default=30, ge=1)
    api_key_days: int = Field(default=365, ge=1)
    auth_cache_seconds: float = Field(default=5.0, ge=0)
    public_url: str = "http://127.0.0.1:8000"
    smtp_url: str = ""
    log_level: str = "info"

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"


def load_settings(**overrides: object) -> Settings:
    """Build the settings; fill in the database URL and a persistent secret key when unset."""
    settings = Settings(**overrides)  # type: ignore[arg-type]
    data_dir = settings.data_dir.resolve()
    updates: dict[str, object] = {"data_dir": data_dir}
    if not settings.database_url:
        data_dir.mkdir(parents=True, exist_ok=True)
        updates["database_url"] = f"sqlite:///{data_dir / 'vivier.db'}"
    if not settings.secret_key.get_secret_value():
        updates["secret_key"] = SecretStr(_stored_secret(data_dir))
    return settings.model_copy(update=updates)


def _stored_secret(data_dir: Path) -> str:
    """Read the generated secret key, creating it (mode 0600) on first run."""
    path = data_dir / SECRET_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(key)
    return key
