//! Reads a JSON document into typed values with an object's fields taken only from an object.
//!
//! Serde reads a list given where a struct goes as the struct's fields in field order:
//! `"error_policy": [3]` would set three retries, `"zadig": [2, 5]` both concurrencies,
//! `"workload": []` no jobs at all. Nobody writes a list meaning that, and Go's
//! `encoding/json`, which the backends decode with, refuses it ("cannot unmarshal array into
//! Go struct field"), so a document read through [`ObjectsAsWritten`] refuses it too, at
//! whatever depth, with serde's own "invalid type: sequence, expected struct …" at its place.
//! Everything else reads exactly as serde_json's `&Value` reads it: scalars and enums are
//! handed to it, but no visitor that could meet a list or an object is, as serde_json would
//! then compile its own reading of every type beneath that visitor a second time (56 KB brotli
//! of the bundle when it did).

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::Deserializer;
use serde_json::{Error, Map, Value};

/// A parsed JSON value to be read into typed values, objects only where an object is written.
#[derive(Clone, Copy)]
pub struct ObjectsAsWritten<'a>(pub &'a Value);

/// Hands a method straight to serde_json's own reading of the value (scalars, enums, keys).
macro_rules! as_serde_json_reads_it {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.0.$method(visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for ObjectsAsWritten<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => n.deserialize_any(visitor),
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => visit_list(items, visitor),
            Value::Object(fields) => visit_object(fields, visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(self, _name: &'static str, _fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(written) => visit_object(written, visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(fields) => visit_object(fields, visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => visit_list(items, visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _name: &'static str, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(self, name: &'static str, variants: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    as_serde_json_reads_it! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64 deserialize_char deserialize_str deserialize_string
        deserialize_bytes deserialize_byte_buf deserialize_unit deserialize_identifier deserialize_ignored_any
    }
}

/// What serde_json names a value of the wrong kind ("integer `5`", "string \"x\"").
fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            (None, None) => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// Hands a list's items to the visitor, each read the same way; like serde_json, a visitor
/// that stops before the end is told the list was longer than it takes.
fn visit_list<'de, V: Visitor<'de>>(items: &'de [Value], visitor: V) -> Result<V::Value, Error> {
    let mut list = Items(items.iter());
    let value = visitor.visit_seq(&mut list)?;
    match list.0.len() {
        0 => Ok(value),
        _ => Err(de::Error::invalid_length(items.len(), &"fewer elements in array")),
    }
}

/// Hands an object's fields to the visitor, each value read the same way.
fn visit_object<'de, V: Visitor<'de>>(fields: &'de Map<String, Value>, visitor: V) -> Result<V::Value, Error> {
    let mut object = Fields { fields: fields.iter(), value: None };
    let value = visitor.visit_map(&mut object)?;
    match object.fields.len() {
        0 => Ok(value),
        _ => Err(de::Error::invalid_length(fields.len(), &"fewer elements in map")),
    }
}

/// A list's items still to be read.
struct Items<'de>(std::slice::Iter<'de, Value>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|item| seed.deserialize(ObjectsAsWritten(item))).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// An object's fields still to be read, and the value of the key just read.
struct Fields<'de> {
    fields: serde_json::map::Iter<'de>,
    value: Option<&'de Value>,
}

impl<'de> MapAccess<'de> for Fields<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.fields.next() else { return Ok(None) };
        self.value = Some(value);
        seed.deserialize(BorrowedStrDeserializer::new(key)).map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(ObjectsAsWritten(value)),
            None => Err(de::Error::custom("a field's value was asked for before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.fields.len())
    }
}

#[cfg(test)]
mod tests {
    use super::ObjectsAsWritten;
    use serde::Deserialize;
    use serde_json::json;
    use std::collections::BTreeMap;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default, deny_unknown_fields)]
    struct Policy {
        retries: u32,
        ignore_error: bool,
    }

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default, deny_unknown_fields)]
    struct Entry {
        name: String,
        policy: Option<Policy>,
        labels: BTreeMap<String, String>,
        steps: Vec<(String, f64)>,
        kind: Kind,
    }

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        #[default]
        Source,
        Image,
    }

    fn read<'a, T: Deserialize<'a>>(value: &'a serde_json::Value) -> Result<T, String> {
        let mut track = serde_path_to_error::Track::new();
        T::deserialize(serde_path_to_error::Deserializer::new(ObjectsAsWritten(value), &mut track))
            .map_err(|e| format!("{}: {e}", crate::pointer::of_serde_path(&track.path())))
    }

    #[test]
    fn a_list_where_an_object_goes_is_refused_at_any_depth() {
        // serde_json alone reads it as the fields in order.
        let written = json!([{"name": "a", "policy": [3, true]}]);
        let plain: Vec<Entry> = serde_json::from_value(written.clone()).unwrap();
        assert_eq!(plain[0].policy, Some(Policy { retries: 3, ignore_error: true }));
        assert_eq!(read::<Vec<Entry>>(&written).unwrap_err(), "/0/policy: invalid type: sequence, expected struct Policy");
        assert_eq!(read::<Entry>(&json!(["a"])).unwrap_err(), ": invalid type: sequence, expected struct Entry");
    }

    #[test]
    fn everything_else_reads_as_serde_json_reads_it() {
        let written = json!({"name": "a", "policy": {"retries": 2}, "labels": {"pool": "build"}, "steps": [["clone", 1.5]], "kind": "image"});
        let plain: Entry = serde_json::from_value(written.clone()).unwrap();
        assert_eq!(read::<Entry>(&written).unwrap(), plain);
        assert_eq!(read::<Entry>(&json!({"policy": null})).unwrap().policy, None);
        for (wrong, serde_says) in [
            (json!({"name": 5}), "/name: invalid type: integer `5`, expected a string"),
            (json!({"policy": {"retries": -1}}), "/policy/retries: invalid value: integer `-1`, expected u32"),
            (json!({"kind": "binary"}), "/kind: unknown variant `binary`, expected `source` or `image`"),
            (json!({"nmae": "a"}), "/nmae: unknown field `nmae`, expected one of `name`, `policy`, `labels`, `steps`, `kind`"),
            (json!({"steps": [["clone", 1.5, 2]]}), "/steps/0: invalid length 3, expected fewer elements in array"),
            (json!({"labels": ["pool"]}), "/labels: invalid type: sequence, expected a map"),
            (json!({"policy": "none"}), "/policy: invalid type: string \"none\", expected struct Policy"),
            (json!({"policy": 0.5}), "/policy: invalid type: floating point `0.5`, expected struct Policy"),
            (json!({"labels": -5}), "/labels: invalid type: integer `-5`, expected a map"),
            (json!({"steps": "clone"}), "/steps: invalid type: string \"clone\", expected a sequence"),
            (json!({"steps": [true]}), "/steps/0: invalid type: boolean `true`, expected a tuple of size 2"),
            (json!(null), ": invalid type: null, expected struct Entry"),
        ] {
            assert_eq!(read::<Entry>(&wrong).unwrap_err(), serde_says, "{wrong}");
            let plain = serde_json::from_value::<Entry>(wrong.clone()).unwrap_err().to_string();
            assert!(serde_says.ends_with(&plain), "{plain} against {serde_says}");
        }
    }
}
