//! Presentational pieces shared by the pages; they read the language from context and
//! hold no other state.

mod header;
mod lang_switch;
mod nav;
mod page_intro;

pub use header::SiteHeader;
pub use lang_switch::LangSwitch;
pub use nav::MainNav;
pub use page_intro::PageIntro;
