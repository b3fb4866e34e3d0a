"""Stable error codes with a Japanese and an English message.

Clients switch on ``code``; the messages are for people. Codes never change meaning once
released; add a new one instead.
"""
from __future__ import annotations

import enum
from typing import Any


class ErrorCode(str, enum.Enum):
    INVALID = "INVALID"
    INVALID_JSON = "INVALID_JSON"
    BODY_TOO_LARGE = "BODY_TOO_LARGE"
    UNKNOWN_EVENT = "UNKNOWN_EVENT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    TOKEN_EXPIRED = "TOKEN_EXPIRED"
    TOKEN_INVALID = "TOKEN_INVALID"
    BAD_CREDENTIALS = "BAD_CREDENTIALS"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    RATE_LIMITED = "RATE_LIMITED"
    TOO_MANY_CONNECTIONS = "TOO_MANY_CONNECTIONS"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    BUSY = "BUSY"
    NICKNAME_INVALID = "NICKNAME_INVALID"
    NICKNAME_PERSONAL_INFO = "NICKNAME_PERSONAL_INFO"
    NICKNAME_TAKEN = "NICKNAME_TAKEN"
    NICKNAME_UNAVAILABLE = "NICKNAME_UNAVAILABLE"
    PASSPHRASE_WEAK = "PASSPHRASE_WEAK"
    ALREADY_REGISTERED = "ALREADY_REGISTERED"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    NOT_READY = "NOT_READY"
    INTERNAL = "INTERNAL"
    # the space
    BLOCKED = "BLOCKED"
    NOT_ALLOWED_HERE = "NOT_ALLOWED_HERE"
    NOT_ACCEPTING = "NOT_ACCEPTING"
    MOVE_REJECTED = "MOVE_REJECTED"
    NO_SUCH_REQUEST = "NO_SUCH_REQUEST"
    YOU_ARE_HIDDEN = "YOU_ARE_HIDDEN"
    # boards
    IMAGE_INVALID = "IMAGE_INVALID"
    IMAGE_TOO_LARGE = "IMAGE_TOO_LARGE"
    # consultations
    SLOT_TAKEN = "SLOT_TAKEN"
    SLOT_UNAVAILABLE = "SLOT_UNAVAILABLE"
    SDP_INVALID = "SDP_INVALID"
    NOTE_PERSONAL_INFO = "NOTE_PERSONAL_INFO"
    BOOKING_LIMIT = "BOOKING_LIMIT"
    VOICE_FULL = "VOICE_FULL"
    # exchange events (rooms/events)
    EVENT_NOT_FOUND = "EVENT_NOT_FOUND"
    EVENT_NOT_REGISTERED = "EVENT_NOT_REGISTERED"
    EVENT_DOOR_CLOSED = "EVENT_DOOR_CLOSED"
    EVENT_NOT_FOR_YOU = "EVENT_NOT_FOR_YOU"
    EVENT_REMOVED = "EVENT_REMOVED"
    EVENT_CANCELLED = "EVENT_CANCELLED"
    EVENT_FULL = "EVENT_FULL"
    EVENT_ALREADY_REGISTERED = "EVENT_ALREADY_REGISTERED"
    EVENT_REGISTRATION_CLOSED = "EVENT_REGISTRATION_CLOSED"
    EVENT_NOT_HOST = "EVENT_NOT_HOST"
    EVENT_SCHEDULE_LOCKED = "EVENT_SCHEDULE_LOCKED"
    EVENT_FEEDBACK_ANSWERED = "EVENT_FEEDBACK_ANSWERED"
    EVENT_FEEDBACK_CLOSED = "EVENT_FEEDBACK_CLOSED"
    # anonymous surveys (rooms/surveys)
    SURVEY_NOT_FOUND = "SURVEY_NOT_FOUND"
    SURVEY_NOT_OPEN = "SURVEY_NOT_OPEN"
    SURVEY_ANSWERED = "SURVEY_ANSWERED"
    SURVEY_NOT_FOR_YOU = "SURVEY_NOT_FOR_YOU"
    SURVEY_PERSONAL_INFO = "SURVEY_PERSONAL_INFO"
    SURVEY_NOT_DRAFT = "SURVEY_NOT_DRAFT"
    # moderation: sanctions (moderation/sanctions)
    SANCTIONED = "SANCTIONED"
    NEW_ACCOUNT_WAIT = "NEW_ACCOUNT_WAIT"
    SUSPENDED = "SUSPENDED"
    SAME_MODERATOR = "SAME_MODERATOR"
    APPEAL_CLOSED = "APPEAL_CLOSED"
    # moderation: the shield (issue 12)
    CONFIRM_PERSONAL_INFO = "CONFIRM_PERSONAL_INFO"
    WORD_REFUSED = "WORD_REFUSED"
    # the live room of an event (rooms/event_room)
    LIVE_NOT_IN_ROOM = "LIVE_NOT_IN_ROOM"
    LIVE_HOST_PROTECTED = "LIVE_HOST_PROTECTED"
    LIVE_DOOR_LOCKED = "LIVE_DOOR_LOCKED"
    LIVE_ENDED = "LIVE_ENDED"
    LIVE_PAUSED = "LIVE_PAUSED"
    LIVE_CHAT_OFF = "LIVE_CHAT_OFF"
    LIVE_NO_FLOOR = "LIVE_NO_FLOOR"
    LIVE_NOT_ASKED = "LIVE_NOT_ASKED"
    LIVE_TABLE_FULL = "LIVE_TABLE_FULL"
    LIVE_NOT_AT_TABLE = "LIVE_NOT_AT_TABLE"
    LIVE_MIC_CLOSED = "LIVE_MIC_CLOSED"
    LIVE_TABLE_VOICES_FULL = "LIVE_TABLE_VOICES_FULL"
    LIVE_MUTED = "LIVE_MUTED"


MESSAGES: dict[ErrorCode, tuple[str, str]] = {
    ErrorCode.INVALID: ("入力の内容を確認してください。", "Please check what was entered."),
    ErrorCode.INVALID_JSON: ("データの形式が正しくありません。", "The request body is not valid JSON."),
    ErrorCode.BODY_TOO_LARGE: ("データが大きすぎます。", "The request is too large."),
    ErrorCode.UNKNOWN_EVENT: ("知らない操作です。", "Unknown event."),
    ErrorCode.UNAUTHENTICATED: ("入室してから操作してください。", "Please enter the space first."),
    ErrorCode.TOKEN_EXPIRED: ("入室の有効期限が切れました。もう一度入ってください。", "Your session has expired. Please enter again."),
    ErrorCode.TOKEN_INVALID: ("入室情報が正しくありません。もう一度入ってください。", "Your session is not valid. Please enter again."),
    ErrorCode.BAD_CREDENTIALS: ("ニックネームかあいことばが違います。", "The nickname or passphrase is not right."),
    ErrorCode.FORBIDDEN: ("この操作はできません。", "You cannot do this."),
    ErrorCode.NOT_FOUND: ("見つかりませんでした。", "Not found."),
    ErrorCode.CONFLICT: ("ほかの操作と重なりました。もう一度お試しください。", "This conflicts with another change. Please try again."),
    ErrorCode.RATE_LIMITED: ("少し時間をおいてから、もう一度お試しください。", "Please wait a little and try again."),
    ErrorCode.TOO_MANY_CONNECTIONS: ("同時に開いている画面が多すぎます。ほかのタブを閉じてから開き直してください。",
                                     "Too many windows are open at once. Close another tab and try again."),
    ErrorCode.TOO_MANY_ATTEMPTS: ("試した回数が多すぎます。{retry_after}秒ほど待ってから、もう一度お試しください。", "Too many tries. Please wait about {retry_after} seconds and try again."),
    ErrorCode.BUSY: ("いま混み合っています。{retry_after}秒ほど待ってから、もう一度お試しください。", "The server is busy. Please wait about {retry_after} seconds and try again."),
    ErrorCode.NICKNAME_INVALID: ("ニックネームは1〜20文字で、記号や制御文字を含めずに付けてください。", "A nickname has 1 to 20 characters and no control characters."),
    ErrorCode.NICKNAME_PERSONAL_INFO: ("連絡先のような名前（電話番号、メールアドレス、住所、LINEなどのID）は使えません。本名も使わないでください。", "A nickname must not look like contact details (a phone number, an e-mail or street address, a LINE or other SNS id). Please don't use your real name either."),
    ErrorCode.NICKNAME_TAKEN: ("そのニックネームはもう使われています。", "That nickname is already in use."),
    ErrorCode.NICKNAME_UNAVAILABLE: ("そのニックネームは使えません。別のものにしてください。", "That nickname can't be used. Please choose another."),
    ErrorCode.PASSPHRASE_WEAK: ("あいことばは8〜128文字にしてください。", "A passphrase has 8 to 128 characters."),
    ErrorCode.ALREADY_REGISTERED: ("このアカウントはもう保存されています。", "This account is already kept."),
    ErrorCode.METHOD_NOT_ALLOWED: ("この方法では操作できません。", "Method not allowed."),
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: ("データの種類が正しくありません。", "Unsupported content type."),
    ErrorCode.NOT_READY: ("準備中です。少し待ってからお試しください。", "Not ready yet. Please try again shortly."),
    ErrorCode.INTERNAL: ("うまくいきませんでした。時間をおいてお試しください。", "Something went wrong. Please try again later."),
    ErrorCode.BLOCKED: ("この操作はできません。", "You cannot do this."),
    ErrorCode.NOT_ALLOWED_HERE: ("この場所ではできません。", "That is not possible in this place."),
    ErrorCode.NOT_ACCEPTING: ("いまは受け付けていません。", "Not accepting this right now."),
    ErrorCode.MOVE_REJECTED: ("そこへは移動できません。", "You cannot move there."),
    ErrorCode.NO_SUCH_REQUEST: ("そのお誘いは見つかりません。", "There is no such invitation."),
    ErrorCode.YOU_ARE_HIDDEN: (
        "いまは「かくれる」にしているので、だれにも届きません。話したくなったら、設定で「かくれる」をやめてからどうぞ。あわてなくて大丈夫です。",
        "You are hidden right now, so this would reach nobody. When you feel like talking, turn off hiding in the settings first. There is no rush.",
    ),
    ErrorCode.IMAGE_INVALID: ("画像として読み込めませんでした。JPEG・PNG・WebPを使ってください。", "The file is not a usable image. Please use JPEG, PNG or WebP."),
    ErrorCode.IMAGE_TOO_LARGE: ("画像が大きすぎます。", "The image is too large."),
    ErrorCode.SLOT_TAKEN: ("その時間はすでに予約されています。", "That time has already been booked."),
    ErrorCode.SLOT_UNAVAILABLE: ("その時間は予約できません。", "That time cannot be booked."),
    ErrorCode.SDP_INVALID: ("音声の接続情報が正しくありません。", "The voice connection offer is not valid."),
    ErrorCode.NOTE_PERSONAL_INFO: ("電話番号、メールアドレス、住所、SNSのIDのような連絡先は書かないでください。連絡先がなくても相談できます。", "Please leave out contact details such as a phone number, an e-mail or street address, or an SNS id. You can consult without giving any."),
    ErrorCode.BOOKING_LIMIT: ("これから先の予約は、一度に3件までです。", "You can hold up to 3 upcoming bookings at a time."),
    ErrorCode.CONFIRM_PERSONAL_INFO: ("電話番号やメールアドレスのような個人情報が入っているようです。スタッフにだけ届きます。このまま送りますか？",
                                      "This seems to contain personal information such as a phone number. Only the staff member will see it. Send it anyway?"),
    ErrorCode.WORD_REFUSED: ("この言葉はここでは送れません。言い方を変えてみてください。", "This wording cannot be sent here. Please try saying it another way."),
    ErrorCode.VOICE_FULL: ("いまは音声の席がいっぱいです。文字でのやりとりはそのまま続けられます。", "Voice is full at the moment. Text chat stays open as before."),
    ErrorCode.EVENT_NOT_FOUND: ("その催しは見つかりませんでした。", "That event was not found."),
    ErrorCode.EVENT_NOT_REGISTERED: ("この回は申し込んだ人が入れます。催しの一覧から申し込めます。", "This session is for people who signed up. You can sign up from the list of events."),
    ErrorCode.EVENT_DOOR_CLOSED: ("いまは入口が開いていません。始まる10分前に開きます。", "The door is not open now. It opens 10 minutes before the start."),
    ErrorCode.EVENT_NOT_FOR_YOU: ("この催しは、決まった方に向けたものです。ほかの催しもご覧ください。", "This event is meant for a particular group. Please have a look at the other events."),
    ErrorCode.EVENT_REMOVED: ("この回には、もう入れないことになりました。ほかの回や催しにはどうぞ。", "You cannot join this session any more. Other sessions and events are open to you."),
    ErrorCode.EVENT_CANCELLED: ("この回は中止になりました。", "This session has been cancelled."),
    ErrorCode.EVENT_FULL: ("この回は満席です。", "This session is full."),
    ErrorCode.EVENT_ALREADY_REGISTERED: ("もう申し込んであります。", "You have already signed up."),
    ErrorCode.EVENT_REGISTRATION_CLOSED: ("この回の申し込みは締め切りました。", "Sign-up for this session has closed."),
    ErrorCode.EVENT_NOT_HOST: ("この催しの主催者だけができる操作です。", "Only this event's hosts can do this."),
    ErrorCode.EVENT_SCHEDULE_LOCKED: ("申し込みのある催しは日時を変えられません。回ごとに中止して、新しく作ってください。", "An event with sign-ups cannot change its times. Cancel sessions one by one and create a new event."),
    ErrorCode.EVENT_FEEDBACK_ANSWERED: ("この回のアンケートには、もう答えてあります。ありがとうございました。", "You have already answered this session's questions. Thank you."),
    ErrorCode.EVENT_FEEDBACK_CLOSED: ("この回のアンケートはいま受け付けていません。", "This session's questions are not open now."),
    ErrorCode.SURVEY_NOT_FOUND: ("このアンケートは見つかりませんでした。", "We couldn't find this survey."),
    ErrorCode.SURVEY_NOT_OPEN: ("このアンケートはいま受け付けていません（受付の前か、終わったあとです）。",
                                "This survey is not taking answers now (it has not opened yet, or it has closed)."),
    ErrorCode.SURVEY_ANSWERED: ("このアンケートには、もう答えてあります。ありがとうございました。",
                                "You have already answered this survey. Thank you."),
    ErrorCode.SURVEY_NOT_FOR_YOU: ("このアンケートは、決まった方に向けたものです。",
                                   "This survey is meant for a particular group."),
    ErrorCode.SURVEY_PERSONAL_INFO: ("電話番号・メールアドレス・住所などの連絡先は書かずに答えてください。名前のわからない回答として集めています。",
                                     "Please answer without contact details (phone, e-mail, address and the like): answers are collected without names."),
    ErrorCode.SURVEY_NOT_DRAFT: ("公開したアンケートは書き換えられません。", "A published survey can no longer be changed."),
    ErrorCode.SANCTIONED: ("いまは、この操作をお休みしていただいています。理由と終わる時刻はお知らせに書いてあります。受付にはいつでも声をかけられます。",
                           "This is paused for you at the moment. The notice shows why and when it ends. The desk is always open to you."),
    ErrorCode.NEW_ACCOUNT_WAIT: ("はじめて来た方は、最初の数分間、ゾーンでの発言とお誘いを待っていただいています。スタンプと受付はすぐに使えます。",
                                 "For your first few minutes here, zone chat and invitations wait a little. Stamps and the desk work right away."),
    ErrorCode.SUSPENDED: ("このアカウントは、いまお休み中です。理由と終わる日はお知らせのとおりです。",
                          "This account is paused at the moment. The notice shows why and until when."),
    ErrorCode.SAME_MODERATOR: ("ご自身が行った判断は、別の担当者が確認します。", "Another moderator must decide on this, not the one who acted."),
    ErrorCode.APPEAL_CLOSED: ("この件への申し立ては、もう受け付けていません（1件につき1回、30日以内です）。",
                              "An appeal can no longer be made for this (one per sanction, within 30 days)."),
    ErrorCode.LIVE_NOT_IN_ROOM: ("この会にはまだ入っていません。", "You have not entered this event."),
    ErrorCode.LIVE_HOST_PROTECTED: ("主催者を退出させることはできません。", "A host cannot be asked to leave."),
    ErrorCode.LIVE_DOOR_LOCKED: ("会はもう始まっていて、入口が閉じられています。", "The event has started and its door is closed."),
    ErrorCode.LIVE_ENDED: ("この会は終わりました。", "This event has ended."),
    ErrorCode.LIVE_PAUSED: ("主催者が会を一時停止しています。少しお待ちください。", "The host has paused the event. Please wait a moment."),
    ErrorCode.LIVE_CHAT_OFF: ("いまは文字での発言はできません。", "Text chat is off at the moment."),
    ErrorCode.LIVE_NO_FLOOR: ("話すには、主催者から発言の番をもらってください。", "To speak, wait for the host to give you the floor."),
    ErrorCode.LIVE_NOT_ASKED: ("いまは発言のお願いは届いていません。", "No request to speak is waiting for you."),
    ErrorCode.LIVE_TABLE_FULL: ("このテーブルは満席です。", "This table is full."),
    ErrorCode.LIVE_NOT_AT_TABLE: ("マイクは、テーブルに座っているときに使えます。", "You can use your microphone while seated at a table."),
    ErrorCode.LIVE_MIC_CLOSED: ("このテーブルでは、主催者から発言の番をもらって話します。",
                                "At this table, people speak when the host gives them the floor."),
    ErrorCode.LIVE_TABLE_VOICES_FULL: ("このテーブルではいま3人がマイクを使っています。どなたかがオフにするまでお待ちください。",
                                       "Three people at this table have their microphones on. Please wait until someone turns theirs off."),
    ErrorCode.LIVE_MUTED: ("主催者があなたの声を止めています。話すには、主催者から発言の番をもらってください。",
                           "The host has muted you. To speak, wait for the host to give you the floor."),
}


WAIT_CODES = frozenset({ErrorCode.TOO_MANY_ATTEMPTS, ErrorCode.BUSY})


class DomainError(Exception):
    """A refusal the caller can act on. Carries a stable code and nothing secret."""

    def __init__(self, code: ErrorCode, *, field: str | None = None, detail: dict[str, Any] | None = None):
        super().__init__(code.value)
        self.code = code
        self.field = field
        self.detail = detail or {}

    def to_dict(self) -> dict[str, Any]:
        return error_body(self.code, field=self.field, detail=self.detail)


def error_body(code: ErrorCode, *, field: str | None = None, detail: dict[str, Any] | None = None) -> dict[str, Any]:
    ja, en = MESSAGES[code]
    if code in WAIT_CODES:  # these say how long to wait: detail always carries retry_after
        ja, en = (m.format(retry_after=(detail or {}).get("retry_after", "")) for m in (ja, en))
    body: dict[str, Any] = {"code": code.value, "message": {"ja": ja, "en": en}}
    if field:
        body["field"] = field
    if detail:
        body["detail"] = detail
    return body
