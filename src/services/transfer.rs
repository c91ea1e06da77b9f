//! Copying or moving entries (files, and folders with every key below them) into another
//! folder of the same area, four keys at a time, with progress and Stop. Each key is copied
//! without ever replacing anything (`services::copy`) and, for a move, deleted as soon as its
//! copy is there: a stop or a failure half-way leaves every file in exactly one place (what
//! finished at the destination, the rest where it was), so running it again finishes it.

use crate::error::AppError;
use crate::folder::{self, Entry, Refused};
use crate::services::credentials::LiveSession;
use crate::services::{copy, files};
use crate::{aws::s3::S3Error, aws::s3::S3Object, config::AppConfig};
use futures_util::future::join4;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Copy,
    Move,
}

/// Where a transfer ended: how many files it had to carry and carried, those it could not
/// (path below the area's top, and why), and whether the user stopped it before the end.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub total: usize,
    pub done: usize,
    /// The source keys carried (a second run of a stopped move leaves those files out).
    pub carried: Vec<String>,
    pub failed: Vec<(String, AppError)>,
    pub stopped: bool,
}

/// What a transfer needs to know: the area's top (`root`), the folder the entries are listed
/// in (`parent`) and the folder they go to (`destination`), all full prefixes.
pub struct Places<'a> {
    pub root: &'a str,
    pub parent: &'a str,
    pub destination: &'a str,
}

/// Told how many files are done, of how many.
pub type OnProgress = Rc<dyn Fn(usize, usize)>;

/// Copies or moves `entries`, leaving out the source keys `carried_before` (sorted: what an
/// earlier run that stopped carried, for the caller to choose); stops taking new files once
/// `stop` is set.
#[allow(clippy::too_many_arguments)]
pub async fn transfer(
    config: &AppConfig,
    live: &LiveSession,
    mode: Mode,
    places: &Places<'_>,
    entries: &[Entry],
    carried_before: &[String],
    stop: Rc<Cell<bool>>,
    on_progress: OnProgress,
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut queue = VecDeque::new();
    for entry in entries {
        match planned(config, live, mode, places, entry).await {
            Ok(pairs) => queue.extend(
                pairs
                    .into_iter()
                    .filter(|(object, _)| carried_before.binary_search(&object.key).is_err()),
            ),
            Err(error) => outcome.failed.push((entry.name().to_string(), error)),
        }
    }
    outcome.total = queue.len();
    on_progress(0, outcome.total);
    let run = Run {
        config,
        live,
        mode,
        root: places.root,
        stop: &stop,
        on_progress: &on_progress,
        total: outcome.total,
        queue: RefCell::new(queue),
        done: Cell::new(0),
        carried: RefCell::default(),
        failed: RefCell::new(outcome.failed),
        halted: Cell::new(false),
    };
    join4(run.work(), run.work(), run.work(), run.work()).await;
    Outcome {
        done: run.done.get(),
        carried: run.carried.take(),
        stopped: stop.get() && !run.queue.borrow().is_empty(),
        failed: run.failed.take(),
        ..outcome
    }
}

/// The files an entry stands for, each with its key at the destination: a file itself, a
/// folder everything below it. A folder cannot go into itself, nor a copy onto its source.
async fn planned(
    config: &AppConfig,
    live: &LiveSession,
    mode: Mode,
    places: &Places<'_>,
    entry: &Entry,
) -> Result<Vec<(S3Object, String)>, AppError> {
    if mode == Mode::Copy && places.parent == places.destination {
        return Err(refused("files.copy-same-folder"));
    }
    let objects = match entry {
        Entry::File { object, .. } => vec![object.clone()],
        Entry::Folder { path, .. } => {
            let prefix = format!("{}{path}", places.root);
            if places.destination.starts_with(&prefix) {
                return Err(refused(match mode {
                    Mode::Move => "files.move-into-itself",
                    Mode::Copy => "files.copy-into-itself",
                }));
            }
            files::objects_under(config, live, &prefix).await?
        }
    };
    Ok(objects
        .into_iter()
        .filter_map(|object| {
            let to = folder::moved_key(&object.key, places.parent, places.destination)?;
            (to != object.key).then_some((object, to))
        })
        .collect())
}

fn refused(key: &'static str) -> AppError {
    AppError::Browser(Refused(key).to_string())
}

/// One transfer under way: what it carries where, the files still to carry, and what became
/// of those carried.
struct Run<'a> {
    config: &'a AppConfig,
    live: &'a LiveSession,
    mode: Mode,
    root: &'a str,
    stop: &'a Cell<bool>,
    on_progress: &'a OnProgress,
    total: usize,
    queue: RefCell<VecDeque<(S3Object, String)>>,
    done: Cell<usize>,
    carried: RefCell<Vec<String>>,
    failed: RefCell<Vec<(String, AppError)>>,
    /// The network failed past its retries: the other files would fail the same way.
    halted: Cell<bool>,
}

impl Run<'_> {
    /// One of four workers: carries files from the queue until it is empty, Stop is pressed,
    /// or the network fails.
    async fn work(&self) {
        while !self.stop.get() && !self.halted.get() {
            let Some((object, to)) = self.queue.borrow_mut().pop_front() else {
                return;
            };
            let shown = to.strip_prefix(self.root).unwrap_or(&to).to_string();
            match self.carry(&object, &to, &shown).await {
                Ok(()) => {
                    self.carried.borrow_mut().push(object.key);
                    self.done.set(self.done.get() + 1);
                    (self.on_progress)(self.done.get(), self.total);
                }
                Err(error) => {
                    self.halted.set(matches!(error, AppError::Network(_)));
                    self.failed.borrow_mut().push((shown, error));
                }
            }
        }
    }

    async fn carry(&self, object: &S3Object, to: &str, shown: &str) -> Result<(), AppError> {
        let (config, live) = (self.config, self.live);
        match self.mode {
            Mode::Move => files::rename(config, live, &object.key, object.size, to, shown).await,
            Mode::Copy => match copy::copy(config, live, &object.key, object.size, to).await {
                Ok(()) => Ok(()),
                Err(AppError::S3(S3Error::PreconditionFailed)) => Err(AppError::AlreadyExists {
                    path: shown.to_string(),
                }),
                Err(error) => Err(files::of_change(live, error)),
            },
        }
    }
}
