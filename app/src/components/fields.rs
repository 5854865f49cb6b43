//! The request's fields: contract, branch, product, category and the category's
//! questions. Which questions show comes from the engine's `visible_questions`.

use std::sync::Arc;

use covered_core::contract::{DataSet, QuestionKind};
use leptos::prelude::*;
use serde_json::Value;

use crate::form::{Draft, Questions};
use crate::i18n::{UiText, use_i18n};
use crate::state::use_portal;

/// Which groups of fields [`RequestFields`] shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Contract and branch.
    Who,
    /// Product and version.
    Product,
    /// Request category.
    Category,
    /// The category's questions.
    Questions,
}

/// Select boxes and inputs bound to `draft`.
#[component]
pub fn RequestFields(
    /// The data set the options come from.
    data: Arc<DataSet>,
    /// The request being edited.
    draft: RwSignal<Draft>,
    /// Which questions show, still want an answer, or were refused (from the verdict).
    questions: Questions,
    /// Which parts to show.
    parts: Vec<Part>,
) -> impl IntoView {
    let i18n = use_i18n();
    let category = questions.category;
    let mut out = Vec::new();
    for part in parts {
        let data = data.clone();
        out.push(match part {
            Part::Who => {
                let d2 = data.clone();
                // An account limited to one branch checks and asks for that branch only.
                let portal = use_portal();
                let own_branch = move || portal.session().and_then(|s| s.branch);
                Effect::new(move |_| {
                    if let Some(b) = own_branch()
                        && draft.with(|d| d.branch != b)
                    {
                        draft.update(|d| d.branch = b);
                    }
                });
                view! {
                    <div class="field">
                        <label for="f-contract">{i18n.text(UiText::FieldContract)}</label>
                        <select id="f-contract" data-testid="f-contract"
                            prop:value=move || draft.get().contract
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                draft.update(|d| { d.contract = v; d.branch.clear(); d.product.clear(); d.fill_defaults(&d2); });
                            }>
                            {data.contracts.iter().map(|c| {
                                let id = c.id.clone();
                                let name = c.institution.clone();
                                let sel = id.clone();
                                view! { <option value=id.clone() selected=move || draft.get().contract == sel>{i18n.local(name)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="f-branch">{i18n.local(data.catalog.terms.branch.clone())}</label>
                        <select id="f-branch" data-testid="f-branch"
                            prop:value=move || draft.get().branch
                            on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.branch = v); }>
                            {move || {
                                let d = draft.get();
                                let own = own_branch();
                                data.contract(&d.contract).map(|c| c.branches.iter().filter(|b| own.as_ref().is_none_or(|o| *o == b.id)).map(|b| {
                                    let selected = b.id == d.branch;
                                    view! { <option value=b.id.clone() selected=selected>{b.name.get(i18n.lang()).to_owned()}</option> }
                                }).collect_view())
                            }}
                        </select>
                    </div>
                }.into_any()
            }
            Part::Product => view! {
                <div class="field">
                    <label for="f-product">{i18n.text(UiText::FieldProduct)}</label>
                    <select id="f-product" data-testid="f-product"
                        prop:value=move || { let d = draft.get(); format!("{}|{}", d.product, d.version) }
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let (p, ver) = v.split_once('|').unwrap_or((&v, ""));
                            let (p, ver) = (p.to_owned(), ver.to_owned());
                            draft.update(|d| { d.product = p; d.version = ver; });
                        }>
                        // The contract's own products first; the catalog's others after them,
                        // apart, for asking whether they would be covered.
                        {move || {
                            let contract = draft.with(|d| d.contract.clone());
                            let installed: Vec<(String, String)> = data
                                .contract(&contract)
                                .map(|c| c.products.iter().map(|p| (p.product.clone(), p.version.clone())).collect())
                                .unwrap_or_default();
                            let all: Vec<(String, String, covered_core::i18n::Text)> = data
                                .catalog
                                .products
                                .iter()
                                .flat_map(|p| p.versions.iter().map(move |v| (p.id.clone(), v.clone(), p.name.clone())))
                                .collect();
                            let option = move |(id, v, name): (String, String, covered_core::i18n::Text)| {
                                let value = format!("{id}|{v}");
                                let sel = value.clone();
                                view! { <option value=value selected=move || { let d = draft.get(); format!("{}|{}", d.product, d.version) == sel }>{move || format!("{} {}", name.get(i18n.lang()), v)}</option> }
                            };
                            let (own, other): (Vec<_>, Vec<_>) = all.into_iter().partition(|(id, v, _)| installed.iter().any(|(p, w)| p == id && w == v));
                            view! {
                                <optgroup label=move || i18n.t(UiText::ProductsInContract).to_owned()>{own.into_iter().map(option).collect_view()}</optgroup>
                                {(!other.is_empty()).then(|| view! {
                                    <optgroup label=move || i18n.t(UiText::ProductsOther).to_owned()>{other.into_iter().map(option).collect_view()}</optgroup>
                                })}
                            }
                        }}
                    </select>
                </div>
            }.into_any(),
            Part::Category => types_view(&data, draft, category),
            // Every question of the request type, drawn once for the type and hidden while
            // the engine does not show it: a question is the same element however the
            // answers change, so it keeps the focus and what is being typed in it.
            Part::Questions => view! {
                // The questions the person has left (by their fields' ids), for marking.
                <fieldset class="questions" on:focusout=move |ev| {
                    use wasm_bindgen::JsCast;
                    if let Some(e) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        let id = e.id();
                        questions.left.update(|l| if !l.contains(&id) { l.push(id) });
                    }
                }>
                    <legend>{i18n.text(UiText::QuestionsHeading)}</legend>
                    {move || category.with(|c| data.catalog.category(c).map(|c| c.questions.iter()
                        .filter_map(|q| data.catalog.question(q))
                        .map(|qd| question_view(qd.clone(), draft, questions))
                        .collect_view()))}
                </fieldset>
            }.into_any(),
        });
    }
    out
}

/// The request types, grouped under their services in the catalog's order, each with
/// its description: a radio group (arrow keys choose, Tab leaves it) narrowed by a search
/// box (part of a name or description, either language; Enter takes the first match,
/// ↓ goes to the list).
fn types_view(data: &DataSet, draft: RwSignal<Draft>, category: RwSignal<String>) -> AnyView {
    use wasm_bindgen::JsCast;
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let catalog = &data.catalog;
    let groups: Vec<_> = catalog
        .services
        .iter()
        .map(|s| {
            let cats: Vec<_> = catalog
                .categories
                .iter()
                .filter(|c| c.service == s.id)
                .cloned()
                .collect();
            (s.name.clone(), cats)
        })
        .filter(|(_, cats)| !cats.is_empty())
        .collect();
    let all: Vec<_> = groups.iter().flat_map(|(_, c)| c.clone()).collect();
    let all = StoredValue::new(all);
    let found = move || {
        query.with(|q| {
            all.with_value(|a| {
                a.iter()
                    .filter(|c| c.matches(q))
                    .map(|c| c.id.clone())
                    .collect::<Vec<_>>()
            })
        })
    };
    let choose = move |id: String| {
        category.set(id.clone());
        draft.update(|d| {
            d.category = id;
            d.answers.clear();
        });
    };
    let focus = |id: &str| {
        if let Some(e) = document()
            .get_element_by_id(&format!("cat-{id}"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = e.focus();
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let hits = found();
        let key = ev.key();
        let Some(first) = hits.first() else { return };
        if key == "Enter" {
            ev.prevent_default();
            choose(first.clone());
            focus(first);
        } else if key == "ArrowDown" {
            ev.prevent_default();
            let current = draft.with_untracked(|d| d.category.clone());
            focus(if hits.contains(&current) {
                &current
            } else {
                first
            });
        }
    };
    let list = groups
        .into_iter()
        .enumerate()
        .map(|(gi, (service, cats))| {
            let ids: Vec<String> = cats.iter().map(|c| c.id.clone()).collect();
            let none_found = move || {
                let f = found();
                !ids.iter().any(|i| f.contains(i))
            };
            let items = cats
                .into_iter()
                .map(|c| {
                    let id = c.id.clone();
                    let (sel, pick, shown) = (id.clone(), id.clone(), id.clone());
                    let desc_id = format!("cat-{id}-d");
                    view! {
                        <label class="choice type" class:field--hidden=move || !found().contains(&shown)>
                            <input type="radio" name="category" id=format!("cat-{id}") data-testid=format!("cat-{id}")
                                value=id.clone() aria-describedby=desc_id.clone()
                                prop:checked=move || draft.with(|d| d.category == sel)
                                on:change=move |_| choose(pick.clone())/>
                            <span>
                                <span class="type__name">{i18n.local(c.name)}</span>
                                <span class="help type__desc" id=desc_id>{c.description.map(|d| i18n.local(d))}</span>
                            </span>
                        </label>
                    }
                })
                .collect_view();
            let (head, head_id) = (format!("svc-{gi}"), format!("svc-{gi}"));
            view! {
                <div role="group" class="types__group" aria-labelledby=head class:field--hidden=none_found>
                    <p class="types__service" id=head_id>{i18n.local(service)}</p>
                    {items}
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field field--group types" data-testid="f-category">
            <legend>{i18n.text(UiText::FieldCategory)}</legend>
            <label for="f-category-find" class="types__find">{i18n.text(UiText::FindCategory)}</label>
            <input id="f-category-find" data-testid="f-category-find" type="search" autocomplete="off"
                aria-controls="f-category-list" aria-describedby="f-category-found"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
                on:keydown=on_key/>
            <p class="help" id="f-category-found" role="status" data-testid="f-category-found">
                {move || { let n = found().len(); if n == 0 { i18n.t(UiText::NoCategoryFound).to_owned() } else { i18n.t(UiText::CategoriesFound).replace("{n}", &n.to_string()) } }}
            </p>
            <div id="f-category-list" class="types__list">{list}</div>
        </fieldset>
    }
    .into_any()
}

fn set_answer(draft: RwSignal<Draft>, q: &str, v: Option<Value>) {
    let q = q.to_owned();
    draft.update(|d| match v {
        Some(v) => {
            d.answers.insert(q, v);
        }
        None => {
            d.answers.remove(&q);
        }
    });
}

fn question_view(
    qd: covered_core::contract::Question,
    draft: RwSignal<Draft>,
    questions: Questions,
) -> AnyView {
    let i18n = use_i18n();
    let id = format!("q-{}", qd.id);
    let qid = qd.id.clone();
    let text = qd.text.clone();
    let help = qd.help.clone();
    let required = qd.required;
    let help_id = format!("{id}-help");
    let key = StoredValue::new(qid.clone());
    let current = move || key.with_value(|k| draft.with(|d| d.answers.get(k).cloned()));
    let is_refused = move || key.with_value(|k| questions.refused.with(|r| r.contains(k)));
    // An unanswered required question is marked once the person has left it, or tried to
    // go on; an answer the engine refused, as soon as it is complete.
    let left = StoredValue::new(id.clone());
    let touched = move || {
        left.with_value(|id| {
            questions.left.with(|l| {
                l.iter().any(|x| {
                    x.strip_prefix(id.as_str())
                        .is_some_and(|r| r.is_empty() || r.starts_with('-'))
                })
            })
        })
    };
    let unanswered = move || {
        (touched() || questions.tried.get())
            && key.with_value(|k| questions.missing.with(|m| m.contains(k)))
    };
    let invalid = move || is_refused() || unanswered();
    let hidden = move || key.with_value(|k| !questions.visible.with(|v| v.contains(k)));
    // The engine's problem with the answer: said from its code, in the reader's language.
    let problem = move || {
        key.with_value(|k| {
            questions.problems.with(|ps| {
                ps.iter()
                    .find(|p| p.question.as_deref() == Some(k))
                    .cloned()
            })
        })
    };
    let error_id = format!("{id}-error");
    let described = format!("{help_id} {error_id}");
    let input = match qd.kind.clone() {
        QuestionKind::YesNo => {
            let qid = qid.clone();
            view! {
                <select id=id.clone() data-testid=id.clone() aria-describedby=described.clone() aria-invalid=move || invalid().to_string()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set_answer(draft, &qid, match v.as_str() { "yes" => Some(Value::Bool(true)), "no" => Some(Value::Bool(false)), _ => None });
                    }>
                    <option value="" selected=move || current().is_none()>{i18n.text(UiText::Unanswered)}</option>
                    <option value="yes" selected=move || current() == Some(Value::Bool(true))>{i18n.text(UiText::Yes)}</option>
                    <option value="no" selected=move || current() == Some(Value::Bool(false))>{i18n.text(UiText::No)}</option>
                </select>
            }.into_any()
        }
        QuestionKind::Number { min, .. } => {
            // The text as typed ("2.", "-", "0.50"), never rewritten from the answer: the
            // answer changes once the text is a number (or is cleared), and the engine
            // judges it. (The questions are drawn again when the answers change
            // elsewhere: a new request type, a step opened again.)
            let typed = match draft.with_untracked(|d| d.answers.get(&qid).cloned()) {
                Some(Value::String(s)) => s,
                Some(v) => v.to_string(),
                None => String::new(),
            };
            // An unfinished number ("2.", "-") leaves the answer as it was until the next key.
            let take = move |v: String| {
                let t = v.trim();
                let answer = if t.is_empty() {
                    None
                } else if let Ok(n) = serde_json::from_str::<serde_json::Number>(t) {
                    Some(Value::Number(n))
                } else if matches!(t.as_bytes().last(), Some(b'.' | b'-' | b'+' | b'e' | b'E')) {
                    return;
                } else {
                    Some(Value::String(t.to_owned()))
                };
                key.with_value(|k| set_answer(draft, k, answer));
            };
            // A phone's decimal keypad has no minus sign: only for numbers that can't be negative.
            let mode = if min.is_some_and(|m| !m.is_sign_negative()) {
                "decimal"
            } else {
                "text"
            };
            view! {
                <input type="text" inputmode=mode id=id.clone() data-testid=id.clone()
                    aria-describedby=described.clone() aria-invalid=move || invalid().to_string()
                    value=typed
                    on:input=move |ev| take(event_target_value(&ev))/>
            }
            .into_any()
        }
        QuestionKind::Choice(choices) => {
            let qid = qid.clone();
            view! {
                <select id=id.clone() data-testid=id.clone() aria-describedby=described.clone() aria-invalid=move || invalid().to_string()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set_answer(draft, &qid, (!v.is_empty()).then_some(Value::String(v)));
                    }>
                    <option value="" selected=move || current().is_none()>{i18n.text(UiText::Unanswered)}</option>
                    {choices.into_iter().map(|c| {
                        let label = c.label.clone();
                        let cid = c.id.clone();
                        let cur = current;
                        view! { <option value=c.id selected=move || cur() == Some(Value::String(cid.clone()))>{i18n.local(label)}</option> }
                    }).collect_view()}
                </select>
            }.into_any()
        }
        QuestionKind::Multi(choices) => {
            // Any number of the choices: a group of checkboxes, answered as the list of
            // the ticked ids in the data's order (no answer when none is ticked).
            let order: Vec<String> = choices.iter().map(|c| c.id.clone()).collect();
            let order = StoredValue::new(order);
            let boxes = choices.into_iter().map(|c| {
                let qid = qid.clone();
                let label = c.label.clone();
                let cid = StoredValue::new(c.id.clone());
                let box_id = format!("{id}-{}", c.id);
                let ticked = move || {
                    cid.with_value(|cid| {
                        current().is_some_and(|v| {
                            v.as_array().is_some_and(|a| a.iter().any(|x| x.as_str() == Some(cid)))
                        })
                    })
                };
                view! {
                    <label class="choice" for=box_id.clone()>
                        <input type="checkbox" id=box_id.clone() data-testid=box_id.clone()
                            prop:checked=ticked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let now: Vec<String> = current()
                                    .and_then(|v| v.as_array().cloned())
                                    .unwrap_or_default()
                                    .into_iter()
                                    .filter_map(|x| x.as_str().map(str::to_owned))
                                    .collect();
                                let mine = cid.get_value();
                                let picked: Vec<Value> = order.with_value(|o| {
                                    o.iter()
                                        .filter(|x| if **x == mine { on } else { now.contains(x) })
                                        .map(|x| Value::String(x.clone()))
                                        .collect()
                                });
                                set_answer(draft, &qid, (!picked.is_empty()).then_some(Value::Array(picked)));
                            }/>
                        " "{i18n.local(label)}
                    </label>
                }
            }).collect_view();
            let text = text.clone();
            return view! {
                <fieldset class="field field--group" class:field--invalid=invalid class:field--hidden=hidden data-testid=id.clone()
                    aria-describedby=described>
                    <legend>
                        {i18n.local(text)}
                        {required.then(|| view! { <span class="req">" ("{i18n.text(UiText::Required)}")"</span> })}
                    </legend>
                    {boxes}
                    <p class="help" id=help_id.clone()>{move || help.as_ref().map(|h| h.get(i18n.lang()).to_owned())}</p>
                </fieldset>
            }.into_any();
        }
        QuestionKind::Text => {
            let qid = qid.clone();
            let value = move || {
                current()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            };
            view! {
                <input type="text" id=id.clone() data-testid=id.clone() aria-describedby=described.clone() aria-invalid=move || invalid().to_string()
                    prop:value=value
                    on:input=move |ev| { let v = event_target_value(&ev); set_answer(draft, &qid, (!v.is_empty()).then_some(Value::String(v))); }/>
            }.into_any()
        }
    };
    view! {
        <div class="field" class:field--invalid=invalid class:field--hidden=hidden>
            <label for=id.clone()>
                {i18n.local(text)}
                {required.then(|| view! { <span class="req">" ("{i18n.text(UiText::Required)}")"</span> })}
            </label>
            {input}
            <p class="help" id=help_id.clone()>{move || help.as_ref().map(|h| h.get(i18n.lang()).to_owned())}</p>
            {move || invalid().then(|| view! {
                <p class="error" role="alert" id=error_id.clone() data-testid=error_id.clone()
                    data-code=move || problem().map(|p| p.code.code())>
                    {move || problem().map_or_else(|| i18n.t(UiText::ErrAnswer).to_owned(), |p| p.text(i18n.lang()))}
                </p>
            })}
        </div>
    }
    .into_any()
}
