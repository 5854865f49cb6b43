//! Email notifications: which message a change or a timed event calls for, who gets
//! it, and its words — every word from the vendor's data file (`mail.json`,
//! named by the manifest's `mail`), in Korean and English, with placeholders
//! (`{sr}`, `{title}`, …) that [`Notices::render`] fills in.
//!
//! Pure: no clock, no I/O. `covered serve` decides nothing here; it reads the facts of a
//! request, asks this module for the messages and sends them. The JS API does not call
//! it, so none of it is in the calculator's wasm.

use crate::civil::DateTime;
use crate::i18n::{Lang, Text};
use crate::json::{Ctx, key};
use crate::lifecycle::Actor;
use crate::lifecycle::Record;
use crate::map::Map;
use crate::problem::{Code, Expected, Problems};
use crate::timed::What;
use serde_json::Value;

/// The schema version of the email templates file.
const SCHEMA_VERSION: u32 = 1;

/// What a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A request was filed.
    Submitted,
    /// Its status changed (not to a resolution).
    Status,
    /// A comment was added.
    Comment,
    /// A clock passed one of its warning thresholds.
    Warning,
    /// A clock's deadline passed.
    Breach,
    /// An escalation step fell due.
    Escalation,
    /// It was resolved (the notice with the satisfaction link).
    Resolved,
    /// The incident report of a restored fault is late.
    Report,
}

impl Kind {
    /// Every kind, in the file's order.
    pub const ALL: [Kind; 8] = [
        Kind::Submitted,
        Kind::Status,
        Kind::Comment,
        Kind::Warning,
        Kind::Breach,
        Kind::Escalation,
        Kind::Resolved,
        Kind::Report,
    ];

    /// As the data file and the database name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Submitted => "submitted",
            Kind::Status => "status",
            Kind::Comment => "comment",
            Kind::Warning => "warning",
            Kind::Breach => "breach",
            Kind::Escalation => "escalation",
            Kind::Resolved => "resolved",
            Kind::Report => "report",
        }
    }

    /// The placeholders its templates may use.
    fn placeholders(self) -> &'static [&'static str] {
        const COMMON: [&str; 9] = [
            "sr",
            "contract",
            "customer",
            "title",
            "requester",
            "verdict",
            "deadlines",
            "status",
            "link",
        ];
        match self {
            Kind::Submitted => &COMMON,
            Kind::Status | Kind::Comment | Kind::Resolved => &[
                "sr",
                "contract",
                "customer",
                "title",
                "requester",
                "verdict",
                "deadlines",
                "status",
                "link",
                "note",
            ],
            Kind::Warning | Kind::Breach => &[
                "sr",
                "contract",
                "customer",
                "title",
                "requester",
                "verdict",
                "deadlines",
                "status",
                "link",
                "clock",
                "percent",
                "due",
            ],
            Kind::Escalation => &[
                "sr",
                "contract",
                "customer",
                "title",
                "requester",
                "verdict",
                "deadlines",
                "status",
                "link",
                "step",
                "action",
            ],
            Kind::Report => &[
                "sr",
                "contract",
                "customer",
                "title",
                "requester",
                "verdict",
                "deadlines",
                "status",
                "link",
                "due",
                "restored",
                "within_hours",
            ],
        }
    }
}

/// Who a message goes to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum To {
    /// The account that filed the request.
    Requester,
    /// The vendor's support desk address.
    Desk,
    /// An address the notification policy names for an escalation step.
    Address(String),
}

impl To {
    /// As the data file and the database name it.
    pub fn as_str(&self) -> &str {
        match self {
            To::Requester => "requester",
            To::Desk => "desk",
            To::Address(a) => a,
        }
    }

    /// Whom an escalation step's recipient (the notification policy's) is mailed to.
    fn of_recipient(r: &crate::contract::notify::Recipient) -> To {
        use crate::contract::notify::Recipient;
        match r {
            Recipient::Customer => To::Requester,
            Recipient::Vendor => To::Desk,
            Recipient::Address(a) => To::Address(a.clone()),
        }
    }

    fn of(actor: Actor) -> To {
        match actor {
            Actor::Customer => To::Requester,
            Actor::Vendor => To::Desk,
        }
    }
}

/// One message's template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// Who gets it (an escalation goes to whom its step's `notify` names instead).
    pub to: Vec<To>,
    /// Subject line.
    pub subject: Text,
    /// Body.
    pub body: Text,
}

/// The vendor's notification texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notices {
    messages: Map<Kind, Template>,
    /// A verdict's coverage status (`covered`, …) in words.
    verdicts: Map<String, Text>,
    /// One line of `{deadlines}`: `{clock}` and `{due}`.
    deadline_line: Text,
}

/// A deadline as a message shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// The clock's name.
    pub clock: Text,
    /// When it is due (local time).
    pub due: DateTime,
}

/// What a message says about its request.
#[derive(Debug, Clone, Default)]
pub struct Facts<'a> {
    /// SR number.
    pub sr: &'a str,
    /// Contract id.
    pub contract: &'a str,
    /// The customer's name (the contract's).
    pub customer: Text,
    /// The request's title.
    pub title: &'a str,
    /// Who filed it (the filing's requester).
    pub requester: &'a str,
    /// The verdict's coverage status id (`covered`, `not_covered`, …).
    pub verdict: &'a str,
    /// Its deadlines.
    pub deadlines: Vec<Deadline>,
    /// Its status's name now.
    pub status: Text,
    /// The portal's address of the request (`https://…/sr/<contract>/<sr>`).
    pub link: &'a str,
    /// The note of a status change or the comment.
    pub note: Option<&'a str>,
    /// A timed event: what it is.
    pub timed: Option<&'a What>,
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// Subject line (one line).
    pub subject: String,
    /// Body text.
    pub body: String,
}

/// Which message a change of a request calls for: its resolution (the first time it is
/// resolved), a status change or a comment; nothing for other events (a rating, a
/// complaint) — `event` is the stored event's kind (`status`, `comment`, …).
pub fn for_change(before: &Record, after: &Record, event: &str) -> Option<Kind> {
    if before.resolved.is_none() && after.resolved.is_some() {
        return Some(Kind::Resolved);
    }
    match event {
        "status" => Some(Kind::Status),
        "comment" => Some(Kind::Comment),
        _ => None,
    }
}

/// Which message a timed event calls for: none for the close of a request left
/// unanswered, whose status change ([`for_change`]) is told instead.
pub fn for_timed(what: &What) -> Option<Kind> {
    match what {
        What::Warning { .. } => Some(Kind::Warning),
        What::Breach { .. } => Some(Kind::Breach),
        What::Escalation { .. } => Some(Kind::Escalation),
        What::Report { .. } => Some(Kind::Report),
        What::Close { .. } => None,
    }
}

/// Whether a customer who turned notices off (`all` false) still gets `kind`: only the
/// resolution notice, with its satisfaction link.
pub fn wanted(kind: Kind, all: bool) -> bool {
    all || kind == Kind::Resolved
}

/// The portal's path of a request's page, `/sr/<contract>/<sr>`, each part
/// percent-encoded (as the portal's router decodes it).
pub fn sr_path(contract: &str, sr: &str) -> String {
    format!("/sr/{}/{}", encode(contract), encode(sr))
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `2026-11-23 14:30`.
fn show(t: DateTime) -> String {
    t.to_minute_string().replacen('T', " ", 1)
}

impl Notices {
    /// The template of `kind`.
    pub fn template(&self, kind: Kind) -> Option<&Template> {
        self.messages.get(&kind)
    }

    /// Who gets the message of `kind`: the template's recipients (an escalation's: whom
    /// its step notifies), less the side that made the change (`by`), who knows.
    pub fn recipients(&self, kind: Kind, what: Option<&What>, by: Option<Actor>) -> Vec<To> {
        let mut to: Vec<To> = match what {
            Some(What::Escalation { notify, .. } | What::Report { notify, .. }) => {
                notify.iter().map(To::of_recipient).collect()
            }
            _ => self
                .messages
                .get(&kind)
                .map(|t| t.to.clone())
                .unwrap_or_default(),
        };
        if let Some(by) = by {
            to.retain(|t| *t != To::of(by));
        }
        to.sort();
        to.dedup();
        to
    }

    /// The message of `kind` about `facts`, in `lang`.
    pub fn render(&self, kind: Kind, facts: &Facts<'_>, lang: Lang) -> Mail {
        let Some(t) = self.messages.get(&kind) else {
            return Mail {
                subject: String::new(),
                body: String::new(),
            };
        };
        let value = |name: &str| self.value(name, facts, lang);
        Mail {
            subject: fill(t.subject.get(lang), &value)
                .replace(['\r', '\n'], " ")
                .trim()
                .to_owned(),
            body: fill(t.body.get(lang), &value),
        }
    }

    fn value(&self, name: &str, f: &Facts<'_>, lang: Lang) -> String {
        let timed = f.timed;
        match name {
            "sr" => f.sr.to_owned(),
            "contract" => f.contract.to_owned(),
            "customer" => f.customer.get(lang).to_owned(),
            "title" => f.title.to_owned(),
            "requester" => f.requester.to_owned(),
            "verdict" => self
                .verdicts
                .get(f.verdict)
                .map_or_else(|| f.verdict.to_owned(), |t| t.get(lang).to_owned()),
            "deadlines" => f
                .deadlines
                .iter()
                .map(|d| {
                    fill(self.deadline_line.get(lang), &|n: &str| match n {
                        "clock" => d.clock.get(lang).to_owned(),
                        "due" => show(d.due),
                        _ => String::new(),
                    })
                })
                .collect::<Vec<_>>()
                .join("\n"),
            "status" => f.status.get(lang).to_owned(),
            "link" => f.link.to_owned(),
            "note" => f.note.unwrap_or_default().to_owned(),
            "clock" => match timed {
                Some(What::Warning { clock_name, .. } | What::Breach { clock_name, .. }) => {
                    clock_name.get(lang).to_owned()
                }
                _ => String::new(),
            },
            "percent" => match timed {
                Some(What::Warning { percent, .. }) => percent.to_string(),
                Some(What::Breach { .. }) => "100".to_owned(),
                _ => String::new(),
            },
            "due" => match timed {
                Some(
                    What::Warning { due, .. } | What::Breach { due, .. } | What::Report { due, .. },
                ) => show(*due),
                _ => String::new(),
            },
            "restored" => match timed {
                Some(What::Report { restored, .. }) => show(*restored),
                _ => String::new(),
            },
            "within_hours" => match timed {
                Some(What::Report { within_hours, .. }) => within_hours.to_string(),
                _ => String::new(),
            },
            "step" => match timed {
                Some(What::Escalation { step, .. }) => step.to_string(),
                _ => String::new(),
            },
            "action" => match timed {
                Some(What::Escalation { action, .. }) => action.get(lang).to_owned(),
                _ => String::new(),
            },
            _ => String::new(),
        }
    }
}

/// `template` with each `{name}` replaced by `value(name)`; `{{` and `}}` are braces.
fn fill(template: &str, value: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        if let Some(t) = tail.strip_prefix("{{") {
            out.push('{');
            rest = t;
        } else if let Some(t) = tail.strip_prefix("}}") {
            out.push('}');
            rest = t;
        } else if let (Some(t), Some(end)) = (tail.strip_prefix('{'), tail.find('}')) {
            let name = t.get(..end.saturating_sub(1)).unwrap_or_default();
            out.push_str(&value(name));
            rest = tail.get(end.saturating_add(1)..).unwrap_or_default();
        } else {
            out.push_str(tail.get(..1).unwrap_or_default());
            rest = tail.get(1..).unwrap_or_default();
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders of `template` (`{name}`), or the first stray brace's position.
fn placeholders(template: &str) -> Result<Vec<&str>, usize> {
    let mut names = Vec::new();
    let mut i = 0;
    let bytes = template.as_bytes();
    while i < bytes.len() {
        match (bytes.get(i), bytes.get(i.saturating_add(1))) {
            (Some(b'{'), Some(b'{')) | (Some(b'}'), Some(b'}')) => i = i.saturating_add(2),
            (Some(b'{'), _) => {
                let Some(end) = template.get(i..).and_then(|t| t.find('}')) else {
                    return Err(i);
                };
                let name = template
                    .get(i.saturating_add(1)..i.saturating_add(end))
                    .unwrap_or_default();
                if name.contains('{') {
                    return Err(i);
                }
                names.push(name);
                i = i.saturating_add(end).saturating_add(1);
            }
            (Some(b'}'), _) => return Err(i),
            _ => i = i.saturating_add(1),
        }
    }
    Ok(names)
}

/// The email templates file that `index_json` (the manifest's text) names, if any.
pub fn manifest_file(index_json: &str) -> Option<String> {
    let v: Value = serde_json::from_str(index_json).ok()?;
    v.get("mail")?.as_str().map(str::to_owned)
}

/// Reads an email templates file: `schema_version`, `messages` (one template for each
/// [`Kind`]: `to`, `subject`, `body`), `verdicts` and `deadline_line`. Every problem is
/// reported with the file and the JSON path.
///
/// # Errors
///
/// Every problem found: syntax, unknown or missing fields, a missing message, an unknown
/// recipient, a placeholder the message can't fill, a stray brace.
pub fn load_notifications_json(file: &str, text: &str) -> Result<Notices, Problems> {
    let mut cx = Ctx::new(file);
    let out = cx.parse(text).and_then(|v| read(&mut cx, &v));
    match out {
        Some(n) if cx.problems.is_empty() => Ok(n),
        _ => Err(Problems(cx.problems)),
    }
}

fn read(cx: &mut Ctx, v: &Value) -> Option<Notices> {
    let m = cx.object(
        v,
        "$",
        &["schema_version", "messages", "verdicts", "deadline_line"],
    )?;
    if let Some(n) = cx.req_count(m, "$", "schema_version")
        && n != SCHEMA_VERSION
    {
        cx.report(
            "$.schema_version",
            Code::UnsupportedSchema {
                version: n,
                supported: SCHEMA_VERSION,
            },
        );
    }
    let line = cx
        .req(m, "$", "deadline_line")
        .and_then(|v| text(cx, v, "$.deadline_line", &["clock", "due"]));
    let mut verdicts = Map::new();
    match cx.req(m, "$", "verdicts") {
        Some(Value::Object(vm)) => {
            for (k, v) in vm {
                if let Some(t) = text(cx, v, &key("$.verdicts", k), &[]) {
                    verdicts.insert(k.clone(), t);
                }
            }
        }
        Some(other) => cx.expected("$.verdicts", Expected::Object, other),
        None => {}
    }
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    let mut messages = Map::new();
    if let Some(mm) = cx
        .req(m, "$", "messages")
        .and_then(|v| cx.object(v, "$.messages", &names))
    {
        for kind in Kind::ALL {
            let Some(t) = cx.req(mm, "$.messages", kind.as_str()) else {
                continue;
            };
            if let Some(t) = template(cx, t, &key("$.messages", kind.as_str()), kind) {
                messages.insert(kind, t);
            }
        }
    }
    Some(Notices {
        messages,
        verdicts,
        deadline_line: line?,
    })
}

fn template(cx: &mut Ctx, v: &Value, at: &str, kind: Kind) -> Option<Template> {
    let m = cx.object(v, at, &["to", "subject", "body"])?;
    let mut to = Vec::new();
    if let Some(list) = cx.req_array(m, at, "to") {
        let at_to = key(at, "to");
        for (i, r) in list.iter().enumerate() {
            match cx
                .one_of(r, &crate::json::idx(&at_to, i), &["requester", "desk"])
                .as_deref()
            {
                Some("requester") => to.push(To::Requester),
                Some("desk") => to.push(To::Desk),
                _ => {}
            }
        }
    }
    let allowed = kind.placeholders();
    let subject = cx
        .req(m, at, "subject")
        .and_then(|v| text(cx, v, &key(at, "subject"), allowed));
    let body = cx
        .req(m, at, "body")
        .and_then(|v| text(cx, v, &key(at, "body"), allowed));
    Some(Template {
        to,
        subject: subject?,
        body: body?,
    })
}

/// A text in both languages, `{"ko": …, "en": …}` (both required), whose placeholders are
/// among `allowed`.
fn text(cx: &mut Ctx, v: &Value, at: &str, allowed: &[&str]) -> Option<Text> {
    let m = cx.object(v, at, &["ko", "en"])?;
    let mut out = Vec::new();
    for lang in ["ko", "en"] {
        let Some(s) = cx.req_str(m, at, lang) else {
            continue;
        };
        let path = key(at, lang);
        match placeholders(&s) {
            Err(_) => cx.expected(&path, Expected::Text, &Value::String(s.clone())),
            Ok(names) => {
                for n in names {
                    if !allowed.contains(&n) {
                        cx.report(
                            &path,
                            Code::NotOneOf {
                                value: format!("{{{n}}}"),
                                options: allowed.iter().map(|a| format!("{{{a}}}")).collect(),
                            },
                        );
                    }
                }
            }
        }
        out.push(s);
    }
    let [ko, en]: [String; 2] = out.try_into().ok()?;
    Some(Text { ko, en })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::civil::datetime;

    fn sample() -> String {
        let t = |ko: &str, en: &str| serde_json::json!({"ko": ko, "en": en});
        let msg = |to: &[&str], s: (&str, &str), b: (&str, &str)| serde_json::json!({"to": to, "subject": t(s.0, s.1), "body": t(b.0, b.1)});
        serde_json::json!({
            "schema_version": 1,
            "deadline_line": t("- {clock}: {due}", "- {clock}: {due}"),
            "verdicts": {"covered": t("계약 범위 내", "Covered")},
            "messages": {
                "submitted": msg(&["requester", "desk"], ("[{sr}] 접수: {title}", "[{sr}] Received: {title}"),
                    ("{customer} {sr} {verdict}\n{deadlines}\n{link}", "{customer} {sr} {verdict}\n{deadlines}\n{link}")),
                "status": msg(&["requester", "desk"], ("[{sr}] {status}", "[{sr}] {status}"), ("{note}", "{note}")),
                "comment": msg(&["requester", "desk"], ("[{sr}] 댓글", "[{sr}] Comment"), ("{note}", "{note}")),
                "warning": msg(&["desk"], ("[{sr}] {clock} {percent}%", "[{sr}] {clock} {percent}%"), ("{due}", "{due}")),
                "breach": msg(&["desk", "requester"], ("[{sr}] {clock} 초과", "[{sr}] {clock} breached"), ("{due}", "{due}")),
                "escalation": msg(&[], ("[{sr}] {step}단계", "[{sr}] step {step}"), ("{action}", "{action}")),
                "resolved": msg(&["requester"], ("[{sr}] 해결", "[{sr}] Resolved"), ("{{만족도}} {link}", "{{rate}} {link}")),
                "report": msg(&[], ("[{sr}] 보고서 {within_hours}시간", "[{sr}] report {within_hours} h"), ("{restored} {due}", "{restored} {due}")),
            }
        })
        .to_string()
    }

    fn facts<'a>(link: &'a str, what: Option<&'a What>) -> Facts<'a> {
        Facts {
            sr: "SR-2026-0001",
            contract: "hanbit-city",
            customer: Text::new("한빛시", "Hanbit City"),
            title: "반납 불가",
            requester: "김한빛",
            verdict: "covered",
            deadlines: vec![Deadline {
                clock: Text::new("응답", "Response"),
                due: datetime(2026, 11, 23, 11, 0, 0, 0),
            }],
            status: Text::new("접수", "Received"),
            link,
            note: Some("로그를 보내 주세요"),
            timed: what,
        }
    }

    #[test]
    fn renders_each_placeholder_from_the_facts_in_either_language() {
        let n = load_notifications_json("mail.json", &sample()).unwrap();
        let f = facts("https://portal/sr/hanbit-city/SR-2026-0001", None);
        let m = n.render(Kind::Submitted, &f, Lang::Ko);
        assert_eq!(m.subject, "[SR-2026-0001] 접수: 반납 불가");
        assert_eq!(
            m.body,
            "한빛시 SR-2026-0001 계약 범위 내\n- 응답: 2026-11-23 11:00\nhttps://portal/sr/hanbit-city/SR-2026-0001"
        );
        let m = n.render(Kind::Submitted, &f, Lang::En);
        assert!(
            m.body
                .starts_with("Hanbit City SR-2026-0001 Covered\n- Response")
        );
        let m = n.render(Kind::Resolved, &f, Lang::Ko);
        assert_eq!(
            m.body,
            "{만족도} https://portal/sr/hanbit-city/SR-2026-0001"
        );
        assert_eq!(
            n.render(Kind::Status, &f, Lang::Ko).body,
            "로그를 보내 주세요"
        );
    }

    #[test]
    fn timed_events_fill_their_own_placeholders_and_escalations_go_to_whom_the_step_names() {
        let n = load_notifications_json("mail.json", &sample()).unwrap();
        let warning = What::Warning {
            clock: "response".to_owned(),
            clock_name: Text::new("응답", "Response"),
            percent: 75,
            due: datetime(2026, 11, 23, 11, 0, 0, 0),
        };
        let m = n.render(Kind::Warning, &facts("", Some(&warning)), Lang::Ko);
        assert_eq!(m.subject, "[SR-2026-0001] 응답 75%");
        assert_eq!(m.body, "2026-11-23 11:00");
        assert_eq!(
            n.recipients(Kind::Warning, Some(&warning), None),
            [To::Desk]
        );
        let step = What::Escalation {
            step: 2,
            after: crate::contract::Span::Minutes(60),
            action: Text::new("CTO 보고", "Tell the CTO"),
            notify: vec![
                crate::contract::notify::Recipient::Customer,
                crate::contract::notify::Recipient::Vendor,
            ],
        };
        assert_eq!(for_timed(&step), Some(Kind::Escalation));
        assert_eq!(
            n.recipients(Kind::Escalation, Some(&step), None),
            [To::Requester, To::Desk]
        );
        let m = n.render(Kind::Escalation, &facts("", Some(&step)), Lang::En);
        assert_eq!(
            (m.subject.as_str(), m.body.as_str()),
            ("[SR-2026-0001] step 2", "Tell the CTO")
        );
        // A late incident report: to whom the policy names, with its own times.
        let late = What::Report {
            restored: datetime(2026, 11, 23, 14, 20, 0, 0),
            within_hours: 24,
            due: datetime(2026, 11, 24, 14, 20, 0, 0),
            notify: vec![crate::contract::notify::Recipient::Vendor],
        };
        assert_eq!(for_timed(&late), Some(Kind::Report));
        assert_eq!(n.recipients(Kind::Report, Some(&late), None), [To::Desk]);
        let m = n.render(Kind::Report, &facts("", Some(&late)), Lang::Ko);
        assert_eq!(
            (m.subject.as_str(), m.body.as_str()),
            (
                "[SR-2026-0001] 보고서 24시간",
                "2026-11-23 14:20 2026-11-24 14:20"
            )
        );
    }

    #[test]
    fn the_side_that_made_a_change_is_not_told_of_it_and_a_customer_may_keep_only_the_resolution() {
        let n = load_notifications_json("mail.json", &sample()).unwrap();
        assert_eq!(
            n.recipients(Kind::Comment, None, Some(Actor::Vendor)),
            [To::Requester]
        );
        assert_eq!(
            n.recipients(Kind::Comment, None, Some(Actor::Customer)),
            [To::Desk]
        );
        assert!(wanted(Kind::Resolved, false));
        assert!(!wanted(Kind::Status, false));
        assert!(wanted(Kind::Status, true));
    }

    #[test]
    fn a_resolution_is_told_once_and_other_events_by_their_kind() {
        let at = datetime(2026, 11, 23, 10, 0, 0, 0);
        let open = Record {
            status: "received".to_owned(),
            since: at,
            responded: None,
            resolved: None,
            closed: None,
            paused_since: None,
            pauses: Vec::new(),
            rework: false,
            satisfaction: None,
        };
        let mut resolved = open.clone();
        resolved.status = "resolved".to_owned();
        resolved.resolved = Some(at);
        assert_eq!(for_change(&open, &resolved, "status"), Some(Kind::Resolved));
        assert_eq!(
            for_change(&resolved, &resolved, "status"),
            Some(Kind::Status)
        );
        assert_eq!(for_change(&open, &open, "comment"), Some(Kind::Comment));
        assert_eq!(for_change(&open, &open, "rating"), None);
    }

    #[test]
    fn the_link_is_the_portals_sr_page_encoded() {
        assert_eq!(
            sr_path("hanbit-city", "SR-2026-0199"),
            "/sr/hanbit-city/SR-2026-0199"
        );
        assert_eq!(sr_path("한", "SR 1"), "/sr/%ED%95%9C/SR%201");
    }

    #[test]
    fn bad_files_name_the_file_the_path_and_what_was_expected() {
        let mut v: Value = serde_json::from_str(&sample()).unwrap();
        v["messages"]["status"]["subject"]["ko"] = Value::from("[{sr}] {percent}");
        v["messages"]["warning"]["to"] = serde_json::json!(["boss"]);
        v["messages"]["resolved"]["body"]["en"] = Value::from("oops {link");
        v["messages"].as_object_mut().unwrap().remove("comment");
        let e = load_notifications_json("mail.json", &v.to_string()).unwrap_err();
        let shown: Vec<String> =
            e.0.iter()
                .map(|p| format!("{}: {}", p.file, p.path))
                .collect();
        assert!(
            shown.contains(&"mail.json: $.messages.status.subject.ko".to_owned()),
            "{shown:?}"
        );
        assert!(
            shown.contains(&"mail.json: $.messages.warning.to[0]".to_owned()),
            "{shown:?}"
        );
        assert!(
            shown.contains(&"mail.json: $.messages.resolved.body.en".to_owned()),
            "{shown:?}"
        );
        assert!(
            shown.contains(&"mail.json: $.messages".to_owned()),
            "{shown:?}"
        );
        assert_eq!(e.0.len(), 4, "{shown:?}");
        let bad = load_notifications_json("n.json", "{").unwrap_err();
        assert_eq!(bad.0[0].file, "n.json");
    }

    #[test]
    fn the_shipped_file_loads() {
        let text = include_str!("../../public/data/library/mail.json");
        let n = load_notifications_json("mail.json", text).unwrap();
        for k in Kind::ALL {
            assert!(n.template(k).is_some(), "{k:?}");
        }
        let index = include_str!("../../public/data/library/index.json");
        assert_eq!(manifest_file(index).as_deref(), Some("mail.json"));
    }
}
