"""The live space as the transport sees it: the world plus the consent, chat and stamp rules.

It turns "who stands where" (the world) into the plain facts the rules need, so those rules
stay free of the world, and the transport stays free of both. Synchronous: atomic on the loop.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rooms.chat import ZoneChat
from rooms.consent import Conversations
from rooms.emotes import Emotes
from rooms import visibility
from rooms.presence import ContactFacts, Person, Place
from rooms.visibility import Reveals
from rooms.world import Placement, World
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import Emit, Outcome, ToAccount
from server.core.principal import Principal

MAX_ID_LENGTH = 64
REVEAL_ENDED = "presence:reveal_ended"
HIDDEN_COUNT = "presence:hidden_count"


@dataclass(frozen=True, slots=True)
class Arrival:
    """What a person brings into the space (from their account and their last visit)."""

    principal: Principal
    look: str
    blocked_ids: frozenset[str]
    status: str = "just_here"
    hidden: bool = False
    position: tuple[float, float] | None = None
    instance_id: str | None = None


class Space:
    def __init__(self, world: World, conversations: Conversations, zone_chat: ZoneChat, emotes: Emotes,
                 reveals: Reveals):
        self.world = world
        self.conversations = conversations
        self.zone_chat = zone_chat
        self.emotes = emotes
        self.reveals = reveals
        self._may_reveal: set[str] = set()  # present people whose role may look at hidden people

    # -- arriving and leaving -------------------------------------------------------------------

    def enter(self, arrival: Arrival) -> Placement:
        p = arrival.principal
        (self._may_reveal.add if visibility.may_reveal(p) else self._may_reveal.discard)(p.account_id)
        if not visibility.may_reveal(p):
            self.reveals.stop(p.account_id)
        return self.world.join(
            p.account_id,
            nickname=p.nickname,
            look_digest=arrival.look,
            status=arrival.status,
            hidden=arrival.hidden,
            counts_hidden=visibility.counts_hidden(p),
            # a look survives a reconnect, never a role without the right to look
            sees_hidden=visibility.may_reveal(p) and self.reveals.active(p.account_id) is not None,
            blocked_ids=arrival.blocked_ids,
            position=arrival.position,
            instance_id=arrival.instance_id,
        )

    def leave(self, account_id: str) -> Outcome[None]:
        outcome = self.conversations.forget(account_id)
        self.world.leave(account_id)
        self.reveals.stop(account_id)
        self._may_reveal.discard(account_id)
        return outcome

    def snapshot_for(self, account_id: str) -> dict[str, Any]:
        snapshot = self.world.snapshot_for(account_id)
        snapshot["contacts"] = self.conversations.snapshot_for(account_id)
        zone = self.world.zone_of(account_id)
        snapshot["zone"] = zone.id if zone else None
        if account_id in self._may_reveal:
            reveal = self.reveals.active(account_id)
            snapshot["revealing_until"] = reveal.until_ms if reveal else None
        return snapshot

    # -- facts for the rules ---------------------------------------------------------------------

    def _person(self, account_id: str) -> Person | None:
        profile = self.world.profile(account_id)
        if profile is None:
            return None
        return Person(account_id, profile.nickname, profile.status, Place.of(profile.instance_id, profile.zone))

    def facts_for(self, ids: Iterable[str]) -> ContactFacts:
        people, blocks = [], []
        for account_id in dict.fromkeys(ids):
            person = self._person(account_id)
            if person is None:
                continue
            people.append(person)
            blocks.extend((account_id, b) for b in self.world.blocks_of(account_id))
        return ContactFacts.build(people, blocks)

    def _hidden(self, account_id: str) -> bool:
        profile = self.world.profile(account_id)
        return profile is not None and profile.hidden

    def _reachable(self, a: str, b: object) -> bool:
        # A hidden person is not there for anyone who would reach them, looking or not.
        return (isinstance(b, str) and len(b) <= MAX_ID_LENGTH and self.world.can_see(a, b) and self.world.can_see(b, a)
                and visibility.may_reach(actor_hidden=self._hidden(a), target_hidden=self._hidden(b)))

    # -- the ladder: stamps, invitations, talk ---------------------------------------------------

    def emote(self, sender_id: str, emote_id: object, target_id: object) -> Outcome[dict[str, Any]]:
        visibility.require_visible_actor(self._hidden(sender_id))
        audience = [sender_id, *self.world.audience_of(sender_id)]
        if target_id is not None:
            if self._reachable(sender_id, target_id):
                audience.append(target_id)
            else:  # not there for this stamp (hidden people watching included): NOT_FOUND
                audience = [a for a in audience if a != target_id]
        return self.emotes.send(sender_id, emote_id, target_id, self.facts_for(audience))

    def invite(self, inviter_id: str, invitee_ids: object) -> Outcome[dict[str, Any]]:
        visibility.require_visible_actor(self._hidden(inviter_id))
        present = [i for i in invitee_ids if self._reachable(inviter_id, i)] if isinstance(invitee_ids, list) else []
        return self.conversations.invite(inviter_id, invitee_ids, self.facts_for([inviter_id, *present]))

    def zone_say(self, sender_id: str, text: object) -> Outcome[dict[str, Any]]:
        visibility.require_visible_actor(self._hidden(sender_id))
        zone = self.world.zone_of(sender_id)
        instance_id = self.world.instance_of(sender_id)
        if zone is None or instance_id is None:
            raise DomainError(ErrorCode.NOT_ALLOWED_HERE)  # talk happens inside named places
        listeners = [m for m in self.world.members_of_zone(instance_id, zone.id) if self.world.can_see(m, sender_id)]
        return self.zone_chat.say(sender_id, text, self.facts_for([sender_id, *listeners]))

    # -- looking at hidden people (moderators and admins; see rooms.visibility) -----------------

    def start_reveal(self, principal: Principal, reason: object) -> Outcome[dict[str, Any]]:
        """Open a bounded look. The transport logs it (``visibility.check_reveal`` first)."""
        if self.world.profile(principal.account_id) is None:
            raise DomainError(ErrorCode.NOT_FOUND)
        reveal = self.reveals.start(principal, reason)
        self.world.set_sees_hidden(principal.account_id, True)
        return Outcome({"on": True, "until": reveal.until_ms})

    def stop_reveal(self, principal: Principal) -> Outcome[dict[str, Any]]:
        if not visibility.may_reveal(principal):
            raise DomainError(ErrorCode.FORBIDDEN)
        self.reveals.stop(principal.account_id)
        if self.world.profile(principal.account_id) is not None:
            self.world.set_sees_hidden(principal.account_id, False)
        return Outcome({"on": False, "until": None})

    def expire_reveals(self) -> Outcome[list[str]]:
        """End the looks whose time is up; each looker is told."""
        ended = self.reveals.expire()
        for account_id in ended:
            if self.world.profile(account_id) is not None:
                self.world.set_sees_hidden(account_id, False)
        return Outcome(ended, tuple(Emit(ToAccount(a), REVEAL_ENDED, {}) for a in ended))

    def hidden_counts(self) -> Outcome[None]:
        """``presence:hidden_count`` to each counting viewer whose channel's count changed."""
        news = self.world.hidden_count_news()
        return Outcome(None, tuple(Emit(ToAccount(a), HIDDEN_COUNT, {"count": n}) for a, n in sorted(news.items())))

    # -- presence -------------------------------------------------------------------------------

    def block(self, blocker_id: str, blocked_id: str) -> Outcome[None]:
        """Silent: the blocked person is told nothing; they simply stop seeing each other."""
        self.world.add_block(blocker_id, blocked_id)
        return self.conversations.on_block(blocker_id, blocked_id)

    def unblock(self, blocker_id: str, blocked_id: str) -> None:
        self.world.remove_block(blocker_id, blocked_id)

    def expire(self) -> Outcome[int]:
        return self.conversations.expire()

