// Generated from Rust by src-tauri/src/bindings.rs: do not edit.
// Regenerate with `DIARY_BLESS=1 cargo test -p symptom-diary bindings`.

/** The rated symptoms, in the order the report asks them (diary-core `Rating::ALL`). */
export const RATINGS = ["fatigue", "pain", "itching", "jaundice", "appetite_loss", "nausea", "abdominal_pain", "mouth_sores", "hand_foot", "numbness", "shortness_of_breath", "cough", "abdominal_swelling", "leg_swelling", "constipation", "insomnia", "anxiety", "low_mood", "rash"] as const;
export type Rating = (typeof RATINGS)[number];

/** The items every daily report asks (`Rating::CORE`); the rest are optional. */
export const CORE_RATINGS: readonly Rating[] = ["fatigue", "pain", "itching", "jaundice", "appetite_loss"];

/** The verbal scale, 0 (none) to `Rating::MAX` (very severe). */
export const SCALE = [0, 1, 2, 3, 4] as const;

/** The warning-sign checklist (`Sign::ALL`). */
export const SIGNS = ["dark_urine", "pale_stools", "black_stools", "vomiting_blood", "bruising", "uncontrolled_bleeding", "confusion", "chest_pain", "shivering", "unable_to_keep_fluids", "breathless_at_rest", "blood_in_stool", "day_night_reversal", "new_forgetfulness", "hand_flap", "very_thirsty", "skin_blisters"] as const;
export type Sign = (typeof SIGNS)[number];

/** The therapy classes (`Therapy::ALL`). */
export const THERAPIES = ["taxane", "capecitabine", "eribulin", "anthracycline", "platinum", "vinorelbine", "gemcitabine", "her2_antibody", "t_dxd", "t_dm1", "sacituzumab", "cdk46_inhibitor", "abemaciclib", "parp_inhibitor", "pi3k_akt_inhibitor", "checkpoint_inhibitor", "endocrine", "other"] as const;
export type Therapy = (typeof THERAPIES)[number];

/** The drugs a patient picks by name (`Drug::ALL`), in the reference's order. */
export const DRUGS = ["paclitaxel", "docetaxel", "nab_paclitaxel", "capecitabine", "eribulin", "doxorubicin", "epirubicin", "liposomal_doxorubicin", "carboplatin", "cisplatin", "vinorelbine", "gemcitabine", "trastuzumab", "pertuzumab", "trastuzumab_deruxtecan", "trastuzumab_emtansine", "sacituzumab_govitecan", "palbociclib", "ribociclib", "abemaciclib", "olaparib", "talazoparib", "alpelisib", "capivasertib", "inavolisib", "pembrolizumab", "atezolizumab", "letrozole", "anastrozole", "exemestane", "tamoxifen", "fulvestrant", "other"] as const;
export type Drug = (typeof DRUGS)[number];

/** Each drug's class (`Drug::class`): what the rules read. */
export const DRUG_CLASS: Record<Drug, Therapy> = {
  "paclitaxel": "taxane",
  "docetaxel": "taxane",
  "nab_paclitaxel": "taxane",
  "capecitabine": "capecitabine",
  "eribulin": "eribulin",
  "doxorubicin": "anthracycline",
  "epirubicin": "anthracycline",
  "liposomal_doxorubicin": "anthracycline",
  "carboplatin": "platinum",
  "cisplatin": "platinum",
  "vinorelbine": "vinorelbine",
  "gemcitabine": "gemcitabine",
  "trastuzumab": "her2_antibody",
  "pertuzumab": "her2_antibody",
  "trastuzumab_deruxtecan": "t_dxd",
  "trastuzumab_emtansine": "t_dm1",
  "sacituzumab_govitecan": "sacituzumab",
  "palbociclib": "cdk46_inhibitor",
  "ribociclib": "cdk46_inhibitor",
  "abemaciclib": "abemaciclib",
  "olaparib": "parp_inhibitor",
  "talazoparib": "parp_inhibitor",
  "alpelisib": "pi3k_akt_inhibitor",
  "capivasertib": "pi3k_akt_inhibitor",
  "inavolisib": "pi3k_akt_inhibitor",
  "pembrolizumab": "checkpoint_inhibitor",
  "atezolizumab": "checkpoint_inhibitor",
  "letrozole": "endocrine",
  "anastrozole": "endocrine",
  "exemestane": "endocrine",
  "tamoxifen": "endocrine",
  "fulvestrant": "endocrine",
  "other": "other",
};

/** The answers to "Did you reach your care team?" (`FollowUpAnswer::ALL`). */
export const FOLLOW_UP_ANSWERS = ["reached", "not_yet", "they_said"] as const;
export type FollowUpAnswer = (typeof FOLLOW_UP_ANSWERS)[number];

/** Who fills in a report (`Reporter::ALL`). */
export const REPORTERS = ["patient", "caregiver"] as const;
export type Reporter = (typeof REPORTERS)[number];

/** Alert levels, least urgent first (`Level::ALL`). */
export const LEVELS = ["none", "green", "amber", "red"] as const;
export type Level = (typeof LEVELS)[number];

/** The lab tests (`LabTest::ALL`). */
export const LAB_TESTS = ["bilirubin", "alt", "ast", "alp", "albumin", "platelets", "neutrophils"] as const;
export type LabTest = (typeof LAB_TESTS)[number];

/** The lab units as the format spells them (`LabUnit::ALL`). */
export const LAB_UNITS = ["umol/L", "mg/dL", "U/L", "g/L", "g/dL", "10^9/L", "10^3/uL"] as const;
export type LabUnit = (typeof LAB_UNITS)[number];

/** How each unit is written for a person (`LabUnit::symbol`). */
export const LAB_UNIT_SYMBOLS: Record<LabUnit, string> = {
  "umol/L": "µmol/L",
  "mg/dL": "mg/dL",
  "U/L": "U/L",
  "g/L": "g/L",
  "g/dL": "g/dL",
  "10^9/L": "×10⁹/L",
  "10^3/uL": "×10³/µL",
};

/** The languages the app ships (`messages::LANGUAGES`). */
export const LANGUAGES = ["en", "ru", "uz"] as const;
export type Language = (typeof LANGUAGES)[number];

/** The phone lines a result may show (`messages::Line`). */
export const LINES = ["line_24h", "emergency", "care_team"] as const;
export type Line = (typeof LINES)[number];

/** The rule ids of the clinical reference (`RuleId::ALL`). */
export const RULE_IDS = ["R-FEVER", "R-HYPOTHERMIA", "R-RIGORS", "R-CHOLANGITIS", "R-CHEST", "R-BREATH", "R-CONFUSION", "R-GI-BLEED", "R-BLEED", "R-FLUIDS", "R-DIARRHOEA", "R-MOUTH", "R-SKIN", "R-JAUNDICE-PLUS", "R-TWO-AMBER", "A-JAUNDICE-NEW", "A-CHOLESTASIS", "A-ASCITES", "A-DIARRHOEA", "A-DIARRHOEA-ABEMA", "A-DIARRHOEA-SACI", "A-COLITIS-ICI", "A-BLOOD-STOOL", "A-EARLY-HE", "A-RASH", "A-THIRST", "A-VOMIT", "A-SEVERE", "A-WORSE", "A-PNEUMONITIS", "A-HAND-FOOT", "A-MOUTH", "A-NEUROPATHY", "A-BRUISING", "A-LAB", "A-NO-REPORT", "A-SELF-HARM", "A-FUNCTION", "G-SELF-CARE", "G-WEIGHT-LOSS", "G-MOOD", "G-LAB", "G-EATING", "G-SOCIAL", "G-CAREGIVER"] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** What an alert can be about (`Subject::ALL`). */
export const SUBJECTS = ["temperature", "cholangitis", "chest", "lungs", "confusion", "bleeding", "stomach", "bowel", "mouth_sores", "liver", "escalation", "fluid", "hand_foot", "numbness", "labs", "reporting", "weight", "fatigue", "pain", "itching", "appetite_loss", "abdominal_pain", "leg_swelling", "constipation", "insomnia", "anxiety", "low_mood", "skin", "thirst", "mood", "function", "eating", "social", "caregiver"] as const;
export type Subject = (typeof SUBJECTS)[number];

/** Every error code that crosses IPC (`ErrorCode::ALL`). */
export const ERROR_CODES = ["invalid_field", "newer_diary", "not_a_diary", "damaged_diary", "key_missing", "io", "storage", "diary_busy", "disk_full", "sync_off", "network", "server_error", "rejected", "unauthorized", "conflict", "not_found", "protocol", "sync_running", "time_up", "sign_in_needed"] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The weekly check-in's questions, in the order it asks them (`CheckinItem::ALL`). */
export const CHECKIN_ITEMS = ["phq2_interest", "phq2_down", "gad2_nervous", "gad2_worry", "self_harm", "function", "social", "eating", "caregiver_strain"] as const;
export type CheckinItem = (typeof CHECKIN_ITEMS)[number];

/** Each check-in question's answers (0 … `max`, named `checkin.scale.<scale>.<n>`) and who is asked it (`CheckinItem::max`, `scale`, `asked_of`). */
export const CHECKIN_QUESTIONS: Record<CheckinItem, { max: number; scale: string; askedOf: readonly Reporter[] }> = {
  phq2_interest: { max: 3, scale: "frequency", askedOf: ["patient"] },
  phq2_down: { max: 3, scale: "frequency", askedOf: ["patient"] },
  gad2_nervous: { max: 3, scale: "frequency", askedOf: ["patient"] },
  gad2_worry: { max: 3, scale: "frequency", askedOf: ["patient"] },
  self_harm: { max: 1, scale: "yes_no", askedOf: ["patient"] },
  function: { max: 4, scale: "function", askedOf: ["patient", "caregiver"] },
  social: { max: 4, scale: "social", askedOf: ["patient", "caregiver"] },
  eating: { max: 3, scale: "eating", askedOf: ["patient", "caregiver"] },
  caregiver_strain: { max: 4, scale: "strain", askedOf: ["caregiver"] },
};

/** The PHQ-2 total from which the self-harm question is asked (`SELF_HARM_ASKED_FROM_PHQ2`). */
export const SELF_HARM_ASKED_FROM_PHQ2 = 3;

/** Days after a check-in until the next is due (`CHECKIN_DUE_DAYS`). */
export const CHECKIN_DUE_DAYS = 7;

/** The questions of the escalation ladder (`followup::Question::ALL`). */
export const FOLLOW_UP_QUESTIONS = ["contact", "talk"] as const;
export type FollowUpQuestion = (typeof FOLLOW_UP_QUESTIONS)[number];

/** The records an alert's ladder follows (`followup::Record::KINDS`). */
export const RECORD_KINDS = ["report", "checkin", "lab"] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** The days of the week, Monday first (`Weekday::ALL`). */
export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The days of the care team's office hours as the format spells them, Monday first (`OfficeDay::ALL`). */
export const OFFICE_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type OfficeDay = (typeof OFFICE_DAYS)[number];

/** The periods trends can be drawn over, in days, the default first (`store::TREND_PERIODS_DAYS`). */
export const TREND_PERIODS_DAYS = [30, 7, 90] as const;

export type IpcError = { code: ErrorCode, message: string, 
/**
 * The wrong field, when the error is about one (e.g. `report.temperature_c`).
 */
field?: string, };

export type SettingsDto = { language: Language, userRole: Reporter, teamPhone: string | null, line24hPhone: string | null, emergencyPhone: string | null, reminderTime: string | null, remindersOn: boolean, onboarded: boolean, 
/**
 * The treatments picked by name.
 */
drugs: Drug[], 
/**
 * Classes saved without a drug name (an older diary, an import), kept until named.
 */
therapies: Therapy[], usualStoolsPerDay: number | null, baselineWeightKg: number | null, biliaryStent: boolean | null, 
/**
 * The care team's fever threshold in °C; `None` uses the ruleset's default.
 */
feverThresholdC: number | null, 
/**
 * The day of the weekly check-in's reminder (at the daily reminder's time).
 */
checkinDay: Weekday, 
/**
 * The care team's office hours (a team setting); `None`: not set, and an amber gives
 * the 24-hour line first.
 */
officeHours: OfficeHoursDto | null, };

export type OfficeHoursDto = { days: OfficeDay[], open: string, close: string, };

export type StatusDto = { settings: SettingsDto, treatments: TreatmentsDto, 
/**
 * The escalation ladders of the red and amber reports of the last three days that
 * have not ended, newest first; the home screen shows a card for those with `show`.
 */
ladders: Array<LadderDto>, 
/**
 * At a glance, for the caregiver (and the patient): missed days, the next reminder,
 * the week's calls.
 */
glance: GlanceDto, lastReportAt: string | null, 
/**
 * A-NO-REPORT, when the core says it applies now.
 */
noReport: AlertDto | null, recent: Array<ReportDto>, 
/**
 * The latest weekly check-in, with its triage.
 */
latestCheckin: CheckinDto | null, 
/**
 * Whether a check-in is due: none yet, or the latest is 7 days old or more.
 */
checkinDue: boolean, 
/**
 * Replies from the care team the patient has not seen yet.
 */
unreadReplies: number, };

export type TreatmentsDto = { 
/**
 * "Are you still on these treatments?" is due (every 28 days).
 */
reviewDue: boolean, 
/**
 * "Which CDK4/6 tablet do you take?" is to be asked (once).
 */
asksWhichCdk46: boolean, 
/**
 * The drugs that answer it, in order.
 */
cdk46Drugs: Drug[], 
/**
 * The drugs picked by name, in the patient's language.
 */
drugNames: Array<string>, 
/**
 * One card per listed class.
 */
cards: Array<TherapyCardDto>, };

export type TherapyCardDto = { therapy: Therapy, title: string, watch: string, infection: string | null, };

export type FollowUpDto = { at: string, answer: FollowUpAnswer, 
/**
 * The answer in the patient's language, with what the team said.
 */
words: string, };

export type LadderDto = { 
/**
 * The record followed up: `report`, `checkin` or `lab`, and its row id.
 */
kind: RecordKind, id: number, 
/**
 * The question it asks, which the answer names.
 */
questionKind: FollowUpQuestion, 
/**
 * When the record was made (RFC 3339).
 */
recordedAt: string, 
/**
 * The report, when the record is one (the alert screen after "not yet").
 */
report: ReportDto | null, 
/**
 * The check-in, when the record is one.
 */
checkin: CheckinDto | null, 
/**
 * The level shown (red once an amber is upgraded).
 */
level: Level, 
/**
 * Whether the home screen shows a card for it now.
 */
show: boolean, 
/**
 * The question asked now, when one is.
 */
question: string | null, 
/**
 * The lines shown with it, most urgent first.
 */
lines: Array<string>, 
/**
 * The numbers to call, emergency services first once the ladder says so.
 */
calls: Array<CallDto>, emergencyFirst: boolean, 
/**
 * After "not yet" on a red: what the red screen says again (`None` otherwise).
 */
notYetWords: string | null, };

export type StandingDto = { state: "not_sent" | "waiting" | "sent" | "not_opened" | "seen", 
/**
 * The moment it names (sent, seen), RFC 3339.
 */
at: string | null, 
/**
 * The words, without the moment (the window writes it on the patient's clock).
 */
words: string, };

export type MessageDto = { id: number, 
/**
 * From the care team (a reply), or the patient's side.
 */
fromTeam: boolean, 
/**
 * When it was written (RFC 3339).
 */
at: string, 
/**
 * A reply: who in the team wrote it.
 */
author: string | null, text: string, 
/**
 * The photo sent with it, as a `data:` URL the window shows (its own, already
 * stripped of metadata); `None` without one.
 */
photo: string | null, 
/**
 * A reply the patient had not seen before this screen opened.
 */
new: boolean, };

export type MessagesDto = { 
/**
 * Oldest first.
 */
items: Array<MessageDto>, 
/**
 * "A message is not for anything urgent…", with the numbers.
 */
notACall: string, 
/**
 * The numbers to call instead (the 24-hour line and the emergency number).
 */
calls: Array<CallDto>, 
/**
 * Whether sync is on: off, nobody reads a message until it is.
 */
syncOn: boolean, };

export type MessageInput = { text: string, 
/**
 * The chosen photo's bytes, base64 (the window reads the file the user picked).
 */
photo: string | null, };

export type InboxMessageDto = { 
/**
 * The message's uid (`message-…`), which a reply names.
 */
uid: string, 
/**
 * The Patient it is from (`Patient/<id>`).
 */
patientRef: string, sent: string, text: string, 
/**
 * The photo as a `data:` URL, when one came with it.
 */
photo: string | null, 
/**
 * The replies written to it, oldest first.
 */
replies: Array<InboxReplyDto>, };

export type InboxReplyDto = { author: string | null, text: string, };

export type GlanceDto = { 
/**
 * The days of the last two weeks with no report (`YYYY-MM-DD`), oldest first.
 */
missedDays: Array<string>, 
/**
 * When the next daily reminder comes (local time, `YYYY-MM-DDTHH:MM`), if on.
 */
nextReminder: string | null, 
/**
 * Red and amber alerts of the last 7 days, newest first.
 */
recentAlerts: Array<AlertDto>, };

export type CycleDto = { 
/**
 * The cycle from 1; `None` for a continuous treatment.
 */
cycle: number | null, 
/**
 * The day of the cycle (or of the continuous course) from 1.
 */
day: number, };

export type CourseDto = { id: string, drugs: Drug[], 
/**
 * The drugs in the patient's language.
 */
drugNames: Array<string>, startedOn: string, cycleDays: number | null, endedOn: string | null, 
/**
 * The first day of each cycle up to `until` (or the end), `YYYY-MM-DD`, with its number.
 */
cycleStarts: Array<CycleStartDto>, };

export type CycleStartDto = { on: string, cycle: number | null, };

export type CourseInput = { drugs: Drug[], 
/**
 * `YYYY-MM-DD`.
 */
startedOn: string, cycleDays: number | null, };

export type QuestionDto = { id: string, addedAt: string, text: string, };

export type ReportInput = { ratings: Partial<Record<Rating, number>>, stoolsAboveUsual?: number, vomitingEpisodes?: number, temperatureC?: number, weightKg?: number, signs: Sign[], 
/**
 * "None of these" on the warning-sign checklist.
 */
noneOfTheSigns: boolean, note?: string, };

export type CheckinInput = { phq2?: [number, number], gad2?: [number, number], selfHarmThoughts?: boolean, function?: number, social?: number, eating?: number, caregiverStrain?: number, };

export type CheckinDto = { id: number, answeredAt: string, reporter: Reporter, phq2: [number, number] | null, gad2: [number, number] | null, phq2Total: number | null, gad2Total: number | null, selfHarmThoughts: boolean | null, function: number, social: number, eating: number, caregiverStrain: number | null, 
/**
 * When the care team acknowledged this check-in's alert (the latest), once known.
 */
seenByTeamAt: string | null, 
/**
 * Where its alerts stand (amber only).
 */
standing: StandingDto | null, level: Level, ruleset: string, headline: string, calls: Array<CallDto>, alerts: Array<AlertDto>, };

export type AlertDto = { rule: RuleId, level: Level, subject: Subject, 
/**
 * The subject in the user's language.
 */
subjectName: string, 
/**
 * What triggered it (the core's plain words with the numbers).
 */
detail: string, 
/**
 * What the alert means and what to do.
 */
message: string, advice: string | null, };

export type CallDto = { line: Line, label: string, 
/**
 * The number, or the words that say it is not set.
 */
text: string, numberSet: boolean, };

export type ReportDto = { id: number, recordedAt: string, reporter: Reporter, ratings: Partial<Record<Rating, number>>, stoolsAboveUsual: number | null, vomitingEpisodes: number | null, temperatureC: number | null, weightKg: number | null, signs: Sign[], note: string | null, 
/**
 * Whether the warning-sign checklist was answered.
 */
screened: boolean, 
/**
 * When the care team acknowledged this report's alert (the latest), once known.
 */
seenByTeamAt: string | null, 
/**
 * Where its alerts stand (red and amber only).
 */
standing: StandingDto | null, 
/**
 * Where its day falls in the treatment courses, when the caller asked.
 */
cycle: CycleDto | null, level: Level, ruleset: string, headline: string, calls: Array<CallDto>, alerts: Array<AlertDto>, };

export type SavedAlertDto = { 
/**
 * The report that raised it; `null` for a lab-only alert.
 */
reportId: number | null, 
/**
 * For a lab-only alert, the lab result whose entry raised it; `null` for a report's.
 */
lab: LabDto | null, 
/**
 * When its report was recorded, or when its lab result was entered.
 */
recordedAt: string, alert: AlertDto, 
/**
 * When the care team acknowledged this alert, once sync has heard so.
 */
seenByTeamAt: string | null, 
/**
 * The answers to "Did you reach your care team?" about its report, oldest first
 * (none for a lab-only alert: the answers are kept per report).
 */
followUps: Array<FollowUpDto>, 
/**
 * Where its report's day, or its lab result's `taken_on`, falls in the treatment
 * courses.
 */
cycle: CycleDto | null, };

export type TrendPoint = { id: number, recordedAt: string, ratings: Partial<Record<Rating, number>>, temperatureC: number | null, weightKg: number | null, level: Level, 
/**
 * The ratings whose subject has an amber or red alert in this report (a jaundice
 * rating is flagged by an alert on `liver`), for marking the charts.
 */
flaggedRatings: Rating[], 
/**
 * Where the report's day falls in the treatment courses ("cycle 2, day 5").
 */
cycle: CycleDto | null, };

export type LabTestDto = { test: LabTest, 
/**
 * Only these units are offered for the test (the core's `LabTest::units`).
 */
units: LabUnit[], needsRefHigh: boolean, needsRefLow: boolean, };

export type LabDto = { test: LabTest, value: number, unit: LabUnit, 
/**
 * `YYYY-MM-DD`.
 */
takenOn: string, refLow?: number | null, refHigh?: number | null, baseline?: number | null, };

export type LabsDto = { tests: Array<LabTestDto>, results: Array<LabDto>, 
/**
 * After a result is saved: what it means, at once (A-LAB, G-LAB).
 */
entered: TriageDto | null, 
/**
 * After a result whose triage is amber or red: what became of the alert, in the
 * user's language (kept and sent at the next sync, or nobody else sees it).
 */
kept?: string | null, };

export type TriageDto = { level: Level, ruleset: string, headline: string, calls: Array<CallDto>, alerts: Array<AlertDto>, };

export type SyncDto = { enabled: boolean, serverUrl: string | null, patient: string | null, tokenSaved: boolean, status: SyncStatusDto, };

export type SyncStatusDto = { enabled: boolean, lastSentAt: string | null, waiting: number, lastErrorCode: ErrorCode | null, 
/**
 * The core's plain words (English), shown under the translated summary.
 */
lastError: string | null, lastErrorAt: string | null, 
/**
 * Entries set aside after the server refused them again and again.
 */
setAside: number, 
/**
 * What to say about them, in the diary's language; `null` when none is set aside.
 */
setAsideWords: SetAsideWordsDto | null, };

export type SetAsideWordsDto = { headline: string, whatToDo: string, 
/**
 * The button that tries them again.
 */
tryAgain: string, };

export type SyncInput = { enabled: boolean, serverUrl: string | null, patient: string | null, token?: string, removeToken: boolean, };

export type PatientCheckDto = { state: string, words: string, name: string | null, birthYear: number | null, createAllowed: boolean, };

export type InboxItemDto = { 
/**
 * The Task's id: what acknowledging takes.
 */
id: string, level: Level, rule: string, subject: string, 
/**
 * The subject in the user's language.
 */
subjectName: string, detail: string, 
/**
 * The patient's hospital number (the identifier's value).
 */
patient: string | null, recordedAt: string | null, report: Array<string>, note: string | null, 
/**
 * The patient's answers to "Did you reach your care team?" about this alert, oldest
 * first: when (RFC 3339) and the patient's own words.
 */
followups: Array<InboxFollowUpDto>, 
/**
 * The Task's version when it was read: acknowledging sends it back (`If-Match`), so a
 * change made meanwhile is never overwritten.
 */
version: string | null, 
/**
 * `requested` (nobody has seen it), `accepted` (seen) or `completed` (closed).
 */
status: string, 
/**
 * When the alert reached the server (RFC 3339).
 */
authoredOn: string | null, 
/**
 * A red nobody has acknowledged for 30 minutes or more (`diary_sync::panel::OVERDUE_AFTER`).
 */
overdue: boolean, seenAt: string | null, seenBy: string | null, 
/**
 * The care team's notes on it (written when acknowledging), oldest first.
 */
notes: Array<TaskNoteDto>, };

export type InboxFollowUpDto = { answeredAt: string, 
/**
 * `reached`, `not-yet` or `they-said`.
 */
answer: string, words: string, };

export type TaskNoteDto = { text: string, by: string | null, at: string | null, };

export type PanelRowDto = { 
/**
 * `Patient/<id>` on the server: what the patient page takes.
 */
patientRef: string, 
/**
 * The patient's hospital number (the identifier's value).
 */
identifier: string | null, name: string | null, birthYear: number | null, openRed: number, openAmber: number, unseen: number, overdueRed: number, lastReportAt: string | null, lastReportLevel: Level | null, 
/**
 * No report for three days (or an open A-NO-REPORT alert).
 */
noReport: boolean, lastCheckinAt: string | null, lastCheckin: Array<string>, };

export type PatientPageDto = { row: PanelRowDto, reports: Array<TrendPoint>, alerts: Array<InboxItemDto>, };

export type WatchDto = { 
/**
 * Reds that reached the server since the last look (none on the first look: those
 * are on the screen already).
 */
newReds: number, };

export type SessionDto = { signedIn: boolean, 
/**
 * `patient` or `clinician`.
 */
role: string | null, 
/**
 * "Patient/123" or the `fhirUser` the sign-in server named.
 */
who: string | null, since: string | null, 
/**
 * Whether the app can renew the sign-in by itself (a refresh token is kept).
 */
canRefresh: boolean, 
/**
 * `keyring`, or `file` when no keyring could be used.
 */
keptIn: string | null, };

export type SignOutDto = { session: SessionDto, 
/**
 * `ended` (the server ended the sign-in too), `not_offered` (it offers no way to),
 * `failed` (it could not be reached or said no); none when nobody was signed in.
 */
atServer: string | null, };

export type BackupDto = { 
/**
 * When it was taken, RFC 3339 (UTC).
 */
takenAt: string, name: string, };

export type RestoredDto = { 
/**
 * When the restored backup was taken, RFC 3339 (UTC).
 */
takenAt: string, 
/**
 * The diary could not be opened before, so the app must start again to use it.
 */
restartNeeded: boolean, 
/**
 * The backups now, newest first (with the one of the diary as it was).
 */
backups: Array<BackupDto>, };
