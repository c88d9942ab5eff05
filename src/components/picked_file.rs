//! Reading a file the admin picked or dropped, as text.

use wasm_bindgen_futures::JsFuture;

/// The file's text (UTF-8), or why the browser could not read it.
pub async fn read_file(file: web_sys::File) -> Result<String, String> {
    JsFuture::from(file.text()).await.map(|v| v.as_string().unwrap_or_default()).map_err(|e| format!("{e:?}"))
}
