//! What the Simulator's buttons write into a scenario's text (its arrival rates, one of the
//! console's stored builds), leaving everything else in it as typed.

use serde_json::{Map, Value, json};

use crate::Target;
use crate::convert::to_request;
use crate::model::{Build, Template};

/// The scenario text as a JSON object to edit, or why it cannot be edited yet.
pub(crate) fn object(text: &str) -> Result<Map<String, Value>, String> {
    match serde_json::from_str(text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err("The scenario must be a JSON object.".into()),
        Err(e) => Err(format!("The scenario is not JSON yet (line {}, column {}): {e}", e.line(), e.column())),
    }
}

/// The edited scenario as the page shows it: indented, ending in a newline.
pub(crate) fn written(object: Map<String, Value>) -> Result<String, String> {
    serde_json::to_string_pretty(&Value::Object(object)).map(|t| t + "\n").map_err(|e| e.to_string())
}

/// Whether a stored build came into the scenario as a new entry or over one of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildAdded {
    New,
    /// An entry of that name had its definition and semantics replaced; its durations,
    /// failure rate and backend settings were kept.
    Updated,
}

impl BuildAdded {
    /// What the Simulator says once build `name` is in the scenario as `target` takes it.
    pub fn message(self, name: &str, target: Target) -> String {
        let backend = target.label();
        match self {
            BuildAdded::New => format!("Added build {name} to scenario A as {backend} takes it, secrets masked."),
            BuildAdded::Updated => format!("Updated build {name} in scenario A as {backend} takes it; its durations and settings there are kept."),
        }
    }
}

/// The scenario's text with `build` among its builds, as `target` takes it (the request the
/// console would send, secrets masked: a simulation needs no credential, and the text may be
/// kept in the browser's storage) and following `target`'s semantics. A build made from
/// `template` brings the template into the scenario's `templates` for Zadig, which runs it
/// with the template's settings, and is written whole for another backend.
pub fn with_build(text: &str, build: &Build, target: Target, template: Option<&Template>) -> Result<(String, BuildAdded), String> {
    if build.name.trim().is_empty() {
        return Err("This build has no name yet: name it in the editor first, so that jobs can refer to it.".into());
    }
    let mut scenario = object(text)?;
    let template = template.filter(|t| build.template_name.as_deref() == Some(t.name.as_str()));
    let build = match template {
        Some(t) if target != Target::Zadig => t.applied_to(build),
        _ => build.clone(),
    };
    if let Some(t) = template.filter(|_| target == Target::Zadig) {
        let Value::Array(templates) = scenario.entry("templates").or_insert_with(|| json!([])) else {
            return Err("`templates` must be a list.".into());
        };
        let body = serde_json::to_value(crate::convert::zadig::template_out(&t.masked())).map_err(|e| e.to_string())?;
        match templates.iter_mut().find(|v| v.get("name").and_then(Value::as_str) == Some(t.name.as_str())) {
            Some(entry) => *entry = body,
            None => templates.push(body),
        }
    }
    let Value::Array(builds) = scenario.entry("builds").or_insert_with(|| json!([])) else {
        return Err("`builds` must be a list.".into());
    };
    let definition = to_request(&build.masked(), target).value;
    // The entry of that name, which may be named only in its definition.
    let same_name = builds.iter().position(|b| super::scenario::entry_name(b).as_deref() == Some(build.name.as_str()));
    let added = match same_name.and_then(|i| builds[i].as_object_mut()) {
        Some(entry) => {
            entry.insert("semantics".into(), json!(target.as_str()));
            entry.insert("definition".into(), definition);
            BuildAdded::Updated
        }
        None => {
            builds.push(json!({"name": build.name, "semantics": target.as_str(), "definition": definition}));
            BuildAdded::New
        }
    };
    Ok((written(scenario)?, added))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Variable;
    use crate::simulate::scenario;

    fn stored(name: &str) -> Build {
        let mut build = crate::sample::large_build(name, 2);
        build.variables.push(Variable { key: "TOKEN".into(), kind: "string".into(), default_value: "s3cret-value".into(), is_credential: true, ..Variable::default() });
        build
    }

    #[test]
    fn a_stored_build_joins_the_scenario_as_its_backend_takes_it_without_its_secrets() {
        let text = "{\"seed\": 3, \"workload\": {\"jobs\": [{\"build\": \"api\", \"submit\": 0}]}}";
        let (out, added) = with_build(text, &stored("api"), Target::Zadig, None).unwrap();
        assert_eq!(added, BuildAdded::New);
        assert_eq!(added.message("api", Target::Zadig), "Added build api to scenario A as Zadig takes it, secrets masked.");
        assert!(!out.contains("s3cret-value") && out.contains("********"), "{out}");
        // Masked, it holds no secret: the page may keep it between visits.
        assert_eq!(scenario::holds_secrets(&out), Some(false));
        let (clear, _) = with_build(text, &stored("api").masked(), Target::Zadig, None).unwrap();
        assert_eq!(clear, out, "masking twice changes nothing");
        let unmasked = out.replace("\"********\"", "\"s3cret-value\"");
        assert_eq!(scenario::holds_secrets(&unmasked), Some(true), "a value typed in clear is a secret");
        let value: Value = serde_json::from_str(&out).unwrap();
        assert_eq!((value["seed"].as_u64(), value["builds"][0]["name"].as_str(), value["builds"][0]["semantics"].as_str()), (Some(3), Some("api"), Some("zadig")));
        // The scenario reads and runs with it (given nodes to run on).
        let mut runnable = value.clone();
        runnable["clusters"] = json!([{"name": "prod", "nodes": [{"name": "n", "cpu": 8000, "memory": 16384}]}]);
        let prepared = scenario::parse(&runnable.to_string()).unwrap();
        assert_eq!(crate::simulate::simulate(&prepared, 3, crate::simulate::Detail::Full).jobs.len(), 1);
    }

    #[test]
    fn a_build_of_the_same_name_is_updated_keeping_its_settings() {
        let text = "{\"builds\": [{\"name\": \"api\", \"semantics\": \"zadig\", \"definition\": {}, \"durations\": {\"script\": 60}}, {\"name\": \"web\", \"definition\": {}}]}";
        let (out, added) = with_build(text, &stored("api"), Target::Nuon, None).unwrap();
        assert_eq!(added, BuildAdded::Updated);
        assert_eq!(added.message("api", Target::Nuon), "Updated build api in scenario A as Nuon takes it; its durations and settings there are kept.");
        let value: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value["builds"].as_array().map(Vec::len), Some(2));
        assert_eq!((value["builds"][0]["semantics"].as_str(), value["builds"][0]["durations"]["script"].as_u64()), (Some("nuon"), Some(60)));
        assert_ne!(value["builds"][0]["definition"], json!({}));
        // An entry named only in its definition is the build of that name too: added again, it
        // is updated rather than joined by a second `api`, which the scenario would refuse.
        let unnamed = "{\"clusters\": [{\"name\": \"prod\", \"nodes\": [{\"name\": \"n\", \"cpu\": 8000, \"memory\": 16384}]}], \"builds\": [{\"definition\": {\"name\": \"api\", \"project_key\": \"p\", \"build_script\": \"make\"}, \"durations\": {\"script\": 60}}]}";
        let (out, added) = with_build(unnamed, &stored("api"), Target::Zadig, None).unwrap();
        assert_eq!(added, BuildAdded::Updated);
        let value: Value = serde_json::from_str(&out).unwrap();
        assert_eq!((value["builds"].as_array().map(Vec::len), value["builds"][0]["durations"]["script"].as_u64()), (Some(1), Some(60)));
        assert!(scenario::parse(&out).is_ok(), "one build named api: {:?}", scenario::parse(&out).err());
    }

    #[test]
    fn a_template_build_brings_its_template_masked_and_runs_with_it() {
        let mut template = crate::workspace::new_template("go-service".into());
        template.script = "go test ./...".into();
        template.variables.push(Variable { key: "TOKEN".into(), kind: "string".into(), default_value: "s3cret-value".into(), is_credential: true, ..Variable::default() });
        let mut build = crate::workspace::build_from_template(&template, "api".into());
        build.services[0].name = "api".into();
        build.services[0].module = "api".into();
        let text = "{\"clusters\": [{\"name\": \"local\", \"nodes\": [{\"name\": \"n\", \"cpu\": 8000, \"memory\": 16384}]}], \"workload\": {\"jobs\": [{\"id\": \"j\", \"build\": \"api\", \"submit\": 0}]}}";
        let (out, _) = with_build(text, &build, Target::Zadig, Some(&template)).unwrap();
        let value: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value["templates"][0]["name"], "go-service");
        assert!(!out.contains("s3cret-value"), "{out}");
        assert_eq!(scenario::holds_secrets(&out), Some(false));
        assert_eq!(scenario::holds_secrets(&out.replace("\"********\"", "\"s3cret-value\"")), Some(true), "a template's secret counts too");
        let prepared = scenario::parse(&out).unwrap();
        assert!(prepared.findings.iter().all(|d| d.code != "template-not-in-scenario"), "{:?}", prepared.findings.iter().collect::<Vec<_>>());
        let o = crate::simulate::simulate(&prepared, 1, crate::simulate::Detail::Full);
        assert!(o.jobs[0].logs.iter().any(|l| l.text == "+ go test ./..."), "{:?}", o.jobs[0].logs);
        // Again: the template is replaced, not listed twice; another backend gets the build whole.
        let (again, _) = with_build(&out, &build, Target::Zadig, Some(&template)).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&again).unwrap()["templates"].as_array().map(Vec::len), Some(1));
        let (nuon, _) = with_build(text, &build, Target::Nuon, Some(&template)).unwrap();
        assert!(serde_json::from_str::<Value>(&nuon).unwrap().get("templates").is_none());
        // A backend that builds one repository gets the service's, which a template build keeps per service.
        build.services[0].repos.push(crate::model::Repo { url: "https://git.example.com/acme/api.git".into(), branch: "main".into(), ..Default::default() });
        let (rainbond, _) = with_build(text, &build, Target::Rainbond, Some(&template)).unwrap();
        let value: Value = serde_json::from_str(&rainbond).unwrap();
        assert_eq!((value["builds"][0]["definition"]["repo_url"].as_str(), value["builds"][0]["definition"]["branch"].as_str()), (Some("https://git.example.com/acme/api.git"), Some("main")));
        let prepared = scenario::parse(&rainbond.replace("\"workload\"", "\"runners\": [], \"workload\"")).unwrap();
        let o = crate::simulate::simulate(&prepared, 1, crate::simulate::Detail::Full);
        assert!(o.jobs[0].steps.iter().any(|s| s.detail.contains("acme/api")), "the Rainbond job clones the service's repository: {:?}", o.jobs[0].steps);
    }

    #[test]
    fn a_text_that_is_not_a_scenario_yet_says_why_and_is_left_alone() {
        assert!(with_build("{\"seed\": ", &stored("api"), Target::Zadig, None).unwrap_err().starts_with("The scenario is not JSON yet (line 1"));
        assert_eq!(with_build("[]", &stored("api"), Target::Zadig, None).unwrap_err(), "The scenario must be a JSON object.");
        assert_eq!(with_build("{\"builds\": {}}", &stored("api"), Target::Zadig, None).unwrap_err(), "`builds` must be a list.");
        assert!(with_build("{}", &stored(" "), Target::Zadig, None).unwrap_err().starts_with("This build has no name yet"));
    }
}
