//! A confirmation dialog: `role="dialog"`, focus moved in and kept inside (also while a request
//! runs and its buttons wait), Escape closes, and focus returns to the control that opened it,
//! or to the page's heading when that control is gone or disabled.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::td_string;
use crate::i18n::{t_string, use_i18n};
use crate::text::tr;

/// Asks the user to confirm an action whose consequences the children state.
#[component]
pub fn ConfirmDialog(
    /// The dialog's title.
    #[prop(into)]
    title: Signal<String>,
    /// The confirm button's label.
    #[prop(into)]
    confirm_label: Signal<String>,
    /// The confirm button is dangerous (delete).
    #[prop(optional)]
    danger: bool,
    /// A request is running.
    #[prop(into)]
    busy: Signal<bool>,
    /// Nothing to confirm (the rules no longer allow it, or nothing would be affected).
    #[prop(optional, into)]
    confirm_disabled: Signal<bool>,
    /// The action ran: the dialog shows its outcome, and only the confirm button (now "Done").
    #[prop(optional, into)]
    finished: Signal<bool>,
    /// Confirmed.
    on_confirm: Callback<()>,
    /// Dismissed (button, Escape).
    on_close: Callback<()>,
    /// The consequences.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let dialog = NodeRef::<html::Div>::new();
    let opener = document().active_element();
    let focusables = move || -> Vec<web_sys::HtmlElement> {
        let Some(node) = dialog.get_untracked() else { return vec![] };
        let Ok(list) =
            node.query_selector_all("button:not([disabled]), [href], input, select, textarea")
        else {
            return vec![];
        };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
            .collect()
    };
    Effect::new(move |_| {
        if dialog.get().is_some() {
            // The safe choice first: the button that keeps things as they are.
            if let Some(first) = focusables().into_iter().next() {
                let _ = first.focus();
            }
        }
    });
    // While a request runs its buttons are disabled: the dialog itself holds focus so keys
    // still reach it; afterwards focus goes to its first button again, once the dialog shows
    // what the request changed (whatever order the page's updates arrive in).
    Effect::new(move |was_busy: Option<bool>| {
        let now = busy.get();
        let Some(node) = dialog.get() else { return now };
        if now {
            let _ = node.focus();
        } else if was_busy == Some(true) {
            let refocus = move || {
                if let Some(first) = focusables().into_iter().next() {
                    let _ = first.focus();
                }
            };
            set_timeout(refocus, std::time::Duration::ZERO);
        }
        now
    });
    on_cleanup(move || {
        // After the page has re-rendered what the action changed.
        let opener_id = opener.as_ref().map(web_sys::Element::id).filter(|id| !id.is_empty());
        set_timeout(move || restore_focus(opener, opener_id), std::time::Duration::ZERO);
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            if !busy.get_untracked() {
                on_close.run(());
            }
        }
        "Tab" => {
            let items = focusables();
            let (Some(first), Some(last)) = (items.first(), items.last()) else {
                ev.prevent_default();
                return;
            };
            let active = document().active_element();
            let at = |el: &web_sys::HtmlElement| {
                active.as_ref().is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
            };
            let inside = active
                .as_ref()
                .is_some_and(|a| items.iter().any(|i| a == i.unchecked_ref::<web_sys::Element>()));
            if !inside {
                ev.prevent_default();
                let _ = first.focus();
            } else if ev.shift_key() && at(first) {
                ev.prevent_default();
                let _ = last.focus();
            } else if !ev.shift_key() && at(last) {
                ev.prevent_default();
                let _ = first.focus();
            }
        }
        _ => {}
    };
    let confirm_class = if danger { "button danger" } else { "button warn" };
    view! {
        <div class="backdrop">
            <div
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="dialog-title"
                aria-describedby="dialog-body"
                tabindex="-1"
                node_ref=dialog
                on:keydown=on_keydown
            >
                <h2 id="dialog-title">{move || title.get()}</h2>
                <div id="dialog-body" class="dialog-body">
                    {children()}
                </div>
                <div class="dialog-buttons">
                    {move || {
                        (!finished.get())
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="button"
                                        disabled=move || busy.get()
                                        on:click=move |_| on_close.run(())
                                    >
                                        {tr(|l| td_string!(l, go_back))}
                                    </button>
                                }
                            })
                    }}
                    <button
                        type="button"
                        class=confirm_class
                        disabled=move || busy.get() || (confirm_disabled.get() && !finished.get())
                        aria-busy=move || busy.get().to_string()
                        on:click=move |_| on_confirm.run(())
                    >
                        {move || {
                            if busy.get() {
                                t_string!(i18n, working).to_owned()
                            } else {
                                confirm_label.get()
                            }
                        }}
                    </button>
                </div>
            </div>
        </div>
    }
}

/// Focus back where the dialog was opened from: that control if it is still on the page and
/// enabled, else the control with its id (the page may have rendered it anew), else the page's
/// heading.
fn restore_focus(opener: Option<web_sys::Element>, opener_id: Option<String>) {
    let usable = |el: &web_sys::Element| {
        el.is_connected()
            && el.dyn_ref::<web_sys::HtmlButtonElement>().is_none_or(|b| !b.disabled())
    };
    let target = opener
        .filter(usable)
        .or_else(|| opener_id.and_then(|id| document().get_element_by_id(&id)).filter(usable))
        .or_else(|| document().query_selector("main h1").ok().flatten())
        .or_else(|| document().get_element_by_id("main"));
    if let Some(el) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}
