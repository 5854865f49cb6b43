//! Writes the TypeScript declarations of the JS API's answers, derived from
//! covered-core's types and their serde attributes, to the file given (stdout without
//! one): `cargo run -p covered-core --features ts --example typescript -- types.d.ts`.
//! Every type the roots below name, each once, dependencies first. `cargo xtask jspkg`
//! ships them as the package's `types.d.ts`.

use std::any::TypeId;
use std::collections::BTreeSet;

use ts_rs::{Config, TS, TypeVisitor};

/// Gathers declarations depth-first.
struct Gather<'c> {
    cfg: &'c Config,
    seen: BTreeSet<TypeId>,
    out: Vec<String>,
}

impl TypeVisitor for Gather<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_none() || !self.seen.insert(TypeId::of::<T::WithoutGenerics>()) {
            return;
        }
        T::visit_dependencies(self);
        let decl = T::decl(self.cfg);
        let doc = T::docs()
            .map(|d| format!("{}\n", d.trim_end()))
            .unwrap_or_default();
        self.out.push(format!("{doc}export {decl}"));
    }
}

fn main() {
    let cfg = Config::new();
    let mut g = Gather {
        cfg: &cfg,
        seen: BTreeSet::new(),
        out: Vec::new(),
    };
    // The answers of the JS API, each named as covered-js declares it.
    g.visit::<covered_core::api::Summary>();
    g.visit::<covered_core::verdict::Verdict>();
    g.visit::<covered_core::admission::Admission>();
    g.visit::<covered_core::api::DeadlineOutput>();
    g.visit::<covered_core::api::HolidayOutput>();
    g.visit::<covered_core::credits::MonthStatement>();
    g.visit::<covered_core::credits::YearStatement>();
    g.visit::<covered_core::api::Quote>();
    g.visit::<covered_core::compare::Comparison>();
    g.visit::<covered_core::lifecycle::Lifecycle>();
    g.visit::<covered_core::lifecycle::Record>();
    g.visit::<covered_core::lifecycle::Action>();
    g.visit::<covered_core::lifecycle::Event>();
    g.visit::<covered_core::lifecycle::Refusal>();
    g.visit::<covered_core::filing::Filing>();
    g.visit::<covered_core::problem::Problem>();
    let text = format!(
        "// Generated from covered-core's types by its `typescript` example: do not edit.\n\n{}\n",
        g.out.join("\n\n")
    );
    match std::env::args_os().nth(1) {
        Some(path) => {
            if let Err(e) = std::fs::write(&path, text) {
                eprintln!("{}: {e}", std::path::Path::new(&path).display());
                std::process::exit(1);
            }
        }
        None => print!("{text}"),
    }
}
