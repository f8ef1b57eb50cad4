//! Delivering events to the subscribed request URL the way Slack does: one signed JSON POST per
//! event, retried up to three times (nearly at once, after a minute, after five minutes, on the
//! emulator's scaled clock) while the receiver fails, with `X-Slack-Retry-Num` and
//! `X-Slack-Retry-Reason`, and never again once it answers `X-Slack-No-Retry: 1`.
//!
//! State changes queue events under the state lock; [`Deliveries::send`] is called after the
//! lock is released and hands each to a background worker, which runs one task per delivery.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;
use slack_connect::signing::{
    NO_RETRY_HEADER, RETRY_NUM_HEADER, RETRY_REASON_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER,
};
use slack_connect::{Delivery, EventCallback, UrlVerification};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use crate::events::EventSubscription;
use crate::state::Clock;

/// Slack's retry schedule: the wait before each retry, in emulated seconds.
const RETRY_DELAYS: [u64; 3] = [1, 60, 5 * 60];
/// How many delivery reports are kept (the oldest are dropped first).
const MAX_REPORTS: usize = 10_000;
/// The `User-Agent` of Slack's deliveries.
const USER_AGENT: &str = "Slackbot 1.0 (+https://api.slack.com/robots)";

/// What happened to one event's delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeliveryReport {
    /// The event's `event_id`, the same on every attempt.
    pub event_id: String,
    /// The event's `type`, e.g. `shared_channel_invite_requested`.
    pub event_type: String,
    /// The workspace it was delivered for (`team_id`).
    pub team_id: String,
    /// Where it stands.
    pub outcome: DeliveryOutcome,
    /// Every attempt so far, the first one included.
    pub attempts: Vec<DeliveryAttempt>,
}

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryOutcome {
    /// Being attempted, or waiting for a retry.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Every attempt failed; Slack gives up after three retries.
    Failed,
    /// The receiver failed and answered `X-Slack-No-Retry: 1`, so no retry followed.
    NoRetry,
}

/// One POST of a delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeliveryAttempt {
    /// 0 for the first attempt, then the `X-Slack-Retry-Num` sent (1, 2, 3).
    pub retry_num: u32,
    /// The `X-Slack-Retry-Reason` sent with a retry: why the attempt before it failed.
    pub retry_reason: Option<String>,
    /// The receiver's HTTP status, if it answered.
    pub status: Option<u16>,
    /// Why this attempt failed, in Slack's words (`http_error`, `http_timeout`,
    /// `connection_failed`, `too_many_redirects`, `unknown_error`), or `None` if it succeeded.
    pub failure: Option<String>,
}

/// One delivery for the worker.
struct Job {
    subscription: EventSubscription,
    body: Vec<u8>,
    report: Arc<Mutex<DeliveryReport>>,
    _pending: PendingGuard,
}

/// Counts a delivery as in flight until dropped.
struct PendingGuard(watch::Sender<usize>);

impl PendingGuard {
    fn new(pending: &watch::Sender<usize>) -> PendingGuard {
        pending.send_modify(|n| *n += 1);
        PendingGuard(pending.clone())
    }
}

impl Drop for PendingGuard {
    fn drop(&mut self) {
        self.0.send_modify(|n| *n = n.saturating_sub(1));
    }
}

/// The subscription, the queue to the worker, and what happened to each delivery.
#[derive(Debug)]
pub(crate) struct Deliveries {
    subscription: Mutex<Option<EventSubscription>>,
    jobs: mpsc::UnboundedSender<Job>,
    reports: Mutex<VecDeque<Arc<Mutex<DeliveryReport>>>>,
    pending: watch::Sender<usize>,
    client: reqwest::Client,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job").finish_non_exhaustive()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Deliveries {
    /// The deliveries, and the worker to spawn. `second` is how long an emulated second lasts.
    pub fn new(
        clock: Arc<Clock>,
        second: Duration,
    ) -> (Deliveries, impl std::future::Future<Output = ()> + Send) {
        let (jobs, queue) = mpsc::unbounded_channel();
        let client = reqwest::Client::builder()
            .no_proxy()
            .user_agent(USER_AGENT)
            .build()
            .unwrap_or_default();
        let deliveries = Deliveries {
            subscription: Mutex::new(None),
            jobs,
            reports: Mutex::new(VecDeque::new()),
            pending: watch::Sender::new(0),
            client: client.clone(),
        };
        (deliveries, work(queue, client, clock, second))
    }

    /// Sets (or, with `None`, clears) where events go.
    pub fn subscribe(&self, subscription: Option<EventSubscription>) {
        *lock(&self.subscription) = subscription;
    }

    /// The current subscription.
    pub fn subscription(&self) -> Option<EventSubscription> {
        lock(&self.subscription).clone()
    }

    /// Starts delivering `events` to the current subscription, if any.
    pub fn send(&self, events: Vec<EventCallback>) {
        if events.is_empty() {
            return;
        }
        let Some(subscription) = self.subscription() else {
            return;
        };
        for event in events {
            let body = match Delivery::EventCallback(event.clone())
                .to_value()
                .and_then(|value| serde_json::to_vec(&value))
            {
                Ok(body) => body,
                Err(error) => {
                    tracing::error!(%error, event_id = %event.event_id, "cannot encode an event");
                    continue;
                }
            };
            let report = Arc::new(Mutex::new(DeliveryReport {
                event_id: event.event_id.clone(),
                event_type: event.event.event_type().to_owned(),
                team_id: event.team_id.as_str().to_owned(),
                outcome: DeliveryOutcome::Pending,
                attempts: Vec::new(),
            }));
            {
                let mut reports = lock(&self.reports);
                if reports.len() >= MAX_REPORTS {
                    reports.pop_front();
                }
                reports.push_back(report.clone());
            }
            let job = Job {
                subscription: subscription.clone(),
                body,
                report,
                _pending: PendingGuard::new(&self.pending),
            };
            if self.jobs.send(job).is_err() {
                tracing::warn!("the event worker has stopped; an event was not delivered");
            }
        }
    }

    /// Every delivery so far (the latest [`MAX_REPORTS`]), oldest first.
    pub fn reports(&self) -> Vec<DeliveryReport> {
        lock(&self.reports)
            .iter()
            .map(|r| lock(r).clone())
            .collect()
    }

    /// Waits until no delivery is in flight or waiting for a retry.
    pub async fn settled(&self) {
        let mut pending = self.pending.subscribe();
        let _ = pending.wait_for(|n| *n == 0).await;
    }

    /// Sends a signed `url_verification` request, as Slack does when a request URL is saved,
    /// and checks that the answer echoes the challenge (as text, JSON or a form).
    pub async fn verify_request_url(&self, now: i64, nonce: u64) -> Result<(), String> {
        let subscription = self.subscription().ok_or("no event subscription is set")?;
        let challenge = format!(
            "{:016x}{:08x}",
            nonce.wrapping_mul(0x9E37_79B9_7F4A_7C15),
            now
        );
        let body = Delivery::UrlVerification({
            let mut built = UrlVerification::new(challenge.clone());
            built.token = None;
            built
        })
        .to_value()
        .and_then(|value| serde_json::to_vec(&value))
        .map_err(|e| e.to_string())?;
        let timestamp = now.to_string();
        let response = self
            .client
            .post(&subscription.request_url)
            .timeout(subscription.ack_timeout)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(TIMESTAMP_HEADER, &timestamp)
            .header(
                SIGNATURE_HEADER,
                subscription.signing_secret.sign(&timestamp, &body),
            )
            .body(body)
            .send()
            .await
            .map_err(|e| format!("{}: {}", subscription.request_url, failure_of(&e)))?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("the request URL answered HTTP {}", status.as_u16()));
        }
        let text = response.text().await.map_err(|e| e.to_string())?;
        let echoed = text.trim() == challenge
            || serde_json::from_str::<serde_json::Value>(&text)
                .is_ok_and(|v| v.get("challenge").and_then(|c| c.as_str()) == Some(&challenge))
            || form_urlencoded_challenge(&text).as_deref() == Some(challenge.as_str());
        if echoed {
            Ok(())
        } else {
            Err("the request URL did not answer with the challenge".into())
        }
    }
}

fn form_urlencoded_challenge(text: &str) -> Option<String> {
    text.trim()
        .split('&')
        .find_map(|pair| pair.strip_prefix("challenge="))
        .map(str::to_owned)
}

/// The worker: one task per delivery, all stopped when the worker is.
async fn work(
    mut queue: mpsc::UnboundedReceiver<Job>,
    client: reqwest::Client,
    clock: Arc<Clock>,
    second: Duration,
) {
    let mut tasks = JoinSet::new();
    loop {
        tokio::select! {
            job = queue.recv() => match job {
                Some(job) => {
                    tasks.spawn(deliver(job, client.clone(), clock.clone(), second));
                }
                None => break,
            },
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
        }
    }
    while tasks.join_next().await.is_some() {}
}

/// Attempts one delivery until it succeeds, the receiver says not to retry, or the retries
/// are spent.
async fn deliver(job: Job, client: reqwest::Client, clock: Arc<Clock>, second: Duration) {
    let subscription = &job.subscription;
    let mut last_failure: Option<&'static str> = None;
    for retry_num in 0..=RETRY_DELAYS.len() {
        if let Some(wait) = retry_num.checked_sub(1).map(|i| RETRY_DELAYS[i]) {
            let wait_secs = u32::try_from(wait).unwrap_or(u32::MAX);
            tokio::time::sleep(second.saturating_mul(wait_secs)).await;
        }
        let timestamp = clock.now().to_string();
        let signature = subscription.signing_secret.sign(&timestamp, &job.body);
        let mut request = client
            .post(&subscription.request_url)
            .timeout(subscription.ack_timeout)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(TIMESTAMP_HEADER, &timestamp)
            .header(SIGNATURE_HEADER, signature)
            .body(job.body.clone());
        if let Some(reason) = last_failure {
            request = request
                .header(RETRY_NUM_HEADER, retry_num.to_string())
                .header(RETRY_REASON_HEADER, reason);
        }
        let (status, failure, no_retry) = match request.send().await {
            Ok(response) => {
                let status = response.status();
                let no_retry = response
                    .headers()
                    .get(NO_RETRY_HEADER)
                    .is_some_and(|v| v.as_bytes() == b"1");
                let failure = (!status.is_success()).then_some("http_error");
                (Some(status.as_u16()), failure, no_retry)
            }
            Err(error) => (None, Some(failure_of(&error)), false),
        };
        let mut report = lock(&job.report);
        report.attempts.push(DeliveryAttempt {
            retry_num: u32::try_from(retry_num).unwrap_or(u32::MAX),
            retry_reason: last_failure.map(str::to_owned),
            status,
            failure: failure.map(str::to_owned),
        });
        tracing::debug!(
            event_id = %report.event_id,
            retry_num,
            status,
            failure,
            "event delivery attempt"
        );
        match failure {
            None => {
                report.outcome = DeliveryOutcome::Delivered;
                return;
            }
            Some(_) if no_retry => {
                report.outcome = DeliveryOutcome::NoRetry;
                return;
            }
            Some(failure) => last_failure = Some(failure),
        }
    }
    let mut report = lock(&job.report);
    report.outcome = DeliveryOutcome::Failed;
    tracing::warn!(event_id = %report.event_id, "event not delivered after 3 retries");
}

/// Slack's name for why a request failed.
fn failure_of(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "http_timeout"
    } else if error.is_redirect() {
        "too_many_redirects"
    } else if error.is_connect() {
        "connection_failed"
    } else {
        "unknown_error"
    }
}
