//! Scenarios the end-to-end tests and the browser benchmark both run on the Simulator page.

/// About 1,800 jobs of a two-service Zadig build over 40 nodes, each job two bars: the largest
/// run the Simulator keeps whole (up to 2,000 jobs), with some 3,600 bars in its Gantt chart.
pub const MANY_BARS: &str = r#"{"seed": 3, "zadig": {"workflow_concurrency": 1000},
 "clusters": [{"name": "local", "nodes": [{"name": "node", "count": 40, "cpu": 16000, "memory": 32768}]}],
 "builds": [{"definition": {"name": "api", "project_key": "shop", "build_script": "make",
   "services": [{"service_name": "a", "service_module": "a"}, {"service_name": "b", "service_module": "b"}],
   "advanced_settings": {"timeout": 60, "cluster_name": "local", "resource_spec": {"cpu_limit": 2000, "memory_limit": 2048}}}}],
 "workload": {"arrivals": [{"builds": ["api"], "per_hour": 900, "from": 0, "until": 7200}]}}"#;
