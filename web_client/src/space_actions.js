// What a person can do in the space, as the methods the panels call (app.invite(...),
// app.say(...)): each goes out through the connection (net.js), answers true/false, explains
// a refusal calmly, and records what the server confirmed through the reducer. App extends
// this with the wiring (connection, frame loop, panels).

import { errorText, getLang, listNames, pick, t } from "./i18n.js";
import { zoneById } from "./mapdata.js";
import { findPath } from "./pathfinding.js";
import { $ } from "./ui/dom.js";
import { crisisBox } from "./ui/crisis_box.js";

const MAX_TEXT = 500;


// An invitation that can't go out now: say what to do next. NOT_ACCEPTING is the same answer
// for a cool-down, a closed status, a block or someone gone (so it reveals none of them);
// CONFLICT means our own earlier invitation is still open.
function inviteRefusal(err, names) {
  if (err?.code === "NOT_ACCEPTING") return t("invite_not_now", { names });
  if (err?.code === "CONFLICT") return t("invite_still_open", { names });
  return null;
}

export class SpaceActions {
  send(event, payload) {
    return this.conn.send(event, payload);
  }

  // `explain(err)`: a sentence for this act that names the way forward, or nothing to use
  // the server's general message.
  async act(event, payload, explain = () => null) {
    try {
      return await this.conn.send(event, payload);
    } catch (err) {
      // A sanction or a new account's wait is said calmly, with its reason and end.
      if (!this.sanctions?.explain(err)) this.notices.error(explain(err) || errorText(err));
      return null;
    }
  }

  walkToZone(zoneId) {
    const zone = zoneById(this.map, zoneId);
    if (zone) this.walkToPoint(zone.x + zone.w / 2, zone.y + zone.h / 2, pick(zone.name));
  }

  walkToPoint(x, y, name) {
    const path = findPath(this.map, this.walker.x, this.walker.y, x, y);
    if (!path) {
      this.notices.show(t("no_way"));
      return false;
    }
    this.walker.goTo(path);
    const end = path[path.length - 1] || { x: this.walker.x, y: this.walker.y };
    this.walkTarget = { x: end.x, y: end.y, name };
    if (name) this.announcer.say(t("walking_to", { place: name }));
    return true;
  }

  async setStatus(status) {
    const data = await this.act("presence:status", { status });
    if (!data) {
      $("#status-select").value = this.state.me?.status || "just_here";
      return false;
    }
    this.dispatch({ type: "status_set", status });
    this.saveResume(true);
    return true;
  }

  async setHidden(hidden) {
    const data = await this.act("presence:hidden", { hidden });
    if (!data) return false;
    this.dispatch({ type: "hidden_set", hidden });
    this.saveResume(true);
    return true;
  }

  async emote(emoteId, to) {
    const data = await this.act("emote:send", to ? { emote: emoteId, to } : { emote: emoteId });
    return Boolean(data);
  }

  async invite(ids) {
    const names = listNames(ids.map((id) => this.nicknameOf(id)));
    const data = await this.act("contact:invite", { to: ids }, (err) => inviteRefusal(err, names));
    if (!data) return false;
    for (const id of ids) this.names.set(id, this.nicknameOf(id));
    this.dispatch({ type: "invite_sent", data: { request_id: data.request_id, invitee_ids: data.invitee_ids || ids, expires_at: data.expires_at } });
    this.notices.show(t("invite_sent", { names: listNames(ids.map((id) => this.nicknameOf(id))) }));
    return true;
  }

  toggleGroupInvite(id) {
    if (this.groupInvite.includes(id)) this.groupInvite = this.groupInvite.filter((x) => x !== id);
    else if (this.groupInvite.length >= 3) this.notices.show(t("group_full"));
    else this.groupInvite = [...this.groupInvite, id];
    this.list.renderGroup();
    this.menu.actions?.refresh();
  }

  clearGroupInvite() {
    this.groupInvite = [];
    this.list.renderGroup();
  }

  async inviteGroup() {
    const ids = this.groupInvite.filter((id) => this.state.avatars[id]);
    if (!ids.length) {
      this.clearGroupInvite();
      return false;
    }
    const ok = await this.invite(ids);
    if (ok) this.clearGroupInvite();
    return ok;
  }

  async answerInvitation(requestId, yes) {
    try {
      const data = await this.send(yes ? "contact:accept" : "contact:decline", { request_id: requestId });
      this.dispatch({ type: "request_answered", request_id: requestId });
      if (yes && data?.conversation_id) {
        if (!this.state.conversations[data.conversation_id]) this.dispatch({ type: "contact_opened", data });
        requestAnimationFrame(() => this.dock.focusConversation(data.conversation_id));
      }
      return true;
    } catch (err) {
      if (err.code === "NO_SUCH_REQUEST") this.dispatch({ type: "request_answered", request_id: requestId });
      this.notices.error(errorText(err));
      return false;
    }
  }

  async withdrawInvitation(requestId) {
    const data = await this.act("contact:withdraw", { request_id: requestId });
    if (data) this.dispatch({ type: "contact_lapsed", data: { request_id: requestId } });
    return Boolean(data);
  }

  checkText(text) {
    const clean = (text || "").trim();
    if (!clean) return null;
    if (clean.length > MAX_TEXT) {
      this.notices.error(t("text_too_long"));
      return null;
    }
    return clean;
  }

  async say(conversationId, text) {
    const clean = this.checkText(text);
    if (!clean) return false;
    return this.afterSaying(await this.act("chat:say", { conversation_id: conversationId, text: clean }));
  }

  async zoneSay(text) {
    const clean = this.checkText(text);
    if (!clean) return false;
    return this.afterSaying(await this.act("zone:say", { text: clean }));
  }

  // What the server's shield says about a sent message: what it hid and why, and, when the
  // words sound like a crisis, the support lines (calmly, in a panel that stays until closed).
  afterSaying(data) {
    if (!data) return false;
    if (data.shield) this.notices.show(pick(data.shield.message), { timeout: 12000 });
    if (data.crisis) this.showCrisis(data.crisis);
    return true;
  }

  showCrisis(notice) {
    if (!this.crisis) {
      this.crisis = crisisBox({ lang: getLang, onClose: () => this.focusMap?.(), className: "crisis-box" });
      document.body.append(this.crisis.element);
    }
    this.crisis.show(notice);
  }

  async leaveConversation(conversationId) {
    const data = await this.act("contact:leave", { conversation_id: conversationId });
    if (data) this.dispatch({ type: "conversation_dismissed", conversation_id: conversationId });
    return Boolean(data);
  }

  dismissConversation(conversationId) {
    this.dispatch({ type: "conversation_dismissed", conversation_id: conversationId });
  }

  async block(accountId) {
    const data = await this.act("block:add", { account_id: accountId });
    if (!data) return false;
    this.notices.show(t("blocked_done"));
    return true;
  }

  async unblock(accountId) {
    const data = await this.act("block:remove", { account_id: accountId });
    if (!data) return false;
    this.notices.show(t("unblocked_done"));
    return true;
  }

  openAvatarBuilder() {
    this.avatarBuilder.open();
  }

  async lookSaved(code) {
    const data = await this.act("presence:look", {});
    this.dispatch({ type: "look_set", look: data?.look || code });
    if (this.api.account) this.api.account.look = this.api.account.look || {};
    this.notices.show(t("avatar_saved"));
  }
}
