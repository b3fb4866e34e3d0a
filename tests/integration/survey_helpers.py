"""A survey as the console composes it, for the integration, authorisation and e2e tests."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from server.core.dates import iso


def survey_body(now: datetime, *, opens_in=timedelta(0), open_for=timedelta(days=14), **changes) -> dict:
    return {
        "title_ja": "ここに来てみて", "title_en": "How it feels here",
        "description_ja": "名前はわかりません。答えたくない問いはとばしてください。",
        "description_en": "Answers carry no name. Skip any question you like.",
        "audience": "everyone",
        "opens_at": iso(now + opens_in), "closes_at": iso(now + opens_in + open_for),
        "questions": [
            {"kind": "single", "prompt_ja": "どなたとして来ましたか", "prompt_en": "Who are you here as?",
             "options": [{"ja": "本人", "en": "Myself"}, {"ja": "家族", "en": "Family"}, {"ja": "その他", "en": "Other"}]},
            {"kind": "multiple", "prompt_ja": "ほしいものは", "prompt_en": "What would help?",
             "options": [{"ja": "話す場", "en": "A place to talk"}, {"ja": "情報", "en": "Information"},
                         {"ja": "専門家", "en": "A specialist"}]},
            {"kind": "scale", "prompt_ja": "居心地は(1-5)", "prompt_en": "How comfortable (1-5)?"},
            {"kind": "text", "prompt_ja": "ひとこと", "prompt_en": "Anything else?"},
        ],
        **changes,
    }


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)
