// The client's picture of the space, as a pure reducer: reduce(state, event) -> new state.
// No DOM, no clock, no socket: every event carries what it needs (including `at`, the local
// time it arrived), so a test can replay a scripted session and compare the result.
//
// Batch order (the server's contract, rooms/world.py): remove every id in `leave`, add or
// replace every avatar in `enter`, then apply `move` ([id, x, y, dir]) and `update`
// ({id, status, look}) to ids we hold.

export const EMOTE_VISIBLE_MS = 4000;
const MAX_SAMPLES = 6;
const MAX_MESSAGES = 200;
const MAX_ZONE_MESSAGES = 100;

export function initialState() {
  return {
    connected: false,
    me: null,
    instanceId: null,
    mapId: null,
    zone: null,
    hidden: false,
    hiddenCount: null, // staff, moderators and admins: how many are hidden in this channel
    // moderators and admins: undefined = may not look; null = not looking; a time (ms) = until
    revealingUntil: undefined,
    place: null, // the server's signed token for "where I am", used to resume after a restart
    avatars: {},
    invitations: [],
    sent: [],
    conversations: {},
    zoneMessages: [],
    emotes: [],
    lastT: null,
  };
}

function avatarFrom(raw, at) {
  return {
    id: raw.id, nickname: raw.nickname, look: raw.look, status: raw.status,
    x: raw.x, y: raw.y, dir: raw.dir, samples: [{ t: at, x: raw.x, y: raw.y }],
    ...(raw.hidden === true ? { hidden: true } : {}), // only ever sent to a moderator or admin looking
    away: raw.away === true, // connection lost, within the reconnect grace: faded, not "nearby"
  };
}

function conversationFrom(raw, previous) {
  return {
    id: raw.conversation_id,
    requestId: raw.request_id ?? null,
    members: raw.members.map((m) => ({ account_id: m.account_id, nickname: m.nickname })),
    messages: previous ? previous.messages : [],
    closed: false,
  };
}

function withoutRequest(list, requestId) {
  return list.filter((r) => r.request_id !== requestId);
}

function capped(list, max) {
  return list.length > max ? list.slice(list.length - max) : list;
}

function applySnapshot(state, data, at) {
  const avatars = {};
  for (const raw of data.avatars || []) {
    if (raw.id !== data.you.id) avatars[raw.id] = avatarFrom(raw, at);
  }
  const contacts = data.contacts || {};
  const conversations = {};
  for (const raw of contacts.conversations || []) {
    conversations[raw.conversation_id] = conversationFrom(raw, state.conversations[raw.conversation_id]);
  }
  const me = { ...data.you, confirmed: { x: data.you.x, y: data.you.y } };
  return {
    ...state,
    connected: true,
    me,
    instanceId: data.instance_id,
    mapId: data.map_id ?? state.mapId,
    zone: data.zone ?? null,
    hidden: typeof data.hidden === "boolean" ? data.hidden : state.hidden,
    place: data.place ?? state.place,
    hiddenCount: typeof data.hidden_count === "number" ? data.hidden_count : null,
    revealingUntil: "revealing_until" in data ? (typeof data.revealing_until === "number" ? data.revealing_until : null) : undefined,
    avatars,
    invitations: (contacts.invitations || []).slice(),
    sent: (contacts.sent || []).slice(),
    conversations,
    lastT: data.t ?? null,
  };
}

function applyBatch(state, data, at) {
  const avatars = { ...state.avatars };
  const myId = state.me ? state.me.id : null;
  for (const id of data.leave || []) delete avatars[id];
  for (const raw of data.enter || []) {
    if (raw.id !== myId) avatars[raw.id] = avatarFrom(raw, at);
  }
  for (const [id, x, y, dir] of data.move || []) {
    const av = avatars[id];
    if (!av) continue;
    const samples = capped([...av.samples, { t: at, x, y }], MAX_SAMPLES);
    avatars[id] = { ...av, x, y, dir, samples };
  }
  for (const u of data.update || []) {
    const av = avatars[u.id];
    if (!av) continue;
    avatars[u.id] = { ...av, status: u.status ?? av.status, look: u.look ?? av.look, away: u.away ?? av.away };
  }
  // Our own steps go unanswered; the batch after them says where the server has us
  // (`you`), and now and then hands a fresh signed place for resuming.
  const me = data.you && state.me ? { ...state.me, confirmed: { x: data.you[0], y: data.you[1] } } : state.me;
  return { ...state, avatars, me, place: data.place ?? state.place, lastT: data.t ?? state.lastT };
}

function applyEmote(state, data, at) {
  const fresh = state.emotes.filter((e) => at - e.shownAt < EMOTE_VISIBLE_MS);
  // One bubble per person at a time: a new stamp replaces their previous one.
  const others = fresh.filter((e) => e.from !== data.from);
  return { ...state, emotes: [...others, { emote: data.emote, from: data.from, to: data.to ?? null, at: data.at, shownAt: at }] };
}

function updateConversation(state, id, change) {
  const conv = state.conversations[id];
  if (!conv) return state;
  return { ...state, conversations: { ...state.conversations, [id]: change(conv) } };
}

function systemLine(kind, member) {
  return { kind, account_id: member.account_id, nickname: member.nickname };
}

const handlers = {
  reset: () => initialState(),
  snapshot: (s, e) => applySnapshot(s, e.data, e.at),
  batch: (s, e) => applyBatch(s, e.data, e.at),
  disconnected: (s) => ({ ...s, connected: false }),
  self_moved: (s, e) => {
    if (!s.me) return s;
    const zone = e.zone === undefined ? s.zone : e.zone;
    return { ...s, me: { ...s.me, x: e.x, y: e.y, dir: e.dir }, zone };
  },
  place: (s, e) => (typeof e.place === "string" ? { ...s, place: e.place } : s),
  corrected: (s, e) => (s.me ? { ...s, me: { ...s.me, x: e.x, y: e.y, confirmed: { x: e.x, y: e.y } } } : s),
  status_set: (s, e) => (s.me ? { ...s, me: { ...s.me, status: e.status } } : s),
  hidden_set: (s, e) => ({ ...s, hidden: Boolean(e.hidden) }),
  hidden_count: (s, e) => (typeof e.count === "number" && s.hiddenCount !== null ? { ...s, hiddenCount: e.count } : s),
  reveal_set: (s, e) => (s.revealingUntil === undefined ? s : { ...s, revealingUntil: typeof e.until === "number" ? e.until : null }),
  look_set: (s, e) => (s.me ? { ...s, me: { ...s.me, look: e.look } } : s),
  emote_shown: (s, e) => applyEmote(s, e.data, e.at),
  tick: (s, e) => {
    const emotes = s.emotes.filter((x) => e.at - x.shownAt < EMOTE_VISIBLE_MS);
    return emotes.length === s.emotes.length ? s : { ...s, emotes };
  },
  contact_request: (s, e) => ({ ...s, invitations: [...withoutRequest(s.invitations, e.data.request_id), e.data] }),
  invite_sent: (s, e) => ({ ...s, sent: [...withoutRequest(s.sent, e.data.request_id), e.data] }),
  request_answered: (s, e) => ({ ...s, invitations: withoutRequest(s.invitations, e.request_id) }),
  contact_lapsed: (s, e) => ({
    ...s,
    invitations: withoutRequest(s.invitations, e.data.request_id),
    sent: withoutRequest(s.sent, e.data.request_id),
  }),
  contact_opened: (s, e) => {
    const conv = conversationFrom(e.data, s.conversations[e.data.conversation_id]);
    const memberIds = new Set(conv.members.map((m) => m.account_id));
    return {
      ...s,
      conversations: { ...s.conversations, [conv.id]: conv },
      invitations: e.data.request_id ? withoutRequest(s.invitations, e.data.request_id) : s.invitations,
      // An invitation everyone has answered "yes" to is over.
      sent: s.sent.filter((r) => !r.invitee_ids.every((id) => memberIds.has(id))),
    };
  },
  contact_joined: (s, e) => updateConversation(s, e.data.conversation_id, (c) => ({
    ...c,
    members: [...c.members.filter((m) => m.account_id !== e.data.member.account_id), e.data.member],
    messages: capped([...c.messages, systemLine("joined", e.data.member)], MAX_MESSAGES),
  })),
  contact_left: (s, e) => {
    const { conversation_id: id, account_id: who } = e.data;
    if (s.me && who === s.me.id) {
      const conversations = { ...s.conversations };
      delete conversations[id];
      return { ...s, conversations };
    }
    return updateConversation(s, id, (c) => {
      const member = c.members.find((m) => m.account_id === who) || { account_id: who, nickname: "" };
      return {
        ...c,
        members: c.members.filter((m) => m.account_id !== who),
        messages: capped([...c.messages, systemLine("left", member)], MAX_MESSAGES),
      };
    });
  },
  contact_closed: (s, e) => updateConversation(s, e.data.conversation_id, (c) => ({ ...c, closed: true })),
  conversation_dismissed: (s, e) => {
    if (!s.conversations[e.conversation_id]) return s;
    const conversations = { ...s.conversations };
    delete conversations[e.conversation_id];
    return { ...s, conversations };
  },
  chat_message: (s, e) => updateConversation(s, e.data.conversation_id, (c) => {
    if (c.messages.some((m) => m.id === e.data.id)) return c;
    const message = {
      kind: "message", id: e.data.id, sender_id: e.data.sender_id,
      sender_nickname: e.data.sender_nickname, text: e.data.text, sent_at: e.data.sent_at,
    };
    return { ...c, messages: capped([...c.messages, message], MAX_MESSAGES) };
  }),
  message_hidden: (s, e) => {
    const conversations = {};
    for (const [id, c] of Object.entries(s.conversations)) {
      conversations[id] = c.messages.some((m) => m.id === e.id) ? { ...c, messages: c.messages.filter((m) => m.id !== e.id) } : c;
    }
    return { ...s, conversations, zoneMessages: s.zoneMessages.filter((m) => m.id !== e.id) };
  },
  zone_message: (s, e) => {
    if (s.zoneMessages.some((m) => m.id === e.data.id)) return s;
    return { ...s, zoneMessages: capped([...s.zoneMessages, { ...e.data }], MAX_ZONE_MESSAGES) };
  },
};

export function reduce(state, event) {
  const handler = handlers[event.type];
  return handler ? handler(state, event) : state;
}

// Where to draw someone at `t` (local ms): between the two samples around it, so other
// people glide instead of jumping every 100 ms. `t` is usually now minus ~120 ms.
export function positionAt(avatar, t) {
  const s = avatar.samples;
  if (!s || s.length === 0) return { x: avatar.x, y: avatar.y };
  if (t <= s[0].t) return { x: s[0].x, y: s[0].y };
  const last = s[s.length - 1];
  if (t >= last.t) return { x: last.x, y: last.y };
  for (let i = s.length - 1; i > 0; i -= 1) {
    const a = s[i - 1];
    const b = s[i];
    if (t >= a.t && t <= b.t) {
      const k = b.t === a.t ? 1 : (t - a.t) / (b.t - a.t);
      return { x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k };
    }
  }
  return { x: last.x, y: last.y };
}

// People sorted by distance from me: what the list mode shows as "nearby". Someone whose
// connection dropped (away, within the reconnect grace) is not nearby: no ghost crowd.
export function peopleNearby(state) {
  if (!state.me) return [];
  const { x, y } = state.me;
  return Object.values(state.avatars)
    .filter((a) => !a.away)
    .map((a) => ({ ...a, distance: Math.hypot(a.x - x, a.y - y) }))
    .sort((a, b) => a.distance - b.distance || a.nickname.localeCompare(b.nickname));
}

export function zoneMessagesHere(state) {
  return state.zoneMessages.filter((m) => m.zone === state.zone && m.map_instance === state.instanceId);
}
