"""Imports every persistent model so ``Base.metadata`` is complete (Alembic, tests)."""
from avatars import models as _avatars  # noqa: F401
from rooms import models as _rooms  # noqa: F401
from rooms.bookings import models as _consultations  # noqa: F401
from rooms.boards import models as _boards  # noqa: F401
from rooms.casework import models as _casework  # noqa: F401
from rooms.desk import models as _desk  # noqa: F401
from rooms.events import models as _events  # noqa: F401
from rooms.funnel import models as _funnel  # noqa: F401
from rooms.surveys import models as _surveys  # noqa: F401
from server.core import quota as _quota  # noqa: F401
from moderation import audit as _audit  # noqa: F401
from moderation.sanctions import models as _sanctions  # noqa: F401
from moderation.reports import models as _reports  # noqa: F401
from moderation import crisis_alerts as _crisis_alerts  # noqa: F401
from moderation import word_lists as _word_lists  # noqa: F401
from server.core.base import Base

metadata = Base.metadata
