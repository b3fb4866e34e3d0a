import { test } from "node:test";
import assert from "node:assert/strict";
import { EMOTE_VISIBLE_MS, initialState, peopleNearby, positionAt, reduce, zoneMessagesHere } from "../../web_client/src/state.js";
import { deepFreeze } from "./helpers.js";

const av = (id, x, y, extra = {}) => ({ id, nickname: `n-${id}`, look: "round.light.short.dark_brown.dot.hoodie.sage.none", x, y, dir: "down", status: "just_here", away: false, ...extra });

function snapshot(extra = {}) {
  return {
    t: 1000, map_id: "plaza", instance_id: "plaza-1", zone: "plaza", place: "signed-1", hidden: false,
    you: av("me", 100, 100),
    avatars: [av("a", 120, 100), av("b", 200, 150)],
    contacts: { conversations: [], invitations: [], sent: [] },
    ...extra,
  };
}

function replay(events) {
  return events.reduce((s, e) => reduce(deepFreeze(s), deepFreeze(e)), initialState());
}

// Only the facts the server sent about each person, without client-side samples.
function facts(state) {
  return Object.fromEntries(Object.values(state.avatars).map(({ samples, ...rest }) => [rest.id, rest]));
}

test("snapshot then batches gives the expected people", () => {
  const state = replay([
    { type: "snapshot", data: snapshot(), at: 0 },
    { type: "batch", at: 100, data: { t: 1100, enter: [av("c", 300, 300)], move: [["a", 124, 100, "right"]], leave: [], update: [] } },
    { type: "batch", at: 200, data: { t: 1200, enter: [], move: [["a", 128, 100, "right"], ["c", 300, 296, "up"]], leave: ["b"], update: [{ id: "c", status: "open", look: "slim.tan.bob.black.smile.tshirt.sky.glasses" }] } },
  ]);
  assert.deepEqual(facts(state), {
    a: av("a", 128, 100, { dir: "right" }),
    c: av("c", 300, 296, { dir: "up", status: "open", look: "slim.tan.bob.black.smile.tshirt.sky.glasses" }),
  });
  assert.equal(state.lastT, 1200);
  assert.equal(state.me.id, "me");
  assert.equal(state.connected, true);
});

test("a batch applies leave, then enter, then move and update", () => {
  const start = replay([{ type: "snapshot", data: snapshot(), at: 0 }]);
  // "b" leaves and its stale move is ignored; "c" enters and its move (same batch) applies
  // after the enter; an update for someone who left is ignored.
  const state = reduce(start, {
    type: "batch", at: 100,
    data: { t: 1100, leave: ["b"], enter: [av("c", 10, 10)], move: [["b", 1, 1, "up"], ["c", 12, 10, "right"]], update: [{ id: "b", status: "open", look: "x" }] },
  });
  assert.deepEqual(Object.keys(state.avatars).sort(), ["a", "c"]);
  assert.equal(state.avatars.c.x, 12);
  assert.equal(state.avatars.c.dir, "right");
});

test("an avatar leaving and coming back in later batches is replaced whole", () => {
  const state = replay([
    { type: "snapshot", data: snapshot(), at: 0 },
    { type: "batch", at: 100, data: { leave: ["a"], enter: [], move: [], update: [] } },
    { type: "batch", at: 200, data: { leave: [], enter: [av("a", 500, 500, { nickname: "renamed", status: "dnd" })], move: [], update: [] } },
  ]);
  assert.equal(state.avatars.a.nickname, "renamed");
  assert.equal(state.avatars.a.status, "dnd");
  assert.deepEqual(state.avatars.a.samples, [{ t: 200, x: 500, y: 500 }]);
});

test("moves and updates about unknown people, and about oneself, change nothing", () => {
  const start = replay([{ type: "snapshot", data: snapshot(), at: 0 }]);
  const state = reduce(start, {
    type: "batch", at: 100,
    data: { enter: [av("me", 0, 0)], move: [["ghost", 1, 1, "up"], ["me", 5, 5, "up"]], leave: [], update: [{ id: "ghost", status: "open" }] },
  });
  assert.deepEqual(facts(state), facts(start));
  assert.equal(state.me.x, 100);
  assert.equal(state.avatars.me, undefined);
});

test("updates change status and look only, and keep unspecified fields", () => {
  const state = replay([
    { type: "snapshot", data: snapshot(), at: 0 },
    { type: "batch", at: 100, data: { update: [{ id: "a", status: "open" }, { id: "b", look: "new.look" }] } },
  ]);
  assert.equal(state.avatars.a.status, "open");
  assert.equal(state.avatars.a.look, av("a", 0, 0).look);
  assert.equal(state.avatars.b.look, "new.look");
  assert.equal(state.avatars.b.status, "just_here");
});

test("a new snapshot replaces the people but keeps conversation messages", () => {
  const conv = { conversation_id: "c1", request_id: null, members: [{ account_id: "me", nickname: "n-me" }, { account_id: "a", nickname: "n-a" }] };
  const state = replay([
    { type: "snapshot", data: snapshot({ contacts: { conversations: [conv], invitations: [], sent: [] } }), at: 0 },
    { type: "chat_message", data: { conversation_id: "c1", id: "m1", sender_id: "a", sender_nickname: "n-a", text: "こんにちは", sent_at: 5 } },
    { type: "disconnected" },
    { type: "snapshot", data: snapshot({ avatars: [av("z", 1, 1)], contacts: { conversations: [conv], invitations: [], sent: [] } }), at: 500 },
  ]);
  assert.deepEqual(Object.keys(state.avatars), ["z"]);
  assert.equal(state.conversations.c1.messages.length, 1);
  assert.equal(state.conversations.c1.messages[0].text, "こんにちは");
});

test("snapshot facts: zone, place, hidden, and hidden_count only for staff", () => {
  const visitor = replay([{ type: "snapshot", data: snapshot({ hidden: true }), at: 0 }]);
  assert.equal(visitor.hiddenCount, null);
  assert.equal(visitor.hidden, true);
  assert.equal(visitor.place, "signed-1");
  assert.equal(visitor.zone, "plaza");
  const staff = replay([{ type: "snapshot", data: snapshot({ hidden_count: 3 }), at: 0 }]);
  assert.equal(staff.hiddenCount, 3);
});

test("hidden people: counts follow the server, a look only for roles the snapshot allows", () => {
  const visitor = replay([
    { type: "snapshot", data: snapshot(), at: 0 },
    { type: "hidden_count", count: 2 },
    { type: "reveal_set", until: 5000 },
  ]);
  assert.equal(visitor.hiddenCount, null); // a count is never made up for someone not told one
  assert.equal(visitor.revealingUntil, undefined);
  const staff = replay([{ type: "snapshot", data: snapshot({ hidden_count: 1 }), at: 0 }, { type: "hidden_count", count: 2 }]);
  assert.equal(staff.hiddenCount, 2);
  assert.equal(staff.revealingUntil, undefined);
  let mod = replay([{ type: "snapshot", data: snapshot({ hidden_count: 1, revealing_until: null }), at: 0 }]);
  assert.equal(mod.revealingUntil, null);
  mod = replay([
    { type: "snapshot", data: snapshot({ hidden_count: 1, revealing_until: null }), at: 0 },
    { type: "reveal_set", until: 600000 },
    { type: "batch", at: 100, data: { t: 1100, enter: [av("h", 150, 100, { hidden: true })], move: [], leave: [], update: [] } },
  ]);
  assert.equal(mod.revealingUntil, 600000);
  assert.equal(mod.avatars.h.hidden, true);
  assert.equal("hidden" in mod.avatars.a, false);
  assert.equal(reduce(mod, { type: "reveal_set", until: null }).revealingUntil, null);
});

test("own movement: predicted, confirmed (with a new place token), corrected", () => {
  let state = replay([{ type: "snapshot", data: snapshot(), at: 0 }]);
  state = reduce(state, { type: "self_moved", x: 110, y: 100, dir: "right", zone: "quiet" });
  assert.deepEqual([state.me.x, state.me.y, state.me.dir, state.zone], [110, 100, "right", "quiet"]);
  assert.deepEqual(state.me.confirmed, { x: 100, y: 100 });
  state = reduce(state, { type: "batch", data: { t: 1, enter: [], move: [], leave: [], update: [], you: [110, 100], place: "signed-2" }, at: 50 });
  assert.deepEqual(state.me.confirmed, { x: 110, y: 100 });
  assert.equal(state.place, "signed-2");
  state = reduce(state, { type: "corrected", x: 90, y: 95 });
  assert.deepEqual([state.me.x, state.me.y], [90, 95]);
  assert.deepEqual(state.me.confirmed, { x: 90, y: 95 });
});

test("own steps are confirmed by the batch's `you`, with a place now and then", () => {
  let state = replay([{ type: "snapshot", data: snapshot(), at: 0 }]);
  state = reduce(state, { type: "self_moved", x: 112, y: 100, dir: "right", zone: null });
  state = reduce(state, { type: "batch", data: { t: 2, enter: [], move: [], leave: [], update: [], you: [112, 100], place: "signed-3" }, at: 100 });
  assert.deepEqual(state.me.confirmed, { x: 112, y: 100 });
  assert.equal(state.place, "signed-3");
  state = reduce(state, { type: "batch", data: { t: 3, enter: [], move: [], leave: [], update: [], you: [124, 100] }, at: 200 });
  assert.deepEqual(state.me.confirmed, { x: 124, y: 100 });
  assert.equal(state.place, "signed-3"); // kept until the next one comes
  const others = reduce(state, { type: "batch", data: { t: 4, enter: [], move: [], leave: [], update: [] }, at: 300 });
  assert.deepEqual(others.me, state.me); // a batch without `you` leaves our own place alone
  state = reduce(state, { type: "place", place: "signed-4" }); // "world:place" when we stop
  assert.equal(state.place, "signed-4");
  assert.equal(reduce(state, { type: "place", place: null }).place, "signed-4");
});

test("invitation to conversation: request, accept, messages, someone leaves, closed", () => {
  const request = { request_id: "r1", from: { account_id: "a", nickname: "n-a" }, others: [], expires_at: 60000 };
  const opened = { conversation_id: "c1", request_id: null, members: [{ account_id: "a", nickname: "n-a" }, { account_id: "me", nickname: "n-me" }] };
  let state = replay([
    { type: "snapshot", data: snapshot(), at: 0 },
    { type: "contact_request", data: request },
    { type: "contact_request", data: request }, // a repeat is not a second card
  ]);
  assert.equal(state.invitations.length, 1);
  state = reduce(state, { type: "contact_opened", data: { ...opened, request_id: "r1" } });
  assert.equal(state.invitations.length, 0);
  assert.deepEqual(state.conversations.c1.members.map((m) => m.account_id), ["a", "me"]);
  const msg = { conversation_id: "c1", id: "m1", sender_id: "a", sender_nickname: "n-a", text: "hi", sent_at: 1 };
  state = reduce(reduce(state, { type: "chat_message", data: msg }), { type: "chat_message", data: msg });
  assert.equal(state.conversations.c1.messages.length, 1);
  state = reduce(state, { type: "contact_joined", data: { conversation_id: "c1", member: { account_id: "b", nickname: "n-b" } } });
  assert.deepEqual(state.conversations.c1.members.map((m) => m.account_id), ["a", "me", "b"]);
  state = reduce(state, { type: "contact_left", data: { conversation_id: "c1", account_id: "a" } });
  assert.deepEqual(state.conversations.c1.members.map((m) => m.account_id), ["me", "b"]);
  assert.deepEqual(state.conversations.c1.messages.map((m) => m.kind), ["message", "joined", "left"]);
  assert.equal(state.conversations.c1.messages[2].nickname, "n-a");
  state = reduce(state, { type: "contact_closed", data: { conversation_id: "c1" } });
  assert.equal(state.conversations.c1.closed, true);
  state = reduce(state, { type: "conversation_dismissed", conversation_id: "c1" });
  assert.deepEqual(state.conversations, {});
});

test("leaving a conversation oneself removes it; events about unknown conversations are ignored", () => {
  const opened = { conversation_id: "c1", request_id: null, members: [{ account_id: "a", nickname: "n-a" }, { account_id: "me", nickname: "n-me" }] };
  let state = replay([{ type: "snapshot", data: snapshot(), at: 0 }, { type: "contact_opened", data: opened }]);
  const before = state;
  state = reduce(state, { type: "chat_message", data: { conversation_id: "nope", id: "m", sender_id: "a", sender_nickname: "", text: "x", sent_at: 0 } });
  state = reduce(state, { type: "contact_closed", data: { conversation_id: "nope" } });
  assert.equal(state, before);
  state = reduce(state, { type: "contact_left", data: { conversation_id: "c1", account_id: "me" } });
  assert.deepEqual(state.conversations, {});
});

test("the inviter's invitation lapses, or ends when everyone said yes", () => {
  let state = replay([
    { type: "snapshot", data: snapshot(), at: 0 },
    { type: "invite_sent", data: { request_id: "r1", invitee_ids: ["a"], expires_at: 1 } },
    { type: "invite_sent", data: { request_id: "r2", invitee_ids: ["b"], expires_at: 1 } },
  ]);
  state = reduce(state, { type: "contact_lapsed", data: { request_id: "r1" } });
  assert.deepEqual(state.sent.map((r) => r.request_id), ["r2"]);
  state = reduce(state, { type: "contact_opened", data: { conversation_id: "c", request_id: null, members: [{ account_id: "me", nickname: "" }, { account_id: "b", nickname: "" }] } });
  assert.deepEqual(state.sent, []);
});

test("an invitee's card disappears when it lapses or is answered", () => {
  const req = (id) => ({ request_id: id, from: { account_id: "a", nickname: "n-a" }, others: [], expires_at: 1 });
  let state = replay([
    { type: "snapshot", data: snapshot(), at: 0 },
    { type: "contact_request", data: req("r1") },
    { type: "contact_request", data: req("r2") },
  ]);
  state = reduce(state, { type: "contact_lapsed", data: { request_id: "r1" } });
  state = reduce(state, { type: "request_answered", request_id: "r2" });
  assert.deepEqual(state.invitations, []);
});

test("snapshot restores invitations and sent invitations", () => {
  const contacts = {
    conversations: [],
    invitations: [{ request_id: "r1", from: { account_id: "a", nickname: "n-a" }, others: [], expires_at: 9 }],
    sent: [{ request_id: "r2", invitee_ids: ["b"], expires_at: 9 }],
  };
  const state = replay([{ type: "snapshot", data: snapshot({ contacts }), at: 0 }]);
  assert.equal(state.invitations[0].request_id, "r1");
  assert.equal(state.sent[0].request_id, "r2");
});

test("stamps: one bubble per person, gone after a few seconds", () => {
  let state = replay([
    { type: "snapshot", data: snapshot(), at: 0 },
    { type: "emote_shown", data: { emote: "wave", from: "a", to: null, at: 1 }, at: 1000 },
    { type: "emote_shown", data: { emote: "tea", from: "a", to: "me", at: 2 }, at: 1500 },
    { type: "emote_shown", data: { emote: "nod", from: "b", to: null, at: 3 }, at: 2000 },
  ]);
  assert.deepEqual(state.emotes.map((e) => [e.from, e.emote]), [["a", "tea"], ["b", "nod"]]);
  state = reduce(state, { type: "tick", at: 1500 + EMOTE_VISIBLE_MS });
  assert.deepEqual(state.emotes.map((e) => e.from), ["b"]);
  const same = reduce(state, { type: "tick", at: 1600 + EMOTE_VISIBLE_MS });
  assert.equal(same, state, "a tick that removes nothing keeps the same state object");
});

test("zone messages are kept per zone and instance, without duplicates", () => {
  const msg = (id, zone) => ({ map_instance: "plaza-1", zone, id, sender_id: "a", sender_nickname: "n-a", text: id, sent_at: 0 });
  let state = replay([
    { type: "snapshot", data: snapshot(), at: 0 },
    { type: "zone_message", data: msg("1", "plaza") },
    { type: "zone_message", data: msg("1", "plaza") },
    { type: "zone_message", data: msg("2", "boards") },
  ]);
  assert.deepEqual(zoneMessagesHere(state).map((m) => m.id), ["1"]);
  state = reduce(state, { type: "self_moved", x: 1, y: 1, dir: "left", zone: "boards" });
  assert.deepEqual(zoneMessagesHere(state).map((m) => m.id), ["2"]);
});

test("status, hidden and look of oneself", () => {
  let state = replay([{ type: "snapshot", data: snapshot(), at: 0 }]);
  state = reduce(state, { type: "status_set", status: "open" });
  state = reduce(state, { type: "hidden_set", hidden: true });
  state = reduce(state, { type: "look_set", look: "cat.mint.bun.pink.wink.yukata.rose.flower" });
  assert.equal(state.me.status, "open");
  assert.equal(state.hidden, true);
  assert.equal(state.me.look, "cat.mint.bun.pink.wink.yukata.rose.flower");
});

test("unknown events and events before the first snapshot leave the state alone", () => {
  const start = initialState();
  for (const event of [{ type: "nonsense" }, { type: "self_moved", x: 1, y: 1, dir: "up" }, { type: "status_set", status: "open" }]) {
    assert.equal(reduce(start, event), start);
  }
});

test("positionAt glides between samples and holds at the ends", () => {
  const a = { x: 30, y: 0, samples: [{ t: 0, x: 0, y: 0 }, { t: 100, x: 10, y: 0 }, { t: 200, x: 30, y: 0 }] };
  assert.deepEqual(positionAt(a, -50), { x: 0, y: 0 });
  assert.deepEqual(positionAt(a, 50), { x: 5, y: 0 });
  assert.deepEqual(positionAt(a, 150), { x: 20, y: 0 });
  assert.deepEqual(positionAt(a, 999), { x: 30, y: 0 });
  assert.deepEqual(positionAt({ x: 7, y: 8, samples: [] }, 5), { x: 7, y: 8 });
});

test("samples are capped so a long walk does not grow memory", () => {
  const events = [{ type: "snapshot", data: snapshot(), at: 0 }];
  for (let i = 1; i <= 50; i += 1) events.push({ type: "batch", at: i * 100, data: { move: [["a", 120 + i, 100, "right"]] } });
  const state = replay(events);
  assert.ok(state.avatars.a.samples.length <= 6);
  assert.equal(state.avatars.a.x, 170);
});

test("someone whose connection dropped is shown away and not counted nearby, until back", () => {
  const away = replay([
    { type: "snapshot", data: snapshot({ avatars: [av("a", 120, 100), { ...av("g", 110, 100), away: true }] }), at: 0 },
    { type: "batch", at: 100, data: { t: 1100, enter: [], move: [], leave: [], update: [{ id: "a", status: "just_here", look: av("a").look, away: true }] } },
  ]);
  assert.equal(away.avatars.a.away, true);
  assert.equal(away.avatars.g.away, true);
  assert.deepEqual(peopleNearby(away), []);
  const back = reduce(deepFreeze(away), deepFreeze({ type: "batch", at: 200, data: { t: 1200, enter: [], move: [], leave: [],
    update: [{ id: "a", status: "just_here", look: av("a").look, away: false }] } }));
  assert.deepEqual(peopleNearby(back).map((p) => p.id), ["a"]);
});

test("a message a moderator hid leaves the zone and the conversation it was in", () => {
  const zone = (id) => ({ map_instance: "plaza-1", zone: "plaza", id, sender_id: "a", sender_nickname: "n-a", text: id, sent_at: 0 });
  let state = replay([
    { type: "snapshot", data: snapshot(), at: 0 },
    { type: "contact_opened", data: { conversation_id: "c1", request_id: "r1", members: [{ account_id: "me", nickname: "n-me" }, { account_id: "a", nickname: "n-a" }] } },
    { type: "chat_message", data: { conversation_id: "c1", id: "m1", sender_id: "a", sender_nickname: "n-a", text: "hi", sent_at: 0 } },
    { type: "chat_message", data: { conversation_id: "c1", id: "m2", sender_id: "a", sender_nickname: "n-a", text: "bad", sent_at: 0 } },
    { type: "zone_message", data: zone("z1") },
    { type: "zone_message", data: zone("z2") },
  ]);
  state = reduce(deepFreeze(state), { type: "message_hidden", id: "z2" });
  state = reduce(deepFreeze(state), { type: "message_hidden", id: "m2" });
  assert.deepEqual(zoneMessagesHere(state).map((m) => m.id), ["z1"]);
  assert.deepEqual(state.conversations.c1.messages.filter((m) => m.kind === "message").map((m) => m.id), ["m1"]);
  const same = reduce(deepFreeze(state), { type: "message_hidden", id: "unknown" });
  assert.deepEqual(same.zoneMessages, state.zoneMessages);
});
