//! The client a call goes through: Slack, the URL given, or the embedded emulator.

use slack_connect::{BuildError, Client};
use slack_connect_emulator::Emulator;

use crate::exit::Failure;
use crate::options::Options;
use crate::{token, tryout};

/// A client, and the emulator it talks to in try-out mode (kept alive while calls run).
pub struct Connection {
    /// The client.
    pub client: Client,
    _emulator: Option<Emulator>,
}

/// Connects as the options say.
pub async fn connect(options: &Options) -> Result<Connection, Failure> {
    let emulator = match options.emulator {
        true => Some(tryout::start().await?),
        false => None,
    };
    let fallback = emulator.as_ref().map(|_| tryout::DEFAULT_TOKEN);
    let token = token::resolve(options.token_file.as_deref(), fallback)?;
    let base_url = match &emulator {
        Some(emulator) => Some(emulator.base_url()),
        None => options.base_url.clone(),
    };
    let mut builder = Client::builder(token);
    if let Some(url) = base_url {
        builder = builder.base_url(url);
    }
    let client = builder.build().map_err(|error| match error {
        BuildError::Http(_) => Failure::transport(error.to_string()),
        _ => Failure::invalid(error.to_string()),
    })?;
    Ok(Connection {
        client,
        _emulator: emulator,
    })
}
