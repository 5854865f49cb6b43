//! A submitted request as the printable SR form of docs/domain.md §10 (an A4 print stylesheet
//! leaves out everything else on the page).

use std::sync::Arc;

use covered_core::contract::{DataSet, RequestStatus};
use covered_core::i18n::{format_date, format_datetime};
use covered_core::submission::Submission;
use leptos::prelude::*;

use crate::i18n::{UiText, use_i18n};

/// The wording of a request's status.
pub fn status_text(status: RequestStatus) -> PageText {
    match status {
        RequestStatus::Open => PageText::StatusOpen,
        RequestStatus::Completed => PageText::StatusCompleted,
        RequestStatus::Cancelled => PageText::StatusCancelled,
        RequestStatus::Refused => PageText::StatusRefused,
    }
}

/// The submitted request as a printable SR form (docs/domain.md §10).
#[component]
pub fn SrForm(
    /// The request.
    s: Submission,
    /// The data set naming its contract, product and severity.
    data: Arc<DataSet>,
    /// Announce it as just submitted (with its number) above the form.
    #[prop(optional)]
    just_submitted: bool,
    /// The status as the server words it now, when a server keeps the request.
    #[prop(optional)]
    server_status: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || i18n.lang();
    let system = data
        .catalog
        .product(&s.filing.product)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let severity = s
        .severity
        .as_ref()
        .and_then(|id| data.catalog.severity(id))
        .map(|sv| sv.name.clone())
        .unwrap_or_default();
    let category = data
        .catalog
        .categories
        .iter()
        .find(|c| c.id == s.filing.category)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let paid = s.filing.paid;
    let institution = data
        .contract(&s.filing.contract)
        .map(|c| c.institution.clone())
        .unwrap_or_default();
    let row = move |label: UiText, value: String| view! { <tr><th scope="row">{i18n.text(label)}</th><td>{value}</td></tr> };
    let submitted = s.submitted;
    let wanted = s.filing.wanted_by;
    let status = s.status;
    // The lifecycle's name for where it stands, when the request carries its record.
    let local_status = s.record.as_ref().map(|r| r.status.clone());
    let catalog = data.clone();
    view! {
        <section class="sr-form" data-testid="sr-form" aria-labelledby="sr-h">
            {just_submitted.then(|| view! {
                <p class="notice no-print" role="status" id="sr-submitted" tabindex="-1">{i18n.text(PageText::SubmittedAs)}" "<strong data-testid="sr-number">{s.sr.clone()}</strong></p>
            })}
            <h2 id="sr-h">{i18n.text(UiText::SrFormTitle)}</h2>
            <table class="sr-table">
                <tbody>
                    {row(UiText::SrNumber, s.sr.clone())}
                    {move || row(UiText::SrDate, format_datetime(submitted, lang()))}
                    {move || row(UiText::FieldRequester, format!("{} · {}", s.filing.requester, institution.get(lang())))}
                    {move || row(UiText::FieldCategory, category.get(lang()).to_owned())}
                    <tr><th scope="row">{i18n.text(PageText::SrHandling)}</th>
                        <td data-testid="sr-handling">{i18n.text(if paid { PageText::SrPaid } else { PageText::SrUnderContract })}</td></tr>
                    {row(UiText::FieldTitle, s.filing.title.clone())}
                    {row(UiText::FieldDetails, s.filing.details.clone())}
                    {move || row(UiText::SrUrgency, severity.get(lang()).to_owned())}
                    {move || row(UiText::SrSystem, format!("{} {}", system.get(lang()), s.filing.version))}
                    {move || row(UiText::FieldWanted, wanted.map(|w| format_date(w, lang())).unwrap_or_default())}
                    {move || row(UiText::SrStatus, server_status.and_then(|s| s.get())
                        .or_else(|| local_status.as_deref().map(|id| crate::server::status_words(&catalog.catalog, id, lang())))
                        .unwrap_or_else(|| i18n.t(status_text(status)).to_owned()))}
                </tbody>
            </table>
            <button type="button" class="button no-print" data-testid="print" on:click=|_| { let _ = window().print(); }>{i18n.text(PageText::PrintForm)}</button>
        </section>
    }
}

crate::i18n::words! {
    /// The words only this page says, in both languages: they load with its code.
    pub(crate) enum PageText {
        SrHandling => ("처리 구분", "Handled as"),
        SrPaid => (
            "유상 변경요청 (견적에 따라 별도 청구)",
            "Paid change request (billed as quoted)",
        ),
        SrUnderContract => ("유지보수 계약으로 처리", "Under the maintenance contract"),
        SubmittedAs => (
            "요청이 접수되었습니다. SR 번호:",
            "Your request was submitted. SR number:",
        ),
        PrintForm => ("SR 양식 인쇄", "Print the SR form"),
        StatusOpen => ("접수", "Received"),
        StatusCompleted => ("완료", "Completed"),
        StatusCancelled => ("취소", "Cancelled"),
        StatusRefused => ("반려", "Refused"),
    }
}
