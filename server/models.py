"""Imports every persistent model so ``Base.metadata`` is complete (Alembic, tests)."""
from avatars import models as _avatars  # noqa: F401
from rooms import models as _rooms  # noqa: F401
from server.core.base import Base

metadata = Base.metadata
