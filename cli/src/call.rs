//! Calling a method through the SDK's dynamic dispatch, which builds the typed request from
//! the JSON arguments and validates it before anything is sent.

use std::io::{IsTerminal, Write};

use futures_util::StreamExt;
use serde_json::{Map, Value};
use slack_connect::runtime::MethodMeta;
use slack_connect::{dynamic, Client};

use crate::exit::Failure;

/// One call; the typed response as JSON.
pub async fn once(
    client: &Client,
    method: &MethodMeta,
    arguments: Map<String, Value>,
) -> Result<Value, Failure> {
    Ok(dynamic::call_json(client, method.name, arguments).await?)
}

/// Every item of a paginated method, following the cursor, and the failure that ended it early
/// (a page's error, or a server repeating a cursor): the items fetched before a failure are
/// kept, to be printed with it. Progress goes to stderr only when it is a terminal, so logs and
/// pipelines get none.
pub async fn all(
    client: &Client,
    method: &MethodMeta,
    arguments: Map<String, Value>,
) -> Result<(Vec<Value>, Option<Failure>), Failure> {
    let mut stream = dynamic::items_json(client, method.name, arguments, None)
        .ok_or_else(|| Failure::invalid(format!("{} is not paginated; drop --all", method.name)))?;
    let progress = Progress(std::io::stderr().is_terminal());
    let label = method.pagination.map_or("items", |p| p.items_field);
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(item) => items.push(item),
            Err(error) => {
                progress.show("\r\x1b[K");
                return Ok((items, Some(error.into())));
            }
        }
        progress.show(&format!("\r{} {label} fetched", items.len()));
    }
    if !items.is_empty() {
        progress.show("\n");
    }
    Ok((items, None))
}

/// A progress line on stderr, or nothing when stderr is not a terminal.
struct Progress(bool);

impl Progress {
    fn show(&self, text: &str) {
        if self.0 {
            let mut stderr = std::io::stderr().lock();
            let _ = stderr
                .write_all(text.as_bytes())
                .and_then(|()| stderr.flush());
        }
    }
}
