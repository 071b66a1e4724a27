//! The tests' checks of what reached the server, made independently of the code under
//! test: every body sent validated by Python `fhir.resources` (R4B models), the server's
//! resources listed as a clinician's tool would list them (its own HTTP client, following
//! pages), and helpers to compare a resource read back with the one sent.

use crate::SETUP;
use serde_json::Value;
use std::process::Command;
use std::time::Duration;

const VALIDATOR: &str = r#"
import json, sys, os
try:
    from fhir.resources.R4B import get_fhir_model_class
except Exception as e:
    print("fhir.resources (R4B) is not installed: " + str(e))
    sys.exit(3)
bad = 0
names = sorted(os.listdir(sys.argv[1]))
for name in names:
    data = json.load(open(os.path.join(sys.argv[1], name)))
    try:
        get_fhir_model_class(data["resourceType"]).model_validate(data)
    except Exception as e:
        bad += 1
        print(name + ": " + str(e)[:2000])
print("validated %d resources, %d invalid" % (len(names), bad))
sys.exit(1 if bad else 0)
"#;

/// Validates every body with the independent validator (Python `fhir.resources`, R4B
/// models); panics with its report when one is invalid or the validator is missing.
pub fn validate_all(bodies: &[Value]) -> String {
    assert!(!bodies.is_empty(), "nothing was recorded to validate");
    let dir = tempfile::tempdir().unwrap();
    for (i, b) in bodies.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{i:05}.json")), b.to_string()).unwrap();
    }
    let python = std::env::var("FHIR_VALIDATOR_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(&python)
        .arg("-c")
        .arg(VALIDATOR)
        .arg(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}: {SETUP}"));
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => text,
        Some(3) => panic!("{text}: {SETUP}"),
        _ => {
            panic!("the independent validator (fhir.resources R4B) refused what was sent:\n{text}")
        }
    }
}

/// Every resource the server returns for a search, following pages, as a clinician's tool
/// would; `query` is `Type?params` (already encoded) and `base` the server's base URL.
/// `next` links are followed on `base`'s origin.
pub fn search(base: &str, query: &str) -> Vec<Value> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(300))
        .build();
    let get = |url: &str| -> Value {
        agent
            .get(url)
            .set("Accept", "application/fhir+json")
            .call()
            .unwrap_or_else(|e| panic!("GET {url}: {e}"))
            .into_json()
            .unwrap_or_else(|e| panic!("GET {url}: not JSON: {e}"))
    };
    let mut out = Vec::new();
    let mut page = get(&format!("{}/{query}", base.trim_end_matches('/')));
    loop {
        for e in page["entry"].as_array().cloned().unwrap_or_default() {
            if e["search"]["mode"] != "include" {
                out.push(e["resource"].clone());
            }
        }
        let next = page["link"]
            .as_array()
            .and_then(|l| l.iter().find(|l| l["relation"] == "next"))
            .and_then(|l| l["url"].as_str())
            .map(|n| on_origin(base, n));
        match next {
            Some(n) => page = get(&n),
            None => return out,
        }
    }
}

/// `link` with its scheme and host replaced by `base`'s (a server behind a proxy writes
/// its own address into `next` links).
fn on_origin(base: &str, link: &str) -> String {
    let path = |url: &str| -> String {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        rest.find('/')
            .map_or(String::new(), |i| rest[i..].to_string())
    };
    let base_path = path(base);
    let origin = &base[..base.len() - base_path.len()];
    format!("{origin}{}", path(link))
}

/// A JSON value with numbers as f64 and `meta`/`text` dropped, for "equal as sent".
pub fn normalised(v: &Value) -> Value {
    match v {
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        Value::Array(a) => Value::Array(a.iter().map(normalised).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(k, _)| k.as_str() != "meta" && k.as_str() != "text")
                .map(|(k, v)| (k.clone(), normalised(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The first identifier of a resource as `system|value`.
pub fn ident(r: &Value) -> String {
    format!(
        "{}|{}",
        r["identifier"][0]["system"].as_str().unwrap_or(""),
        r["identifier"][0]["value"].as_str().unwrap_or("")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_links_are_followed_on_the_given_origin() {
        assert_eq!(
            on_origin("http://127.0.0.1:9", "http://127.0.0.1:8080/Task?_page=2"),
            "http://127.0.0.1:9/Task?_page=2"
        );
        assert_eq!(
            on_origin(
                "http://127.0.0.1:9/fhir",
                "http://127.0.0.1:8080/fhir/Task?_page=2"
            ),
            "http://127.0.0.1:9/fhir/Task?_page=2"
        );
    }

    #[test]
    fn normalised_values_compare_as_sent() {
        let sent = serde_json::json!({"resourceType": "Observation", "valueInteger": 2, "identifier": [{"system": "s", "value": "v"}]});
        let read = serde_json::json!({"resourceType": "Observation", "valueInteger": 2.0, "meta": {"versionId": "1"}, "text": {}, "identifier": [{"system": "s", "value": "v"}]});
        assert_eq!(normalised(&sent), normalised(&read));
        assert_eq!(ident(&read), "s|v");
    }
}
