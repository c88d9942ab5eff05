//! Component tests of the build editor in headless Chromium: fields and their findings, the
//! error summary, masked credentials, the JSON view kept in step with the form, a new build
//! made while the stored ones are still loading, and the Builds, Templates and Jobs pages saying
//! nothing is stored only once storage has answered.
#![cfg(target_arch = "wasm32")]

use std::collections::HashMap;

use buildbay::App;
use buildbay::components::form::{FieldMessage, Form, TextInput};
use buildbay::storage::Storage;
use buildbay_core::Target;
use buildbay_core::convert;
use buildbay_core::edit::{self, Edit};
use buildbay_core::model::{Build, Variable};
use buildbay_core::validate::{self, Context};
use buildbay_core::workspace::{BuildRecord, TemplateRecord, new_template};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let document = document();
    let el = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

async fn sleep(ms: u64) {
    gloo_timers_sleep(ms).await;
}

async fn gloo_timers_sleep(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits (up to 5 s) for a selector to match inside `root`.
async fn wait_for(root: &web_sys::Element, selector: &str) -> web_sys::Element {
    for _ in 0..250 {
        if let Some(el) = root.query_selector(selector).unwrap() {
            return el;
        }
        sleep(20).await;
    }
    panic!("{selector} never appeared in:\n{}", root.inner_html().chars().take(3000).collect::<String>());
}

/// What `probe` finds in the page as first drawn: it is asked after each of at most ten microtask
/// turns, far fewer than the event-loop turns storage takes to answer, so what it finds is the
/// page before the stored builds, templates and jobs arrive.
async fn first_drawn<T>(mut probe: impl FnMut() -> Option<T>) -> Option<T> {
    for _ in 0..10 {
        tick().await;
        if let Some(found) = probe() {
            return Some(found);
        }
    }
    None
}

/// The editor's "Show JSON" / "Show form" toggle, the one action button that is pressed or not.
fn json_toggle(root: &web_sys::Element) -> web_sys::HtmlElement {
    root.query_selector(".editor-actions button[aria-pressed]").unwrap().expect("the JSON toggle").unchecked_into::<web_sys::HtmlElement>()
}

fn set_input(el: &web_sys::Element, value: &str) {
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.set_value(value);
    }
    let event = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    el.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn a_field_shows_and_clears_its_error() {
    let root = container();
    let _app = mount_to(root.clone(), || {
        let build = RwSignal::new(Build { name: "Bad Name".into(), ..Build::default() });
        let doc = Memo::new(move |_| build.with(edit::to_document));
        let messages = Memo::new(move |_| {
            let mut map: HashMap<String, Vec<FieldMessage>> = HashMap::new();
            for d in build.with(|b| validate::validate(b, Target::Zadig)) {
                map.entry(convert::model_path(Target::Zadig, &d.path)).or_default().push(FieldMessage {
                    severity: d.severity,
                    text: d.message,
                    code: d.code,
                });
            }
            map
        });
        let change = Callback::new(move |(_, e): (String, Edit)| build.update(|b| *b = edit::apply(b, &e).unwrap()));
        provide_context(Form { doc, messages, change });
        view! { <TextInput path="/name" label="Build name" hint="Lowercase." /> }
    });
    tick().await;
    let input = root.query_selector("input#f-name").unwrap().expect("the field");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = input.get_attribute("aria-describedby").unwrap();
    assert!(described.contains("f-name-hint") && described.contains("f-name-messages"), "{described}");
    let messages = root.query_selector("#f-name-messages").unwrap().expect("messages next to the field");
    assert!(messages.text_content().unwrap().contains("Error:"), "said in words, not colour alone");
    assert!(messages.text_content().unwrap().contains("lowercase letters"));
    set_input(&input, "payments-api");
    tick().await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("false"));
    assert!(root.query_selector("#f-name-messages").unwrap().is_none(), "the error is gone once fixed");
    assert_eq!(input.get_attribute("aria-describedby").as_deref(), Some("f-name-hint"));
}

/// A mounted console; unmounted (and removed) when dropped, so tests never see each other's pages.
struct Mounted {
    root: web_sys::HtmlElement,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// Stores a build, then mounts the console on its editor page.
async fn open_editor(build: Build, query: &str) -> Mounted {
    let storage = Storage::open().await.unwrap();
    let id = format!("test-{}", js_sys::Math::random());
    let record = BuildRecord::new(id.clone(), Target::Zadig, build.clone(), 1);
    let record = BuildRecord { revision: 2, ..record };
    storage.save(&record, &record.summary(&Context::default()), None).await.unwrap();
    window()
        .history()
        .unwrap()
        .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("/builds/{}{query}", build.name)))
        .unwrap();
    let root = container();
    let handle = mount_to(root.clone(), || App().into_any());
    wait_for(&root, ".editor h1").await;
    Mounted { root, _handle: handle }
}

fn sample(name: &str) -> Build {
    Build {
        name: name.into(),
        project_key: "shop".into(),
        infrastructure: "kubernetes".into(),
        build_os: "ubuntu 20.04".into(),
        script_type: "shell".into(),
        script: "make".into(),
        services: vec![buildbay_core::model::Service { name: "api".into(), module: "api".into(), ..Default::default() }],
        variables: vec![Variable {
            key: "TOKEN".into(),
            kind: "string".into(),
            default_value: "s3cret-value".into(),
            is_credential: true,
            ..Default::default()
        }],
        ..Build::default()
    }
}

#[wasm_bindgen_test]
async fn the_summary_takes_focus_and_links_to_each_field() {
    let mut build = sample("summary-build");
    build.project_key.clear();
    build.services[0].module.clear();
    let mounted = open_editor(build, "?section=basics").await;
    let root = &mounted.root;
    let save = root.query_selector(".editor-actions button.primary").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>();
    save.click();
    let summary = wait_for(root, ".error-summary").await;
    tick().await;
    sleep(50).await;
    assert_eq!(document().active_element().map(|e| e.class_name()).as_deref(), Some("error-summary"), "the summary has focus");
    let links = summary.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 2, "{}", summary.inner_html());
    let to_module = (0..links.length())
        .filter_map(|i| links.item(i))
        .map(|n| n.unchecked_into::<web_sys::HtmlElement>())
        .find(|a| a.text_content().unwrap_or_default().starts_with("Services"))
        .expect("a link to the services field");
    to_module.click();
    for _ in 0..50 {
        if document().active_element().map(|e| e.id()).as_deref() == Some("f-services-0-module") {
            break;
        }
        sleep(20).await;
    }
    let active = document().active_element().map(|e| e.outer_html()).unwrap_or_default();
    assert_eq!(
        document().active_element().map(|e| e.id()).as_deref(),
        Some("f-services-0-module"),
        "the link focuses the field in its section; focus is on {active}; section: {}",
        root.query_selector("#section-title").unwrap().map(|h| h.text_content().unwrap_or_default()).unwrap_or_default()
    );
}

#[wasm_bindgen_test]
async fn credential_values_stay_masked() {
    let mounted = open_editor(sample("secret-build"), "?section=variables").await;
    let root = &mounted.root;
    let field = wait_for(root, "#f-variables-0-default_value").await;
    assert_eq!(field.get_attribute("type").as_deref(), Some("password"), "masked by default");
    assert!(!root.inner_html().contains("s3cret-value"), "the value is not in the page's markup");
    let reveal = root.query_selector("#f-variables-0-default_value ~ button.reveal, .secret button.reveal").unwrap().unwrap();
    reveal.unchecked_ref::<web_sys::HtmlElement>().click();
    tick().await;
    assert_eq!(field.get_attribute("type").as_deref(), Some("text"), "revealed on request");
    assert_eq!(reveal.get_attribute("aria-pressed").as_deref(), Some("true"));
    // The JSON view shows the secret masked, and editing the JSON keeps the real value.
    let toggle = json_toggle(root);
    toggle.click();
    let json = wait_for(root, "#json-text").await;
    let text = json.unchecked_ref::<web_sys::HtmlTextAreaElement>().value();
    assert!(text.contains("\"default_value\": \"********\""), "{text}");
    assert!(!text.contains("s3cret-value"));
}

#[wasm_bindgen_test]
async fn the_json_view_and_the_form_agree_after_edits_on_either_side() {
    let mounted = open_editor(sample("json-build"), "?section=basics").await;
    let root = &mounted.root;
    let project = wait_for(root, "#f-project_key").await;
    set_input(&project, "payments");
    tick().await;
    let toggle = json_toggle(root);
    toggle.click();
    let json = wait_for(root, "#json-text").await;
    let area = json.clone().unchecked_into::<web_sys::HtmlTextAreaElement>();
    let body: serde_json::Value = serde_json::from_str(&area.value()).unwrap();
    assert_eq!(body["project_key"], "payments", "form → JSON");
    // JSON → form: edit the text and see the field change.
    let edited = area.value().replace("\"payments\"", "\"billing\"");
    set_input(&json, &edited);
    tick().await;
    // A broken edit keeps what was typed and reports where.
    let broken = format!("{}\n  oops", edited.trim_end_matches('}'));
    set_input(&json, &broken);
    tick().await;
    assert_eq!(area.value(), broken, "nothing typed is lost");
    let findings = root.query_selector("#json-findings").unwrap().unwrap().text_content().unwrap();
    assert!(findings.contains("line"), "{findings}");
    toggle.click();
    let project = wait_for(root, "#f-project_key").await;
    assert_eq!(project.unchecked_ref::<web_sys::HtmlInputElement>().value(), "billing", "JSON → form, unaffected by the later broken text");
}

#[wasm_bindgen_test]
async fn new_build_pressed_as_the_page_loads_gets_a_free_name_stored_and_its_editor() {
    // A stored build already has the first name "New build" would take.
    let storage = Storage::open().await.unwrap();
    let taken = BuildRecord::new(format!("test-{}", js_sys::Math::random()), Target::Zadig, sample("new-build"), 1);
    storage.save(&taken, &taken.summary(&Context::default()), None).await.unwrap();
    let stored_names = |summaries: Vec<buildbay_core::workspace::BuildSummary>| summaries.into_iter().map(|s| s.name).collect::<Vec<_>>();
    let before = stored_names(storage.summaries().await.unwrap().0);
    let expected = buildbay_core::workspace::next_free_name("new-build", |n| before.iter().any(|b| b == n));
    window().history().unwrap().push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/builds")).unwrap();
    let root = container();
    let _handle = mount_to(root.clone(), || App().into_any());
    // Pressed as soon as it is drawn, before the console's storage has opened and listed the
    // stored builds (opening IndexedDB takes turns of the event loop; drawing takes microtasks).
    let new_build = first_drawn(|| {
        let buttons = root.query_selector_all("button").unwrap();
        (0..buttons.length()).filter_map(|i| buttons.item(i)).find(|b| b.text_content().as_deref() == Some("New build"))
    })
    .await
    .expect("the Builds page is drawn within a few microtask turns");
    let status = root.query_selector("#build-count").unwrap().and_then(|s| s.text_content()).unwrap_or_default();
    assert_eq!(status, "Loading builds…", "pressed while the stored builds are still loading");
    assert!(root.query_selector("#builds-empty").unwrap().is_none(), "nothing says the browser holds no builds while they load (one is stored)");
    new_build.unchecked_ref::<web_sys::HtmlElement>().click();
    let title = wait_for(&root, ".editor h1").await;
    assert_eq!(title.text_content().unwrap(), format!("Build {expected}"), "a name no stored build has");
    assert_eq!(window().location().pathname().unwrap(), format!("/builds/{expected}"));
    let after = stored_names(storage.summaries().await.unwrap().0);
    assert!(after.contains(&expected), "the new build is stored, not kept in memory only: {after:?}");
    root.remove();
}

#[wasm_bindgen_test]
async fn the_templates_list_says_none_are_stored_only_once_storage_has_answered() {
    let storage = Storage::open().await.unwrap();
    let name = format!("kept-{}", (js_sys::Math::random() * 1e9) as u64);
    let record = TemplateRecord::new(new_template(name.clone()), 1);
    storage.put_template(&record, None, None).await.unwrap();
    window().history().unwrap().push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/templates")).unwrap();
    let root = container();
    let _handle = mount_to(root.clone(), || App().into_any());
    let status = first_drawn(|| root.query_selector("#template-count").unwrap().and_then(|s| s.text_content()).filter(|t| !t.is_empty())).await;
    assert_eq!(status.as_deref().unwrap_or_default(), "Loading templates…", "the page is drawn before storage has listed the templates");
    assert!(root.query_selector("#templates-empty").unwrap().is_none(), "nothing says the browser holds no templates while they load (one is stored)");
    let row = wait_for(&root, ".templates-table tbody tr").await;
    assert!(root.inner_html().contains(&name), "the stored template is listed: {}", row.inner_html());
    assert!(root.query_selector("#templates-empty").unwrap().is_none(), "and no empty state beside it");
    root.remove();
}

#[wasm_bindgen_test]
async fn the_jobs_page_says_no_job_has_run_or_no_build_is_stored_only_once_storage_has_answered() {
    window().history().unwrap().push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/jobs")).unwrap();
    let root = container();
    let _handle = mount_to(root.clone(), || App().into_any());
    let loading = first_drawn(|| root.query_selector("#jobs-loading").unwrap()).await;
    assert!(loading.is_some(), "the page says the kept jobs are loading before storage answers:\n{}", root.inner_html().chars().take(2000).collect::<String>());
    assert!(root.query_selector("#jobs-empty").unwrap().is_none(), "and not that no job has run");
    let hint = root.query_selector("#job-build-hint").unwrap().and_then(|h| h.text_content()).unwrap_or_default();
    assert!(!hint.contains("No builds"), "nor, beside the Build field, that no build is stored, while the builds are still listed: {hint}");
    // This test browser keeps no jobs, so once they are read the page says none has run.
    wait_for(&root, "#jobs-empty").await;
    assert!(root.query_selector("#jobs-loading").unwrap().is_none(), "the loading note is gone");
    root.remove();
}
