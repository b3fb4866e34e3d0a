// Words of the account's ways back in: "I forgot my passphrase" on the landing page and the
// passphrase change in the settings. Merged into the space's dictionaries by i18n.js.

export const ACCOUNT_WORDS = {
  ja: {
    forgot_open: "あいことばを忘れたとき",
    recover_title: "回復コードで入りなおす",
    recover_intro: "アカウントを残したときに書きとめた回復コードで、新しいあいことばを決められます。ほかの端末で入っているところは、すべて退室になります。",
    recover_code: "回復コード",
    recover_code_hint: "例: K7QF-2MZX-P9HD-4WTA（小文字やハイフンなしでもかまいません）",
    new_passphrase: "新しいあいことば",
    recover_submit: "新しいあいことばにする",
    new_code_title: "新しい回復コードを書きとめてください",
    new_code_body: "さっきの回復コードはもう使えません。次に忘れたときは、この新しいコードを使います。表示されるのは、いまこの一度だけです。",
    passphrase_change_open: "あいことばを変える",
    passphrase_change_title: "あいことばを変える",
    passphrase_change_intro: "いまのあいことばと新しいあいことばを入れてください。変えると、この端末以外で入っているところは、すべて退室になります。",
    current_passphrase: "いまのあいことば",
    passphrase_change_submit: "変える",
    passphrase_changed: "あいことばを変えました。ほかの端末では退室になりました。",
  },
  en: {
    forgot_open: "I forgot my passphrase",
    recover_title: "Come back with your recovery code",
    recover_intro: "The recovery code you wrote down when you kept the account lets you choose a new passphrase. Everywhere else you are signed in will be signed out.",
    recover_code: "Recovery code",
    recover_code_hint: "For example K7QF-2MZX-P9HD-4WTA (lower case or no hyphens are fine)",
    new_passphrase: "New passphrase",
    recover_submit: "Set the new passphrase",
    new_code_title: "Please write down your new recovery code",
    new_code_body: "The code you just used no longer works. Next time you forget, use this new one. It is shown only this once.",
    passphrase_change_open: "Change passphrase",
    passphrase_change_title: "Change your passphrase",
    passphrase_change_intro: "Enter your current passphrase and a new one. Every other device where you are signed in will be signed out.",
    current_passphrase: "Current passphrase",
    passphrase_change_submit: "Change",
    passphrase_changed: "Your passphrase is changed. Other devices were signed out.",
  },
};
