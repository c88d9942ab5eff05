//! A scenario value of the wrong kind, answered in the admin's terms ("a number: `submit` is
//! seconds from the scenario's start") rather than Rust's ("expected f64").

/// What a scenario's number field counts, by its name (the last step of its JSON pointer).
fn unit_of(field: &str) -> Option<&'static str> {
    Some(match field {
        "submit" | "cancel_at" | "from" | "until" => "seconds from the scenario's start (300 is 0:05:00)",
        "duration" | "pickup_delay" | "tool_install" | "git_clone" | "script" | "docker_build" | "archive" => "seconds (90 is a minute and a half)",
        "queue_timeout" | "available_timeout" | "execution_timeout" | "overall_timeout" => "seconds (3600 is an hour)",
        "cpu" => "millicores (4000 is 4 CPUs)",
        "memory" => "MiB (8192 is 8 GiB)",
        "failure_rate" => "a fraction from 0 to 1 (0.1 is 10 %)",
        "per_hour" => "how many jobs arrive an hour (30 is one every two minutes)",
        _ => return None,
    })
}

/// Rust's number types as serde names them in "expected …", and what to say instead.
const NUMBER_WORDS: [(&str, &str); 12] = [
    ("u8", "a whole number, 0 or more"),
    ("u16", "a whole number, 0 or more"),
    ("u32", "a whole number, 0 or more"),
    ("u64", "a whole number, 0 or more"),
    ("usize", "a whole number, 0 or more"),
    ("i8", "a whole number"),
    ("i16", "a whole number"),
    ("i32", "a whole number"),
    ("i64", "a whole number"),
    ("isize", "a whole number"),
    ("f32", "a number"),
    ("f64", "a number"),
];

/// Serde's message about the value at `pointer`, with a number type named as a number and,
/// for a field that counts something, what it counts. Any other message is kept as it is.
pub(crate) fn plain_message(message: &str, pointer: &str) -> String {
    let Some((before, expected)) = message.rsplit_once(", expected ") else { return message.to_string() };
    let Some((_, words)) = NUMBER_WORDS.iter().find(|(rust, _)| *rust == expected) else { return message.to_string() };
    let field = pointer.rsplit('/').next().unwrap_or_default();
    match unit_of(field) {
        Some(unit) => format!("{before}, expected {words}: `{field}` is {unit}."),
        None => format!("{before}, expected {words}."),
    }
}

#[cfg(test)]
mod tests {
    use super::plain_message;

    #[test]
    fn number_types_are_named_as_numbers_with_the_fields_unit() {
        assert_eq!(
            plain_message("invalid type: string \"0:05:00\", expected f64", "/workload/jobs/0/submit"),
            "invalid type: string \"0:05:00\", expected a number: `submit` is seconds from the scenario's start (300 is 0:05:00)."
        );
        assert_eq!(
            plain_message("invalid type: string \"4 cores\", expected i64", "/clusters/0/nodes/0/cpu"),
            "invalid type: string \"4 cores\", expected a whole number: `cpu` is millicores (4000 is 4 CPUs)."
        );
        assert_eq!(plain_message("invalid value: integer `-1`, expected u32", "/builds/0/nuon/max_executions"), "invalid value: integer `-1`, expected a whole number, 0 or more.");
        assert_eq!(plain_message("invalid type: string \"x\", expected u64", "/seed"), "invalid type: string \"x\", expected a whole number, 0 or more.");
    }

    #[test]
    fn other_messages_are_kept_as_they_are() {
        for (message, pointer) in [
            ("invalid type: integer `3`, expected a string", "/workload/jobs/0/build"),
            ("unknown field `clusterz`, expected one of `seed`, `clusters`", ""),
            ("expected f64", "/x"),
            ("", ""),
        ] {
            assert_eq!(plain_message(message, pointer), message);
        }
    }
}
