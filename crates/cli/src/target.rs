//! The workspace a command works on: opened by this process, or held open by the app or
//! `groundwork serve`, which is then handed the command's use cases
//! (`groundwork_api::handoff`). Commands ask a `Target` and format the answer the same way
//! either way, so their output does not depend on who has the workspace open.

use groundwork_api::handoff::{self, Handed, Holder};
use groundwork_api::jobs::ImportStep;
use groundwork_core::{Error, ErrorBody, ErrorCode, Workspace};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

pub enum Target {
    Open(Workspace),
    Handed {
        /// The workspace folder as this command names it.
        root: PathBuf,
        holder: Holder,
        /// Paths the user typed relative to this folder, made absolute for the holder (its
        /// working folder is its own): (absolute, as typed), to say them back as typed.
        typed: Vec<(String, String)>,
    },
}

pub fn error(body: ErrorBody) -> Error {
    let mut e = Error::new(body.code, body.message);
    e.field = body.field;
    e
}

impl Target {
    /// Open the workspace in `path`; when another process has it open and takes requests,
    /// the target is that process instead. `command` names what is being done, for the
    /// refusal when it cannot be handed over.
    pub fn open(path: Option<PathBuf>, command: &str) -> Result<Target, Error> {
        let root = match &path {
            Some(p) => p.clone(),
            None => Workspace::default_path()?,
        };
        match crate::open(path, false) {
            Ok(ws) => Ok(Target::Open(ws)),
            Err(e) if held(&e, &root) => match handoff::holder(&root) {
                Ok(holder) => Ok(Target::Handed {
                    root,
                    holder,
                    typed: Vec::new(),
                }),
                Err(why) => Err(Error::new(
                    e.code,
                    format!(
                        "{} (`{command}` could not be handed to it: {}.)",
                        e.message, why.message
                    ),
                )),
            },
            Err(e) => Err(e),
        }
    }

    /// The path to name to the workspace's holder: as typed when this process opened the
    /// workspace itself, else absolute (remembered, so answers say it back as typed).
    pub fn path(&mut self, p: &Path) -> PathBuf {
        match self {
            Target::Open(_) => p.to_path_buf(),
            Target::Handed { typed, .. } => match std::path::absolute(p) {
                Ok(abs) if abs != p => {
                    let pair = (abs.display().to_string(), p.display().to_string());
                    if !typed.contains(&pair) {
                        typed.push(pair);
                    }
                    abs
                }
                _ => p.to_path_buf(),
            },
        }
    }

    /// The workspace's `backups/` folder.
    pub fn backups_dir(&self) -> PathBuf {
        match self {
            Target::Open(ws) => ws.backups_dir(),
            Target::Handed { root, .. } => root.join(groundwork_core::backups::BACKUPS_DIR),
        }
    }

    /// Run a use case; its answer as JSON.
    pub fn call(&self, request: impl Into<Handed>) -> Result<Value, Error> {
        self.call_with(request.into(), &mut |_| {})
    }

    /// Run a use case, telling `step` about each file of an import as it lands.
    pub fn call_with(
        &self,
        request: Handed,
        step: &mut dyn FnMut(ImportStep),
    ) -> Result<Value, Error> {
        match self {
            Target::Open(ws) => handoff::run(ws, request, &AtomicBool::new(false), step),
            Target::Handed { holder, typed, .. } => {
                let mut step = |s: ImportStep| match serde_json::to_value(&s) {
                    Ok(mut v) => {
                        retype(&mut v, typed);
                        step(serde_json::from_value(v).unwrap_or(s))
                    }
                    Err(_) => step(s),
                };
                holder
                    .send(&request, &mut step)
                    .map(|mut v| {
                        retype(&mut v, typed);
                        v
                    })
                    .map_err(|mut e| {
                        for (abs, as_typed) in typed.iter() {
                            e.message = e.message.replace(abs, as_typed);
                        }
                        e
                    })
            }
        }
        .map_err(error)
    }

    /// Run a use case and read its answer as `T`.
    pub fn ask<T: DeserializeOwned>(&self, request: impl Into<Handed>) -> Result<T, Error> {
        let value = self.call(request)?;
        answer(value)
    }
}

/// Read a use case's JSON answer as the type the CLI formats.
pub fn answer<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    serde_json::from_value(value).map_err(|e| {
        Error::new(
            ErrorCode::Internal,
            format!("an answer this version of groundwork cannot read ({e})"),
        )
    })
}

/// Whether opening was refused because another process holds the workspace (not, say,
/// because the folder is not a workspace).
fn held(e: &Error, root: &Path) -> bool {
    e.code == ErrorCode::Conflict && groundwork_core::lock::read_owner(root).is_some()
}

/// Refuse a command that needs the workspace to itself, naming who has it open.
pub fn needs_it_alone(e: Error, root: &Path, command: &str) -> Error {
    match groundwork_core::lock::read_owner(root).filter(|_| held(&e, root)) {
        Some(owner) => Error::new(
            ErrorCode::Conflict,
            format!(
                "{} is open in {}. `{command}` needs the workspace to itself: close that one \
                 first (or stop it) and try again.",
                root.display(),
                owner.describe()
            ),
        ),
        None => e,
    }
}

/// Say absolute paths back as the user typed them, in every string of an answer.
fn retype(value: &mut Value, typed: &[(String, String)]) {
    if typed.is_empty() {
        return;
    }
    match value {
        Value::String(s) => {
            for (abs, as_typed) in typed {
                if s.contains(abs.as_str()) {
                    *s = s.replace(abs.as_str(), as_typed);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| retype(v, typed)),
        Value::Object(fields) => fields.values_mut().for_each(|v| retype(v, typed)),
        _ => {}
    }
}
