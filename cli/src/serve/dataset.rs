//! The part of the data directory a caller may read (`GET /api/dataset`): the catalog,
//! and for each of the caller's contracts its contract file and its history and outage
//! files, with an `index.json` that names only those — so the portal loads it as it loads
//! a data directory, and a customer never receives another customer's contract.

use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The data directory's files, sorted by the contract they belong to.
#[derive(Debug, Clone, Default)]
pub struct Published {
    /// `schema_version` of the directory's index.json.
    schema_version: Value,
    /// The catalog's file name and text.
    catalog: (String, String),
    /// Per contract id: its files by the index.json list they are in.
    contracts: BTreeMap<String, ContractFiles>,
}

/// One contract's files: name and text each.
#[derive(Debug, Clone, Default)]
struct ContractFiles {
    contracts: Vec<(String, String)>,
    histories: Vec<(String, String)>,
    outages: Vec<(String, String)>,
}

impl Published {
    /// Sorts a loaded (so already validated) data directory's `files` by contract.
    ///
    /// # Errors
    ///
    /// When index.json or a file it names can't be read (not for a directory that loaded).
    pub fn new(files: &covered_core::map::Map<String, String>) -> Result<Published, String> {
        let index: Value = files
            .get("index.json")
            .and_then(|t| serde_json::from_str(t).ok())
            .ok_or("index.json: unreadable")?;
        let text = |name: &str| {
            files
                .get(name)
                .cloned()
                .ok_or_else(|| format!("{name}: named in index.json but missing"))
        };
        let catalog_name = index
            .get("catalog")
            .and_then(Value::as_str)
            .ok_or("index.json: $.catalog: missing")?;
        let mut out = Published {
            schema_version: index.get("schema_version").cloned().unwrap_or(json!(1)),
            catalog: (catalog_name.to_owned(), text(catalog_name)?),
            contracts: BTreeMap::new(),
        };
        for (list, owner_field) in [
            ("contracts", "id"),
            ("histories", "contract"),
            ("outages", "contract"),
        ] {
            let names = index.get(list).and_then(Value::as_array).cloned();
            for name in names.unwrap_or_default() {
                let Some(name) = name.as_str() else { continue };
                let body = text(name)?;
                let owner = serde_json::from_str::<Value>(&body)
                    .ok()
                    .and_then(|v| v.get(owner_field)?.as_str().map(str::to_owned))
                    .ok_or_else(|| format!("{name}: $.{owner_field}: missing"))?;
                let entry = out.contracts.entry(owner).or_default();
                let files = match list {
                    "contracts" => &mut entry.contracts,
                    "histories" => &mut entry.histories,
                    _ => &mut entry.outages,
                };
                files.push((name.to_owned(), body));
            }
        }
        Ok(out)
    }

    /// `schema_version` of the data directory's index.json.
    pub fn schema_version(&self) -> &Value {
        &self.schema_version
    }

    /// The catalog's text.
    pub fn catalog_text(&self) -> &str {
        &self.catalog.1
    }

    /// The name and text of contract `id`'s file.
    pub fn contract_file(&self, id: &str) -> Option<(&str, &str)> {
        let (name, text) = self.contracts.get(id)?.contracts.first()?;
        Some((name, text))
    }

    /// The text of contract `id`'s file.
    pub fn contract_text(&self, id: &str) -> Option<&str> {
        self.contract_file(id).map(|(_, t)| t)
    }

    /// `{"files": {name: text}}` for the contracts `visible`: index.json (naming just
    /// these files), the catalog and each visible contract's files.
    pub fn view(&self, visible: &[String]) -> Value {
        let mut files = serde_json::Map::new();
        let mut lists: [Vec<&str>; 3] = Default::default();
        for id in visible {
            let Some(c) = self.contracts.get(id) else {
                continue;
            };
            for (list, group) in lists
                .iter_mut()
                .zip([&c.contracts, &c.histories, &c.outages])
            {
                for (name, text) in group {
                    list.push(name);
                    files.insert(name.clone(), Value::String(text.clone()));
                }
            }
        }
        let [contracts, histories, outages] = lists;
        let index = json!({
            "schema_version": self.schema_version,
            "catalog": self.catalog.0,
            "contracts": contracts,
            "histories": histories,
            "outages": outages,
        });
        files.insert(
            self.catalog.0.clone(),
            Value::String(self.catalog.1.clone()),
        );
        files.insert("index.json".to_owned(), Value::String(index.to_string()));
        json!({ "files": files })
    }
}
