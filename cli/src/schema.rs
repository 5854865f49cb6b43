//! `covered schema <kind>`: the JSON Schema (draft 2020-12) of each file a vendor edits,
//! so that an editor validates and completes it. The schemas are the files in
//! `public/schemas/`, which the portal also serves (`/schemas/<kind>.schema.json`) and
//! the sample data names in its `"$schema"`; the test command checks that every sample
//! file agrees with its schema and that broken files are refused by both the schema and
//! `covered validate`.

/// Every kind with a schema, in the order `covered schema` lists them.
pub const KINDS: [&str; 9] = [
    "index",
    "catalog",
    "contract",
    "history",
    "outages",
    "cases",
    "request",
    "notifications",
    "mail",
];

/// The schema of `kind` (one of [`KINDS`]), as its file's text.
#[must_use]
pub fn get(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "index" => include_str!("../../public/schemas/index.schema.json"),
        "catalog" => include_str!("../../public/schemas/catalog.schema.json"),
        "contract" => include_str!("../../public/schemas/contract.schema.json"),
        "history" => include_str!("../../public/schemas/history.schema.json"),
        "outages" => include_str!("../../public/schemas/outages.schema.json"),
        "cases" => include_str!("../../public/schemas/cases.schema.json"),
        "request" => include_str!("../../public/schemas/request.schema.json"),
        "notifications" => include_str!("../../public/schemas/notifications.schema.json"),
        "mail" => include_str!("../../public/schemas/mail.schema.json"),
        _ => return None,
    })
}

/// `covered schema <kind>`'s arguments to what it prints; otherwise the usage problem
/// (exit 2), listing the kinds.
///
/// # Errors
///
/// No kind, more than one, or one there is no schema of.
pub fn main(args: &[String]) -> Result<String, String> {
    let kinds = KINDS.join(", ");
    match args {
        [kind] => get(kind)
            .map(|s| s.trim_end().to_owned())
            .ok_or_else(|| format!("schema: there is no schema of {kind:?} (kinds: {kinds})")),
        _ => Err(format!("schema takes one kind: {kinds}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_schema_and_no_other_does() {
        for kind in KINDS {
            let text = get(kind).unwrap_or_default();
            let id = format!("\"$id\": \"{kind}.schema.json\"");
            assert!(text.contains(&id), "{kind}: {id} missing");
        }
        assert_eq!(get("calendar"), None);
        let err = main(&["calendar".to_owned()]).err().unwrap_or_default();
        assert!(err.contains("index, catalog, contract"), "{err}");
    }
}
