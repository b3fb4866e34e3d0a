// What the space does with each server event: the state change goes through the reducer
// (app.dispatch), and around it the few things that are not state: the walker's position,
// the resume point, spoken announcements. Board and support events go on to their panels.

import { listNames, pick, t } from "./i18n.js";

export function applyServerEvent(app, name, data) {
  const at = performance.now();
  const prev = app.state;
  switch (name) {
    case "world:snapshot": {
      app.dispatch({ type: "snapshot", data, at });
      const { you } = data;
      app.walker.reset(you.x, you.y, you.dir);
      app.walkTarget = null;
      app.markPosition(you.x, you.y);
      app.canvas.dataset.selfId = you.id;
      app.canvas.dataset.instance = data.instance_id;
      app.saveResume(true);
      if (!app.greeted) {
        app.greeted = true;
        const n = Object.keys(app.state.avatars).length;
        app.announcer.say(n ? t("announce_present", { n }) : t("announce_alone"));
      }
      break;
    }
    case "world:batch":
      app.dispatch({ type: "batch", data, at });
      if (data.you) {
        app.markPosition(data.you[0], data.you[1]);
        app.saveResume();
      }
      for (const raw of data.enter || []) {
        if (!prev.avatars[raw.id] && raw.id !== app.state.me?.id) app.announcer.arrived(raw.nickname);
      }
      break;
    case "world:place": // a signed place for where we stopped walking
      app.dispatch({ type: "place", place: data.place });
      app.saveResume(true);
      break;
    case "world:correct":
      app.walker.reset(data.x, data.y);
      app.walkTarget = null;
      app.dispatch({ type: "corrected", x: data.x, y: data.y });
      app.markPosition(data.x, data.y);
      break;
    case "emote:shown": {
      app.dispatch({ type: "emote_shown", data, at });
      if (data.from !== app.state.me?.id) {
        const emote = app.emotes.find((e) => e.id === data.emote);
        app.announcer.say(t("announce_emote", { name: app.nicknameOf(data.from), emote: emote ? pick(emote) : "" }));
      }
      break;
    }
    case "contact:request":
      app.names.set(data.from.account_id, data.from.nickname);
      app.dispatch({ type: "contact_request", data });
      app.announcer.say(t("announce_invitation", { name: data.from.nickname }));
      break;
    case "contact:opened": {
      app.dispatch({ type: "contact_opened", data });
      const others = data.members.filter((m) => m.account_id !== app.state.me?.id).map((m) => m.nickname);
      app.announcer.say(t("conv_opened", { names: listNames(others) }));
      break;
    }
    case "contact:joined":
      app.dispatch({ type: "contact_joined", data });
      app.announcer.say(t("conv_joined", { name: data.member.nickname }));
      break;
    case "contact:left":
      app.dispatch({ type: "contact_left", data });
      break;
    case "contact:closed":
      app.dispatch({ type: "contact_closed", data });
      app.announcer.say(t("conv_closed"));
      break;
    case "contact:lapsed": {
      // For the inviter an invitation only ever lapses: nobody is ever told "declined".
      const mine = prev.sent.some((r) => r.request_id === data.request_id);
      app.dispatch({ type: "contact_lapsed", data });
      if (mine) app.notices.show(t("invite_lapsed"));
      break;
    }
    case "chat:message":
      app.dispatch({ type: "chat_message", data });
      if (data.sender_id !== app.state.me?.id) app.announcer.say(t("announce_message", { name: data.sender_nickname, text: data.text }));
      break;
    case "chat:zone_message":
      app.dispatch({ type: "zone_message", data });
      if (data.sender_id !== app.state.me?.id) app.announcer.say(t("announce_message", { name: data.sender_nickname, text: data.text }));
      break;
    case "presence:hidden_count":
    case "presence:reveal_ended":
      app.reveal.onServerEvent(name, data);
      break;
    default:
      if (name.startsWith("board:")) app.boards.onServerEvent(name, data);
      if (name.startsWith("event:")) app.events.onServerEvent(name, data);
      app.support.onServerEvent(name, data);
      break;
  }
}
