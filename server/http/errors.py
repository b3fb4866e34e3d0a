"""Every failure leaves as the same JSON envelope with a stable code; nothing internal leaks."""
from __future__ import annotations

import logging

from aiohttp import web

from server.core.errors import DomainError, ErrorCode, error_body

log = logging.getLogger("ibasho.http")

STATUS = {
    ErrorCode.INVALID: 400,
    ErrorCode.INVALID_JSON: 400,
    ErrorCode.NICKNAME_INVALID: 400,
    ErrorCode.NICKNAME_PERSONAL_INFO: 400,
    ErrorCode.PASSPHRASE_WEAK: 400,
    ErrorCode.IMAGE_INVALID: 400,
    ErrorCode.SDP_INVALID: 400,
    ErrorCode.NOTE_PERSONAL_INFO: 400,
    ErrorCode.MOVE_REJECTED: 400,
    ErrorCode.UNKNOWN_EVENT: 400,
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.TOKEN_EXPIRED: 401,
    ErrorCode.TOKEN_INVALID: 401,
    ErrorCode.BAD_CREDENTIALS: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.BLOCKED: 403,
    ErrorCode.NOT_ALLOWED_HERE: 403,
    ErrorCode.NOT_ACCEPTING: 403,
    ErrorCode.SANCTIONED: 403,
    ErrorCode.NEW_ACCOUNT_WAIT: 403,
    ErrorCode.SUSPENDED: 403,
    ErrorCode.SAME_MODERATOR: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.NO_SUCH_REQUEST: 404,
    ErrorCode.EVENT_NOT_FOUND: 404,
    ErrorCode.EVENT_NOT_REGISTERED: 403,
    ErrorCode.EVENT_DOOR_CLOSED: 403,
    ErrorCode.EVENT_NOT_FOR_YOU: 403,
    ErrorCode.EVENT_REMOVED: 403,
    ErrorCode.LIVE_HOST_PROTECTED: 403,  # a moderator cannot remove a host from their own event
    ErrorCode.EVENT_NOT_HOST: 403,
    ErrorCode.EVENT_CANCELLED: 409,
    ErrorCode.EVENT_FULL: 409,
    ErrorCode.EVENT_ALREADY_REGISTERED: 409,
    ErrorCode.EVENT_REGISTRATION_CLOSED: 409,
    ErrorCode.EVENT_SCHEDULE_LOCKED: 409,
    ErrorCode.EVENT_FEEDBACK_ANSWERED: 409,
    ErrorCode.EVENT_FEEDBACK_CLOSED: 409,
    ErrorCode.SURVEY_NOT_FOUND: 404,
    ErrorCode.SURVEY_NOT_OPEN: 409,
    ErrorCode.SURVEY_ANSWERED: 409,
    ErrorCode.SURVEY_NOT_FOR_YOU: 403,
    ErrorCode.SURVEY_PERSONAL_INFO: 400,
    ErrorCode.WORD_REFUSED: 400,
    ErrorCode.SURVEY_NOT_DRAFT: 409,
    ErrorCode.METHOD_NOT_ALLOWED: 405,
    ErrorCode.CONFLICT: 409,
    ErrorCode.NICKNAME_TAKEN: 409,
    ErrorCode.NICKNAME_UNAVAILABLE: 409,
    ErrorCode.ALREADY_REGISTERED: 409,
    ErrorCode.SLOT_TAKEN: 409,
    ErrorCode.SLOT_UNAVAILABLE: 409,
    ErrorCode.BOOKING_LIMIT: 409,
    ErrorCode.APPEAL_CLOSED: 409,
    ErrorCode.BODY_TOO_LARGE: 413,
    ErrorCode.IMAGE_TOO_LARGE: 413,
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: 415,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.TOO_MANY_ATTEMPTS: 429,
    ErrorCode.BUSY: 503,
    ErrorCode.INTERNAL: 500,
    ErrorCode.NOT_READY: 503,
}


def error_response(code: ErrorCode, *, field: str | None = None, detail: dict | None = None) -> web.Response:
    headers = {"Cache-Control": "no-store"}
    if detail and isinstance(detail.get("retry_after"), int):
        headers["Retry-After"] = str(detail["retry_after"])
    return web.json_response(
        {"error": error_body(code, field=field, detail=detail)},
        status=STATUS.get(code, 400),
        headers=headers,
    )


HTTP_CODES = {
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.BODY_TOO_LARGE,
    415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
}


@web.middleware
async def error_middleware(request: web.Request, handler):
    try:
        return await handler(request)
    except DomainError as exc:
        return error_response(exc.code, field=exc.field, detail=exc.detail)
    except web.HTTPException as exc:
        if exc.status < 400 or not request.path.startswith("/api/"):
            raise
        return error_response(HTTP_CODES.get(exc.status, ErrorCode.INVALID))
    except Exception as exc:
        if request.path.startswith("/socket.io/"):
            # A transport's failure on a client's frame (python-engineio's own loop, when the
            # fast path is off): its message may quote the frame, so only the kind is logged.
            log.warning("a Socket.IO transport request failed (%s)", type(exc).__name__)
            return error_response(ErrorCode.INTERNAL)
        # The traceback names the handler, not the caller: no tokens, bodies or addresses.
        log.exception("unhandled error in %s %s", request.method, request.match_info.route.resource.canonical if request.match_info.route.resource else "?")
        return error_response(ErrorCode.INTERNAL)
