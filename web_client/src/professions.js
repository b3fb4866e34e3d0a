// How each profession is named, everywhere (booking, consultations, cases, the console, the
// admin page): one name per profession, so a person never wonders whether the 心理士 they
// booked is the 臨床心理士・公認心理師 their case names.
export const PROFESSIONS = Object.freeze({
  psychologist: { ja: "公認心理師・臨床心理士", en: "Psychologist" },
  psychiatric_social_worker: { ja: "精神保健福祉士", en: "Psychiatric social worker" },
  public_health_nurse: { ja: "保健師", en: "Public health nurse" },
  lawyer: { ja: "弁護士", en: "Lawyer" },
  career_consultant: { ja: "キャリアコンサルタント", en: "Career consultant" },
});

export function professionName(code, lang) {
  return PROFESSIONS[code]?.[lang === "en" ? "en" : "ja"] || "";
}
