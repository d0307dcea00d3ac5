//! A labelled form field whose problem shows next to it: `aria-invalid` while it has one,
//! `aria-describedby` naming the message (and a hint, when given).

use leptos::prelude::*;

/// One text input (or text area) with its label and its problem.
#[component]
pub fn Field(
    /// The input's id; its message's id is `{id}-error`.
    #[prop(into)]
    id: String,
    /// The label.
    #[prop(into)]
    label: Signal<String>,
    /// The value shown.
    #[prop(into)]
    value: Signal<String>,
    /// The user typed.
    on_input: Callback<String>,
    /// What is wrong, in words; `None` when nothing is (or not yet shown).
    #[prop(into)]
    problem: Signal<Option<String>>,
    /// Several lines.
    #[prop(optional)]
    multiline: bool,
    /// A `<datalist>` id to suggest values from.
    #[prop(optional_no_strip)]
    list: Option<&'static str>,
    /// A hint under the field.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// The input's `type` (text when absent).
    #[prop(optional)]
    input_type: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = if hint.is_some() { format!("{error_id} {hint_id}") } else { error_id.clone() };
    let invalid = move || problem.with(Option::is_some).then_some("true");
    let input = move |ev: leptos::ev::Event| on_input.run(event_target_value(&ev));
    let control = if multiline {
        view! {
            <textarea
                id=id.clone()
                rows="3"
                aria-invalid=invalid
                aria-describedby=described
                prop:value=move || value.get()
                on:input=input
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                type=input_type.unwrap_or("text")
                list=list
                aria-invalid=invalid
                aria-describedby=described
                prop:value=move || value.get()
                on:input=input
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {control}
            {hint
                .map(|h| {
                    view! {
                        <p id=hint_id class="hint">
                            {h}
                        </p>
                    }
                })}
            <p id=error_id class="field-error">
                {move || problem.get()}
            </p>
        </div>
    }
}
