//! Component test of the status tally in headless Chromium: its buttons narrow a search to a
//! status and let it go, say which is pressed, and stay the same elements as counts change.
#![cfg(target_arch = "wasm32")]

use buildbay::components::status_tally::StatusTally;
use buildbay_core::simulate::outcome::{StatusCount, StatusTone};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn count(status: &str, tone: StatusTone, jobs: usize) -> StatusCount {
    StatusCount { status: status.into(), tone, jobs }
}

fn buttons(root: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let list = root.query_selector_all(".status-tally button").unwrap();
    (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.unchecked_into()).collect()
}

fn described(root: &web_sys::Element) -> Vec<String> {
    buttons(root).iter().map(|b| format!("{}:{}:{}", b.text_content().unwrap_or_default(), b.get_attribute("aria-pressed").unwrap_or_default(), b.class_name())).collect()
}

#[wasm_bindgen_test]
async fn a_status_pressed_narrows_the_search_and_pressed_again_lets_it_go() {
    let root: web_sys::Element = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let tally = RwSignal::new(vec![count("running", StatusTone::Active, 2), count("failed", StatusTone::Failure, 1)]);
    let query = RwSignal::new("api".to_string());
    let changes = RwSignal::new(0);
    let _app = mount_to(root.clone().unchecked_into(), move || {
        view! { <StatusTally tally=tally.into() query=query on_change=Callback::new(move |()| changes.update(|n| *n += 1)) search_id="s" label="Jobs by status" /> }
    });
    tick().await;
    let list = root.query_selector("ul.status-tally").unwrap().expect("a list");
    assert_eq!(list.get_attribute("aria-label").as_deref(), Some("Jobs by status"));
    assert_eq!(described(&root), ["running 2:false:badge status active", "failed 1:false:badge status error"]);
    let failed = buttons(&root)[1].clone();
    failed.click();
    tick().await;
    assert_eq!(query.get_untracked(), "status:failed api", "the status joins the search's words");
    assert_eq!(changes.get_untracked(), 1, "as typing does, the list goes back to its first page");
    assert_eq!(described(&root), ["running 2:false:badge status active", "failed 1:true:badge status error"]);
    // The clock moves on: counts change in place, the pressed button the same element.
    tally.set(vec![count("running", StatusTone::Active, 1), count("failed", StatusTone::Failure, 2)]);
    tick().await;
    assert_eq!(described(&root), ["running 1:false:badge status active", "failed 2:true:badge status error"]);
    assert!(buttons(&root)[1] == failed, "the button is kept, and with it any focus on it");
    buttons(&root)[0].click();
    tick().await;
    assert_eq!(query.get_untracked(), "status:running api", "another status takes the place of the first");
    buttons(&root)[0].click();
    tick().await;
    assert_eq!(query.get_untracked(), "api", "pressed again, every status is back");
    assert_eq!(described(&root), ["running 1:false:badge status active", "failed 2:false:badge status error"]);
    // One word in two backends' spellings is one button, asking for the word.
    tally.set(vec![count("Failed / failed", StatusTone::Failure, 3)]);
    tick().await;
    buttons(&root)[0].click();
    tick().await;
    assert_eq!(query.get_untracked(), "status:failed api");
    assert_eq!(described(&root), ["Failed / failed 3:true:badge status error"]);
    tally.set(Vec::new());
    tick().await;
    assert!(root.query_selector("ul.status-tally").unwrap().is_none(), "no jobs, no tally");
    root.remove();
}
