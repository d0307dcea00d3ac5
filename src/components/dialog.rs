//! A confirmation dialog: `role="dialog"`, focus moved in and trapped, Escape closes, focus
//! returns to where it was.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{t, t_string, use_i18n};

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
    on_cleanup(move || {
        if let Some(el) = opener.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
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
            let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
            let active = document().active_element();
            let at = |el: &web_sys::HtmlElement| {
                active.as_ref().is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
            };
            if ev.shift_key() && at(first) {
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
                node_ref=dialog
                on:keydown=on_keydown
            >
                <h2 id="dialog-title">{move || title.get()}</h2>
                <div id="dialog-body" class="dialog-body">{children()}</div>
                <div class="dialog-buttons">
                    <button type="button" class="button" disabled=move || busy.get() on:click=move |_| on_close.run(())>
                        {t!(i18n, go_back)}
                    </button>
                    <button
                        type="button"
                        class=confirm_class
                        disabled=move || busy.get()
                        aria-busy=move || busy.get().to_string()
                        on:click=move |_| on_confirm.run(())
                    >
                        {move || if busy.get() { t_string!(i18n, working).to_owned() } else { confirm_label.get() }}
                    </button>
                </div>
            </div>
        </div>
    }
}
