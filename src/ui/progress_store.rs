//! The learner's progress in the browser: loading it from local storage (setting corrupt
//! entries aside under a backup key, never deleting them), saving it, and the shared signal
//! that any component uses to record a score ([`record_and_save`]).
//!
//! The decisions (format, migration, which entries are bad, merging) live in the pure
//! `progress` module; this file only talks to `localStorage`.

use std::cell::{Cell, OnceCell};

use leptos::prelude::*;

use crate::grading::Answer;
use crate::progress::{DecodeError, PROGRESS_BACKUP_KEY, PROGRESS_KEY, PROGRESS_V1_KEY, Progress};

/// The progress signal and the storage notice, shared through context and [`store`].
#[derive(Clone, Copy)]
pub struct ProgressStore {
    /// The learner's progress.
    pub progress: ReadSignal<Progress>,
    /// Updates the progress (call [`save`] afterwards, or use [`record_and_save`]).
    pub set_progress: WriteSignal<Progress>,
    /// A message about saved data (unreadable entries, storage unavailable), if any.
    pub notice: RwSignal<Option<String>>,
}

thread_local! {
    static STORE: OnceCell<ProgressStore> = const { OnceCell::new() };
    /// Set when unreadable data could not be backed up: then nothing is saved over it.
    static SAVE_BLOCKED: Cell<bool> = const { Cell::new(false) };
}

/// The browser's local storage, if the page may use it (it may not in some private modes).
pub fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Loads the progress, creates the shared store and provides it as context. Call once, in the
/// app's root component.
pub fn provide_store() -> ProgressStore {
    let (loaded, notice) = load();
    let (progress, set_progress) = signal(loaded);
    let store = ProgressStore { progress, set_progress, notice: RwSignal::new(notice) };
    STORE.with(|cell| {
        let _ = cell.set(store);
    });
    provide_context(store);
    store
}

/// The shared store, once [`provide_store`] has run.
pub fn store() -> Option<ProgressStore> {
    STORE.with(|cell| cell.get().copied())
}

/// Records one checked answer of `item_id` scoring `score` (0 to 1) and saves. Challenge and
/// exercise components call this; it does nothing before the app has started.
pub fn record_and_save(item_id: &str, score: f64) {
    update_and_save(|progress| progress.record_score(item_id, score));
}

/// Like [`record_and_save`], and keeps `answer` as the item's last answer.
pub fn record_answer_and_save(item_id: &str, score: f64, answer: &Answer) {
    update_and_save(|progress| progress.record_answer(item_id, score, answer));
}

/// Changes the progress with `change` and saves it.
pub fn update_and_save(change: impl FnOnce(&mut Progress)) {
    if let Some(store) = store() {
        store.set_progress.update(change);
        store.progress.with_untracked(save);
    }
}

/// Writes the progress to storage, unless unreadable data could not be backed up.
pub fn save(progress: &Progress) {
    if SAVE_BLOCKED.with(Cell::get) {
        return;
    }
    if let Some(storage) = storage() {
        // A full or blocked storage only loses this save; the page keeps working.
        let _ = storage.set_item(PROGRESS_KEY, &progress.encode());
    }
}

/// The local-storage key of a draft: what the learner typed for `owner`, an item id or one
/// step of a walkthrough (`interview-throttling.clarify`). Drafts are never sent anywhere and
/// are not part of the exported progress.
fn draft_key(owner: &str) -> String {
    format!("serverless-workbook.draft.{owner}")
}

/// The draft kept for `owner`, or `""`.
pub fn load_draft(owner: &str) -> String {
    storage()
        .and_then(|storage| storage.get_item(&draft_key(owner)).ok().flatten())
        .unwrap_or_default()
}

/// Keeps `text` as the draft of `owner` (a blank text forgets it). A full or blocked storage
/// only loses the draft; the page keeps working.
pub fn save_draft(owner: &str, text: &str) {
    if let Some(storage) = storage() {
        let _ = if text.trim().is_empty() {
            storage.remove_item(&draft_key(owner))
        } else {
            storage.set_item(&draft_key(owner), text)
        };
    }
}

/// Forgets the drafts of `owners` and of their parts (`owner.part`): a reset is a clean slate.
pub fn forget_drafts(owners: &[&str]) {
    let Some(storage) = storage() else { return };
    let count = storage.length().unwrap_or(0);
    let keys: Vec<String> =
        (0..count).filter_map(|index| storage.key(index).ok().flatten()).collect();
    for owner in owners {
        let exact = draft_key(owner);
        let parts = format!("{exact}.");
        for key in keys.iter().filter(|key| **key == exact || key.starts_with(&parts)) {
            let _ = storage.remove_item(key);
        }
    }
}

/// Adds `text` to the backup key, after what is already there; returns whether it is stored.
fn append_backup(storage: &web_sys::Storage, text: &str) -> bool {
    let kept = match storage.get_item(PROGRESS_BACKUP_KEY) {
        Ok(Some(existing)) if !existing.is_empty() => format!("{existing}\n{text}"),
        Ok(_) => text.to_owned(),
        Err(_) => return false,
    };
    storage.set_item(PROGRESS_BACKUP_KEY, &kept).is_ok()
}

/// Reads the saved progress (version 2, or else version 1 to migrate). Bad entries are copied to
/// the backup key and reported; the rest loads. A wholly unreadable value is backed up and the
/// learner starts afresh. If a backup fails, saving is switched off for this visit.
fn load() -> (Progress, Option<String>) {
    let Some(storage) = storage() else {
        return (Progress::default(), Some("Progress cannot be saved in this browser.".into()));
    };
    let text = match storage.get_item(PROGRESS_KEY) {
        Ok(Some(text)) => text,
        _ => match storage.get_item(PROGRESS_V1_KEY) {
            Ok(Some(text)) => text,
            _ => return (Progress::default(), None),
        },
    };
    let blocked = |backed_up: bool| {
        if backed_up {
            format!(
                " The unreadable data is kept in local storage under \"{PROGRESS_BACKUP_KEY}\"."
            )
        } else {
            SAVE_BLOCKED.with(|cell| cell.set(true));
            " It could not be backed up, so progress will not be saved during this visit."
                .to_owned()
        }
    };
    match Progress::decode(&text) {
        Ok((progress, bad)) if bad.is_empty() => (progress, None),
        Ok((progress, bad)) => {
            let lines: Vec<&str> = bad.iter().map(|entry| entry.text.as_str()).collect();
            let kept = blocked(append_backup(&storage, &lines.join("\n")));
            let first = &bad[0];
            let count = if bad.len() == 1 {
                "One saved entry".to_owned()
            } else {
                format!("{} saved entries", bad.len())
            };
            let notice = format!(
                "{count} could not be read (line {}: {}) and {} set aside; the rest of your \
                 progress is loaded.{kept}",
                first.line,
                first.reason,
                if bad.len() == 1 { "was" } else { "were" }
            );
            (progress, Some(notice))
        }
        Err(error) => {
            let kept = blocked(append_backup(&storage, &text));
            (Progress::default(), Some(format!("{error}. Starting afresh.{kept}")))
        }
    }
}

/// Reads an imported file and merges it into the progress, then saves. An invalid file changes
/// nothing and returns the reason.
pub fn import_and_merge(text: &str) -> Result<(), DecodeError> {
    let imported = Progress::import(text)?;
    update_and_save(|progress| progress.merge(&imported));
    Ok(())
}
