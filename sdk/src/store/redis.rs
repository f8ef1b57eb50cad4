//! A [`Store`] in Redis, shared by every process given the same address and prefix.
//!
//! Each operation is one round trip: the rate-limit decision and the event claim are Lua
//! scripts run atomically on the server, on the server's clock, so replicas on hosts whose
//! clocks differ still agree. Keys are `prefix:app:team:rate:method` (with `:next` and
//! `:pause` beside it) and `prefix:app:team:event:event_id`; every key is written with an
//! expiry. The connection is opened on first use and re-opened by itself after a failure;
//! while Redis cannot be reached the store follows its [`Unavailable`] policy.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{Client as RedisClient, Script};
use tokio::sync::OnceCell;

use super::{
    micros, millis, Claim, Limit, MemoryStore, Scope, Store, StoreError, StoreFuture, Unavailable,
    DEFAULT_PREFIX,
};

/// How long one Redis operation (or connection attempt) may take before it counts as a failure.
pub const DEFAULT_REDIS_TIMEOUT: Duration = Duration::from_millis(300);

/// A [`Store`] in Redis. Build one per process with [`RedisStore::open`] and share it (in an
/// `Arc`) between the client's throttle and the receiver.
pub struct RedisStore {
    client: RedisClient,
    /// The address without credentials, for messages.
    shown: String,
    prefix: String,
    timeout: Duration,
    unavailable: Unavailable,
    connection: OnceCell<ConnectionManager>,
    local: MemoryStore,
    /// Whether the last operation failed, so an outage is logged once, and its end too.
    down: AtomicBool,
    /// With `counter`, makes the members of a bucket's sorted set unique across stores and
    /// processes: a random number per store, and a count of its calls.
    instance: u64,
    counter: AtomicU64,
    acquire: Script,
    pause: Script,
    claim: Script,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("address", &self.shown)
            .field("prefix", &self.prefix)
            .field("unavailable", &self.unavailable)
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// A store at `address` (`redis://host:port/db`, `redis://:password@host`, `rediss://`
    /// where the `redis` crate was built with TLS, or `unix:///path`). Nothing is connected yet:
    /// the first operation connects, so a process can start while Redis is down. Defaults:
    /// prefix [`DEFAULT_PREFIX`], [`Unavailable::FallBackToLocal`], [`DEFAULT_REDIS_TIMEOUT`].
    pub fn open(address: &str) -> Result<RedisStore, StoreError> {
        let shown = without_credentials(address);
        let client = RedisClient::open(address)
            .map_err(|error| StoreError::InvalidAddress(format!("{shown}: {error}")))?;
        Ok(RedisStore {
            client,
            shown,
            prefix: DEFAULT_PREFIX.to_owned(),
            timeout: DEFAULT_REDIS_TIMEOUT,
            unavailable: Unavailable::default(),
            connection: OnceCell::new(),
            local: MemoryStore::new(),
            down: AtomicBool::new(false),
            instance: random_u64(),
            counter: AtomicU64::new(0),
            acquire: Script::new(include_str!("acquire.lua")),
            pause: Script::new(include_str!("pause.lua")),
            claim: Script::new(include_str!("claim.lua")),
        })
    }

    /// Starts every key with `prefix` instead of [`DEFAULT_PREFIX`] (several deployments sharing
    /// one Redis).
    #[must_use]
    pub fn prefix(mut self, prefix: impl Into<String>) -> RedisStore {
        self.prefix = prefix.into();
        self
    }

    /// What to do while Redis cannot be reached (default [`Unavailable::FallBackToLocal`]).
    #[must_use]
    pub fn on_unavailable(mut self, policy: Unavailable) -> RedisStore {
        self.unavailable = policy;
        self
    }

    /// How long an operation or a connection attempt may take (default
    /// [`DEFAULT_REDIS_TIMEOUT`]).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> RedisStore {
        self.timeout = timeout;
        self
    }

    /// The address, without credentials.
    pub fn address(&self) -> &str {
        &self.shown
    }

    async fn connection(&self) -> Result<ConnectionManager, redis::RedisError> {
        let manager = self
            .connection
            .get_or_try_init(|| async {
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(Some(self.timeout))
                    .set_response_timeout(Some(self.timeout))
                    .set_number_of_retries(2)
                    .set_max_delay(self.timeout);
                ConnectionManager::new_lazy_with_config(self.client.clone(), config)
            })
            .await?;
        Ok(manager.clone())
    }

    /// Runs `op` on Redis; on failure applies the policy: `local` gives the fallback's answer.
    async fn run<T>(
        &self,
        what: &'static str,
        op: impl std::future::Future<Output = Result<T, redis::RedisError>>,
        local: impl FnOnce(&MemoryStore) -> T,
    ) -> Result<T, StoreError> {
        let result = match tokio::time::timeout(self.timeout * 2, op).await {
            Ok(result) => result.map_err(|error| error.to_string()),
            Err(_) => Err(format!("no answer within {:?}", self.timeout * 2)),
        };
        match result {
            Ok(value) => {
                if self.down.swap(false, Ordering::Relaxed) {
                    tracing::warn!(store = %self.shown, "Redis store reachable again; shared state resumed");
                }
                Ok(value)
            }
            Err(reason) => {
                let reason = reason.replace(&self.client_password(), "[redacted]");
                let first = !self.down.swap(true, Ordering::Relaxed);
                match self.unavailable {
                    Unavailable::FallBackToLocal => {
                        if first {
                            tracing::warn!(store = %self.shown, operation = what, %reason, "Redis store unavailable; falling back to this process's memory until it is back");
                        }
                        Ok(local(&self.local))
                    }
                    Unavailable::Refuse => {
                        if first {
                            tracing::warn!(store = %self.shown, operation = what, %reason, "Redis store unavailable; refusing until it is back");
                        }
                        Err(StoreError::Unavailable {
                            store: self.shown.clone(),
                            reason,
                        })
                    }
                }
            }
        }
    }

    fn client_password(&self) -> String {
        self.client
            .get_connection_info()
            .redis_settings()
            .password()
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| "\u{0}".to_owned())
    }

    fn protocol(&self, reason: String) -> StoreError {
        StoreError::Protocol {
            store: self.shown.clone(),
            reason,
        }
    }
}

impl Store for RedisStore {
    fn acquire<'a>(
        &'a self,
        scope: Scope<'a>,
        method: &'a str,
        limit: Limit,
    ) -> StoreFuture<'a, Duration> {
        Box::pin(async move {
            let key = scope.key(&self.prefix, "rate", method);
            let member = format!(
                "{:016x}-{}",
                self.instance,
                self.counter.fetch_add(1, Ordering::Relaxed)
            );
            let op = async {
                let mut connection = self.connection().await?;
                self.acquire
                    .key(&key)
                    .key(format!("{key}:next"))
                    .key(format!("{key}:pause"))
                    .arg(limit.per_window.max(1))
                    .arg(micros(limit.window).max(1))
                    .arg(limit.clamped_burst())
                    .arg(member)
                    .invoke_async::<i64>(&mut connection)
                    .await
            };
            let wait = self
                .run("acquire", op, |local| {
                    i64::try_from(micros(local.acquire_now(scope, method, limit)))
                        .unwrap_or(i64::MAX)
                })
                .await?;
            let wait = u64::try_from(wait).map_err(|_| {
                self.protocol(format!("negative wait {wait} from the rate-limit script"))
            })?;
            Ok(Duration::from_micros(wait))
        })
    }

    fn pause<'a>(
        &'a self,
        scope: Scope<'a>,
        method: &'a str,
        duration: Duration,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let key = scope.key(&self.prefix, "rate", method);
            let op = async {
                let mut connection = self.connection().await?;
                self.pause
                    .key(format!("{key}:pause"))
                    .arg(millis(duration))
                    .invoke_async::<i64>(&mut connection)
                    .await
                    .map(|_| ())
            };
            self.run("pause", op, |local| {
                local.pause_now(scope, method, duration)
            })
            .await
        })
    }

    fn claim<'a>(
        &'a self,
        scope: Scope<'a>,
        event_id: &'a str,
        lease: Duration,
    ) -> StoreFuture<'a, Claim> {
        Box::pin(async move {
            let key = scope.key(&self.prefix, "event", event_id);
            let op = async {
                let mut connection = self.connection().await?;
                self.claim
                    .key(&key)
                    .arg(millis(lease))
                    .invoke_async::<String>(&mut connection)
                    .await
            };
            let answer = self
                .run("claim", op, |local| {
                    match local.claim_now(scope, event_id, lease) {
                        Claim::Claimed => "claimed",
                        Claim::Processing => "processing",
                        Claim::Done => "done",
                    }
                    .to_owned()
                })
                .await?;
            match answer.as_str() {
                "claimed" => Ok(Claim::Claimed),
                "processing" => Ok(Claim::Processing),
                "done" => Ok(Claim::Done),
                other => Err(self.protocol(format!("claim answered {other:?}"))),
            }
        })
    }

    fn finish<'a>(
        &'a self,
        scope: Scope<'a>,
        event_id: &'a str,
        keep: Duration,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let key = scope.key(&self.prefix, "event", event_id);
            let op = async {
                let mut connection = self.connection().await?;
                redis::cmd("SET")
                    .arg(&key)
                    .arg("done")
                    .arg("PX")
                    .arg(millis(keep))
                    .query_async::<()>(&mut connection)
                    .await
            };
            self.run("finish", op, |local| {
                local.finish_now(scope, event_id, keep)
            })
            .await
        })
    }
}

/// A random number: the standard library's hasher keys are random per process, and each
/// `RandomState` differs from the last.
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    hasher.finish()
}

/// `address` with any user name and password replaced, for messages.
fn without_credentials(address: &str) -> String {
    match url::Url::parse(address) {
        Ok(mut url) => {
            if !url.username().is_empty() || url.password().is_some() {
                let _ = url.set_username("");
                let _ = url.set_password(None);
                return format!("{url} (credentials hidden)");
            }
            url.to_string()
        }
        Err(_) => "(an address that does not parse)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_never_show() {
        let store = RedisStore::open("redis://admin:hunter2secret@127.0.0.1:1/0").unwrap();
        let shown = format!("{store:?} {}", store.address());
        assert!(!shown.contains("hunter2secret"), "{shown}");
        assert!(!shown.contains("admin"), "{shown}");
        let error = RedisStore::open("nonsense://hunter2secret@x").unwrap_err();
        assert!(!error.to_string().contains("hunter2secret"), "{error}");
        assert!(matches!(error, StoreError::InvalidAddress(_)));
    }
}
