//! Resource mode: the resource buzz-relay's function builds under this process's environment, as JSON on stdout:
//! {"attributes":{key:{"type":..,"value":..}},"schemaUrl":..}, types named as the suite's collector names them.

use opentelemetry::Value;
use serde_json::{json, Map};

use buzz_relay::telemetry::service_resource;

pub fn run() -> Result<(), String> {
    let resource = service_resource();
    let mut attributes = Map::new();
    for (key, value) in resource.iter() {
        attributes.insert(key.as_str().to_owned(), describe(value));
    }
    let answer = json!({ "attributes": attributes, "schemaUrl": resource.schema_url() });
    println!("{answer}");
    Ok(())
}

fn describe(value: &Value) -> serde_json::Value {
    match value {
        Value::Bool(b) => json!({ "type": "bool", "value": b }),
        Value::I64(i) => json!({ "type": "int", "value": i.to_string() }),
        Value::F64(f) => json!({ "type": "double", "value": f }),
        Value::String(s) => json!({ "type": "string", "value": s.as_str() }),
        other => json!({ "type": "array", "value": other.to_string() }),
    }
}
