//! A message: an outcome, a warning, an error. Errors are announced at once (role="alert"),
//! the others politely (role="status").

use leptos::prelude::*;

/// What a notice says about the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// It worked.
    Success,
    /// For information.
    Info,
    /// It did not work.
    Error,
}

/// A notice with a message (plain text, never HTML).
#[component]
pub fn Notice(
    kind: NoticeKind,
    #[prop(into)] message: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let (class, role) = match kind {
        NoticeKind::Success => ("notice success", "status"),
        NoticeKind::Info => ("notice info", "status"),
        NoticeKind::Error => ("notice error", "alert"),
    };
    view! {
        <div class=class role=role>
            <div class="notice-text">
                <p>{message}</p>
                {children.map(|c| c())}
            </div>
        </div>
    }
}
