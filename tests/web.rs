//! The console's components mounted into a real DOM, in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown`, run by wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use waybill_console::App;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element attached to the page, to mount one component into.
fn fresh_host() -> web_sys::HtmlElement {
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    let host =
        document.create_element("div").expect("div").unchecked_into::<web_sys::HtmlElement>();
    document.body().expect("body").append_child(&host).expect("attached");
    host
}

#[wasm_bindgen_test]
fn the_app_mounts_its_shell_with_the_product_name_and_main_landmark() {
    let host = fresh_host();
    let _app = leptos::mount::mount_to(host.clone(), App);
    let brand = host.query_selector("header a.brand").expect("query").expect("brand link");
    assert_eq!(brand.text_content().as_deref(), Some("Waybill"));
    assert!(host.query_selector("main#main").expect("query").is_some(), "main landmark");
}
