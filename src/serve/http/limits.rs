//! How many connections the preview holds, and which one gives way when it is full.
//!
//! A connection that has not sent its request head yet costs the server a slot while doing
//! nothing, so slow or silent sockets must never crowd out a browser: every client (peer
//! address) has a cap of its own, the server a cap for everyone, and when a new connection
//! would pass either, the oldest connection still waiting for its head (of that client, or of
//! anyone) is closed to make room, else the oldest event stream. Waiting connections are also
//! closed after a deadline, and answers that the client does not read after another; event
//! streams may live on.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections at once, all clients together.
    pub total: usize,
    /// Connections at once from one address. All local browsers share 127.0.0.1, so this
    /// must leave room for many tabs; it keeps one machine on the network from taking all.
    pub per_client: usize,
    /// The whole request head must arrive within this time.
    pub head: Duration,
    /// An answer (other than an event stream) must be taken by the client within this time.
    pub answer: Duration,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        total: 512,
        per_client: 64,
        head: Duration::from_secs(5),
        answer: Duration::from_secs(30),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// No complete request head yet: may be closed to make room.
    Waiting,
    Answering,
    /// A live-reload event stream, which stays open as long as the page does.
    Streaming,
}

struct Entry {
    client: IpAddr,
    phase: Phase,
    since: Instant,
    close: Arc<Notify>,
}

/// The open connections, in the order they came (ids only grow).
pub struct Registry {
    limits: Limits,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    next_id: u64,
    open: BTreeMap<u64, Entry>,
}

/// The server is full of connections that are all busy answering.
#[derive(Debug)]
pub struct Full;

/// One admitted connection; it leaves the registry when dropped.
pub struct Ticket {
    registry: Arc<Registry>,
    pub id: u64,
    close: Arc<Notify>,
}

impl Ticket {
    /// Completes when the registry wants this connection closed.
    pub async fn closed(&self) {
        self.close.notified().await;
    }

    /// The request head has arrived; `stream` for an event stream.
    pub fn answering(&self, stream: bool) {
        self.registry.set_phase(
            self.id,
            if stream {
                Phase::Streaming
            } else {
                Phase::Answering
            },
        );
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.registry.lock().open.remove(&self.id);
    }
}

impl Registry {
    pub fn new(limits: Limits) -> Arc<Registry> {
        Arc::new(Registry {
            limits,
            state: Mutex::new(State::default()),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Admits a new connection from `client`, closing an older waiting one if a cap is
    /// reached; `Full` if every connection in the way is busy answering.
    pub fn admit(self: &Arc<Registry>, client: IpAddr) -> Result<Ticket, Full> {
        let mut state = self.lock();
        // Who gives way: a connection still waiting for its head, else an event stream (the
        // page reconnects by itself, and a closed tab's stream lingers until a write fails);
        // never one that is answering a request.
        let oldest = |state: &State, phase: Phase, same_client: bool| {
            state
                .open
                .iter()
                .find(|(_, e)| e.phase == phase && (!same_client || e.client == client))
                .map(|(id, _)| *id)
        };
        let victim_among = |state: &State, same_client: bool| {
            oldest(state, Phase::Waiting, same_client)
                .or_else(|| oldest(state, Phase::Streaming, same_client))
                .ok_or(Full)
        };
        let from_client = state.open.values().filter(|e| e.client == client).count();
        let victim = if from_client >= self.limits.per_client {
            Some(victim_among(&state, true)?)
        } else if state.open.len() >= self.limits.total {
            Some(victim_among(&state, false)?)
        } else {
            None
        };
        if let Some(entry) = victim.and_then(|id| state.open.remove(&id)) {
            entry.close.notify_one();
        }
        let id = state.next_id;
        state.next_id += 1;
        let close = Arc::new(Notify::new());
        state.open.insert(
            id,
            Entry {
                client,
                phase: Phase::Waiting,
                since: Instant::now(),
                close: close.clone(),
            },
        );
        Ok(Ticket {
            registry: self.clone(),
            id,
            close,
        })
    }

    fn set_phase(&self, id: u64, phase: Phase) {
        if let Some(entry) = self.lock().open.get_mut(&id) {
            entry.phase = phase;
            entry.since = Instant::now();
        }
    }

    /// Closes connections past their deadline; returns how many. hyper enforces the head
    /// deadline itself; this is the backstop for it and the only check of answers.
    pub fn close_expired(&self, now: Instant) -> usize {
        let mut state = self.lock();
        let expired: Vec<u64> = state
            .open
            .iter()
            .filter(|(_, e)| {
                let age = now.saturating_duration_since(e.since);
                match e.phase {
                    // A second of grace, so that hyper's own timer fires first.
                    Phase::Waiting => age > self.limits.head + Duration::from_secs(1),
                    Phase::Answering => age > self.limits.answer,
                    Phase::Streaming => false,
                }
            })
            .map(|(id, _)| *id)
            .collect();
        for id in &expired {
            if let Some(entry) = state.open.remove(id) {
                entry.close.notify_one();
            }
        }
        expired.len()
    }

    #[cfg(test)]
    fn open(&self) -> Vec<u64> {
        self.lock().open.keys().copied().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    const SMALL: Limits = Limits {
        total: 4,
        per_client: 3,
        head: Duration::from_secs(5),
        answer: Duration::from_secs(30),
    };

    #[test]
    fn the_oldest_waiting_connection_of_a_client_gives_way() {
        let registry = Registry::new(SMALL);
        let slow: Vec<Ticket> = (0..3)
            .map(|_| registry.admit(ip("10.0.0.1")).unwrap())
            .collect();
        slow[1].answering(false);
        // The client's cap is reached: its oldest waiting connection (0) is closed, not 1.
        let fourth = registry.admit(ip("10.0.0.1")).unwrap();
        assert_eq!(registry.open(), vec![1, 2, fourth.id]);
        // Another client still gets in; the server is now full (4).
        let other = registry.admit(ip("10.0.0.2")).unwrap();
        assert_eq!(registry.open().len(), 4);
        // Full: the oldest waiting connection of anyone (2) gives way.
        let third_client = registry.admit(ip("10.0.0.3")).unwrap();
        assert_eq!(
            registry.open(),
            vec![1, fourth.id, other.id, third_client.id]
        );
        drop(other);
        assert_eq!(registry.open(), vec![1, fourth.id, third_client.id]);
    }

    #[test]
    fn streams_give_way_after_waiting_ones_and_answers_never() {
        let registry = Registry::new(SMALL);
        let stream = registry.admit(ip("10.0.0.1")).unwrap();
        stream.answering(true);
        let busy: Vec<Ticket> = (0..2)
            .map(|_| registry.admit(ip("10.0.0.1")).unwrap())
            .collect();
        busy[0].answering(false);
        // The client's cap is reached: the waiting connection goes first, then the stream.
        let next = registry.admit(ip("10.0.0.1")).unwrap();
        assert_eq!(registry.open(), vec![stream.id, busy[0].id, next.id]);
        next.answering(false);
        let last = registry.admit(ip("10.0.0.1")).unwrap();
        assert_eq!(registry.open(), vec![busy[0].id, next.id, last.id]);
        last.answering(false);
        assert!(registry.admit(ip("10.0.0.1")).is_err(), "all are answering");
        assert!(registry.admit(ip("10.0.0.2")).is_ok());
        assert_eq!(registry.open().len(), 3, "the refused one left no trace");
    }

    #[test]
    fn deadlines_close_waiting_and_unread_answers_but_not_streams() {
        let registry = Registry::new(SMALL);
        let waiting = registry.admit(ip("10.0.0.1")).unwrap();
        let answering = registry.admit(ip("10.0.0.1")).unwrap();
        answering.answering(false);
        let stream = registry.admit(ip("10.0.0.2")).unwrap();
        stream.answering(true);
        let now = Instant::now();
        assert_eq!(registry.close_expired(now), 0);
        assert_eq!(registry.close_expired(now + Duration::from_secs(7)), 1);
        assert_eq!(registry.open(), vec![answering.id, stream.id]);
        assert_eq!(registry.close_expired(now + Duration::from_secs(31)), 1);
        assert_eq!(registry.open(), vec![stream.id]);
        assert_eq!(registry.close_expired(now + Duration::from_secs(3600)), 0);
        drop(waiting);
    }
}
