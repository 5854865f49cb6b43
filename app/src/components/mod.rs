//! Presentational pieces shared by the pages; they read the language from context and
//! hold no other state.

mod clock;
mod fields;
mod header;
mod lang_switch;
mod login;
mod nav;
mod page_intro;
mod sr_form;
mod verdict;

pub use clock::{ClockBadge, ClockDue, span_text};
pub use fields::{Part, RequestFields};
pub use header::SiteHeader;
pub use lang_switch::LangSwitch;
pub use login::{AccountLine, LoginPanel};
pub use nav::MainNav;
pub use page_intro::PageIntro;
pub use sr_form::{SrForm, status_text};
pub use verdict::{QuotaBar, VerdictBar, VerdictView};
