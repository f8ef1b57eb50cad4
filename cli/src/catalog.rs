//! `slack-connect methods`: every method in the spec with its command, rate-limit tier,
//! scopes and one-line description, straight from the SDK's metadata.

use serde_json::{json, Value};
use slack_connect::runtime::MethodMeta;
use slack_connect::METHODS;

use crate::options::Format;
use crate::{output, table};

/// The catalog, as a table (the default) or JSON.
pub fn render(format: Option<Format>) -> String {
    match format.unwrap_or(Format::Table) {
        Format::Table => {
            let headers = ["command", "method", "tier", "scopes", "description"];
            let rows: Vec<Vec<String>> = METHODS
                .iter()
                .map(|method| {
                    vec![
                        command_line(method),
                        method.name.to_owned(),
                        method.rate_limit_tier.to_string(),
                        scopes(method).join(", "),
                        first_line(method.description).to_owned(),
                    ]
                })
                .collect();
            table::render(&headers.map(str::to_owned), &rows)
        }
        Format::Json => output::json(&Value::Array(
            METHODS
                .iter()
                .map(|method| {
                    json!({
                        "command": command_line(method),
                        "method": method.name,
                        "tier": method.rate_limit_tier.to_string(),
                        "scopes": scopes(method),
                        "description": method.description,
                        "docs_url": method.docs_url,
                    })
                })
                .collect(),
        )),
    }
}

fn command_line(method: &MethodMeta) -> String {
    method.cli_command.join(" ")
}

/// Bot scopes as they are, user and app-level scopes marked, since most tokens here are bot tokens.
fn scopes(method: &MethodMeta) -> Vec<String> {
    let bot = method.bot_scopes.iter().map(|scope| scope.to_string());
    let user = method
        .user_scopes
        .iter()
        .map(|scope| format!("{scope} (user)"));
    let app = method
        .app_scopes
        .iter()
        .map(|scope| format!("{scope} (app)"));
    bot.chain(user).chain(app).collect()
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_method_once() {
        let text = render(None);
        assert_eq!(text.lines().count(), METHODS.len() + 1);
        for method in METHODS {
            assert!(text.contains(method.name), "{}", method.name);
        }
        let json: Value = serde_json::from_str(&render(Some(Format::Json))).unwrap();
        assert_eq!(json.as_array().map(Vec::len), Some(METHODS.len()));
    }
}
