//! A node's CPU and memory as an admin copies them from Kubernetes: besides a whole number in
//! the scenario's units (millicores, MiB), a quantity as `kubectl describe node` prints it
//! (`"4"`, `"3500m"`, `"16Gi"`, `"16318456Ki"`), so a real node's allocatable capacity can be
//! pasted as it stands.

use serde::{Deserialize, Deserializer};

use crate::validate::rules::parse_quantity;

/// The most a node's CPU or memory may be in the scenario's units (a quantity past it is a typo
/// or an overflow, not a node).
const MOST: f64 = 1e15;

/// Reads a Kubernetes CPU quantity into millicores, rounded up as Kubernetes' `MilliValue`
/// rounds: `"4"` is 4 CPUs (4000), `"500m"` 500.
pub fn cpu_quantity(text: &str) -> Result<i64, String> {
    let Some(cores) = parse_quantity(text) else {
        return Err(format!("`{}` is not a Kubernetes CPU quantity: write millicores as a number (4000), or a quantity (\"4\" is 4 CPUs, \"500m\" half of one).", text.trim()));
    };
    let millicores = (cores * 1000.0).ceil();
    in_range(millicores, text)
}

/// Reads a Kubernetes memory quantity into whole MiB, rounded down (a node cannot lend the part
/// of a MiB it lacks): `"8Gi"` is 8192, `"8G"` (decimal) 7629. Kubernetes reads a memory
/// quantity without a unit as bytes, so does this; one under a MiB is refused as a slip.
pub fn memory_quantity(text: &str) -> Result<i64, String> {
    let Some(bytes) = parse_quantity(text) else {
        return Err(format!("`{}` is not a Kubernetes memory quantity: write MiB as a number (8192), or a quantity (\"8Gi\", \"512Mi\").", text.trim()));
    };
    let mib = (bytes / (1024.0 * 1024.0)).floor();
    if bytes > 0.0 && mib < 1.0 {
        return Err(format!("`{}` is {bytes} bytes, under one MiB: Kubernetes reads memory without a unit as bytes. Write \"{}Mi\", or the number {} for MiB.", text.trim(), text.trim(), text.trim()));
    }
    in_range(mib, text)
}

fn in_range(value: f64, text: &str) -> Result<i64, String> {
    if !value.is_finite() || value.abs() > MOST {
        return Err(format!("`{}` is too large for a node.", text.trim()));
    }
    // In range and finite: the cast is exact for whole values this size.
    Ok(value as i64)
}

/// A node's `cpu`: millicores, or a Kubernetes quantity string.
pub(crate) fn cpu<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    read(deserializer, cpu_quantity, "cpu", "(\"4\", \"500m\")")
}

/// A node's `memory`: MiB, or a Kubernetes quantity string.
pub(crate) fn memory<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    read(deserializer, memory_quantity, "memory", "(\"8Gi\", \"512Mi\")")
}

/// Reads `field` as a whole number in its unit (the one a wrong kind of value elsewhere is
/// answered with) or a quantity string like `examples`.
fn read<'de, D: Deserializer<'de>>(deserializer: D, quantity: fn(&str) -> Result<i64, String>, field: &str, examples: &str) -> Result<i64, D::Error> {
    use serde::de::Error;
    // Read as JSON first, so that each kind of value is answered in the field's terms.
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(text) => quantity(&text).map_err(D::Error::custom),
        other => other.as_i64().ok_or_else(|| {
            let unit = super::field_words::unit_of(field).unwrap_or_default();
            D::Error::custom(format!("{other} is not a whole number: this is {unit} or a Kubernetes quantity {examples}."))
        }),
    }
}

/// A size typed into the cluster model's form: a whole number is the field's unit (as its
/// label says), anything else is read as a Kubernetes quantity.
pub(crate) fn typed(text: &str, quantity: fn(&str) -> Result<i64, String>) -> Result<i64, String> {
    text.trim().parse::<i64>().or_else(|_| quantity(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_read_as_kubernetes_reads_them() {
        assert_eq!(cpu_quantity("4"), Ok(4000));
        assert_eq!(cpu_quantity("3500m"), Ok(3500));
        assert_eq!(cpu_quantity("1.5"), Ok(1500));
        assert_eq!(cpu_quantity("0.0001"), Ok(1), "rounded up to a millicore, as MilliValue");
        assert_eq!(memory_quantity("8Gi"), Ok(8192));
        assert_eq!(memory_quantity("512Mi"), Ok(512));
        assert_eq!(memory_quantity("16318456Ki"), Ok(15935));
        assert_eq!(memory_quantity("8G"), Ok(7629));
        assert_eq!(memory_quantity("8589934592"), Ok(8192));
        assert_eq!(memory_quantity("0"), Ok(0));
    }

    #[test]
    fn what_does_not_read_says_how_to_write_it() {
        assert!(cpu_quantity("4 cores").unwrap_err().contains("\"4\" is 4 CPUs"));
        assert!(memory_quantity("8 GB").unwrap_err().contains("\"8Gi\""));
        let bytes = memory_quantity("8192").unwrap_err();
        assert!(bytes.contains("under one MiB") && bytes.contains("\"8192Mi\""), "{bytes}");
        assert!(cpu_quantity("1e30").unwrap_err().contains("too large"));
    }

    #[test]
    fn a_typed_whole_number_keeps_the_fields_unit() {
        assert_eq!(typed(" 4 ", cpu_quantity), Ok(4));
        assert_eq!(typed("4000m", cpu_quantity), Ok(4000));
        assert_eq!(typed("2", memory_quantity), Ok(2));
        assert_eq!(typed("2Gi", memory_quantity), Ok(2048));
    }
}
