//! Edits to a build addressed by JSON pointers into the model, as the editor's fields make them.
//!
//! Fields are keyed by the same pointers validation findings map to ([`crate::convert::model_path`]),
//! so one pointer names a field, its value and its errors.

use serde_json::Value;

use crate::model::Build;
use crate::pointer;

/// One change the editor makes to a build.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Sets the value at the pointer (creating a missing optional section on the way).
    Set { path: String, value: Value },
    /// Inserts an item into the list at the pointer.
    Insert { path: String, index: usize, value: Value },
    /// Removes an item from the list at the pointer.
    Remove { path: String, index: usize },
    /// Moves an item of the list at the pointer.
    Move { path: String, from: usize, to: usize },
}

/// Why an edit could not be made (the build is left unchanged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(pub String);

/// The model as JSON, the form every pointer addresses.
pub fn to_document(build: &Build) -> Value {
    serde_json::to_value(build).unwrap_or(Value::Null)
}

/// The value at a model pointer, if any.
pub fn get<'a>(document: &'a Value, path: &str) -> Option<&'a Value> {
    if path.is_empty() { Some(document) } else { document.pointer(path) }
}

/// Text of the value at a pointer, for text fields (numbers as digits, absent as empty).
pub fn text_at(document: &Value, path: &str) -> String {
    match get(document, path) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(other) if !other.is_null() => other.to_string(),
        _ => String::new(),
    }
}

/// Applies an edit and returns the changed build.
pub fn apply(build: &Build, edit: &Edit) -> Result<Build, EditError> {
    let mut doc = to_document(build);
    match edit {
        Edit::Set { path, value } => {
            let slot = slot_creating(&mut doc, path)?;
            *slot = value.clone();
        }
        Edit::Insert { path, index, value } => {
            let list = list_at(&mut doc, path)?;
            list.insert((*index).min(list.len()), value.clone());
        }
        Edit::Remove { path, index } => {
            let list = list_at(&mut doc, path)?;
            if *index >= list.len() {
                return Err(EditError(format!("{path} has no item {index}")));
            }
            list.remove(*index);
        }
        Edit::Move { path, from, to } => {
            let list = list_at(&mut doc, path)?;
            if *from >= list.len() || *to >= list.len() {
                return Err(EditError(format!("{path} has no item {from} or {to}")));
            }
            let item = list.remove(*from);
            list.insert(*to, item);
        }
    }
    serde_json::from_value(doc).map_err(|e| EditError(format!("{edit:?} does not fit the build: {e}")))
}

fn list_at<'a>(doc: &'a mut Value, path: &str) -> Result<&'a mut Vec<Value>, EditError> {
    match slot_creating(doc, path)? {
        slot @ Value::Null => {
            *slot = Value::Array(Vec::new());
            match slot {
                Value::Array(items) => Ok(items),
                _ => unreachable!("just set to an array"),
            }
        }
        Value::Array(items) => Ok(items),
        _ => Err(EditError(format!("{path} is not a list"))),
    }
}

/// The slot at `path`, creating objects for absent (null) parents such as an unset Docker step.
fn slot_creating<'a>(doc: &'a mut Value, path: &str) -> Result<&'a mut Value, EditError> {
    let mut here = doc;
    for token in pointer::tokens(path) {
        if here.is_null() {
            *here = Value::Object(Default::default());
        }
        here = match here {
            Value::Object(map) => map.entry(token).or_insert(Value::Null),
            Value::Array(items) => {
                let i: usize = token.parse().map_err(|_| EditError(format!("{path}: {token} is not an index")))?;
                // Setting a field of the item just past the end adds that item.
                if i == items.len() {
                    items.push(Value::Null);
                }
                items.get_mut(i).ok_or_else(|| EditError(format!("{path}: no item {i}")))?
            }
            _ => return Err(EditError(format!("{path} goes through a value that has no fields"))),
        };
    }
    Ok(here)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sets_inserts_moves_and_removes() {
        let b = Build::default();
        let b = apply(&b, &Edit::Set { path: "/name".into(), value: json!("api") }).unwrap();
        assert_eq!(b.name, "api");
        let b = apply(&b, &Edit::Set { path: "/advanced/resources/cpu_limit".into(), value: json!(2000) }).unwrap();
        assert_eq!(b.advanced.as_ref().unwrap().resources.cpu_limit, 2000, "the absent section is created");
        let b = apply(&b, &Edit::Insert { path: "/installs".into(), index: 0, value: json!({"name": "go"}) }).unwrap();
        let b = apply(&b, &Edit::Insert { path: "/installs".into(), index: 9, value: json!({"name": "node"}) }).unwrap();
        assert_eq!(b.installs.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["go", "node"]);
        let b = apply(&b, &Edit::Move { path: "/installs".into(), from: 1, to: 0 }).unwrap();
        assert_eq!(b.installs[0].name, "node");
        let b = apply(&b, &Edit::Remove { path: "/installs".into(), index: 0 }).unwrap();
        assert_eq!(b.installs.len(), 1);
        let b = apply(&b, &Edit::Set { path: "/docker".into(), value: Value::Null }).unwrap();
        assert!(b.docker.is_none());
    }

    #[test]
    fn refuses_edits_that_do_not_fit() {
        let b = Build::default();
        assert!(apply(&b, &Edit::Set { path: "/advanced/resources/cpu_limit".into(), value: json!("lots") }).is_err());
        assert!(apply(&b, &Edit::Remove { path: "/installs".into(), index: 0 }).is_err());
        let with_repo = apply(&b, &Edit::Set { path: "/repos/0/url".into(), value: json!("https://x/y.git") }).unwrap();
        assert_eq!(with_repo.repos[0].url, "https://x/y.git", "the first repository is created");
        assert!(apply(&b, &Edit::Set { path: "/repos/3/url".into(), value: json!("u") }).is_err());
        assert!(apply(&b, &Edit::Set { path: "/name/deeper".into(), value: json!(1) }).is_err());
        assert_eq!(text_at(&to_document(&b), "/advanced/timeout_minutes"), "");
    }
}
