//! The plan: every generated file's path and contents, and the one function that writes it or
//! checks it against the tree.
//!
//! A plan owns whole directories: a file there that the plan does not list is an orphan, removed
//! on write and reported on check.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::GenerateError;

/// The command that regenerates everything; check failures name it.
pub const REGENERATE: &str = "cargo xtask codegen";

/// Generated files, by path relative to the workspace root.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Directories the plan owns, relative to the workspace root.
    pub owned_dirs: Vec<PathBuf>,
    /// Every file and its contents.
    pub files: BTreeMap<PathBuf, String>,
}

/// Write the plan to disk, or check that the disk matches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Update files that differ, create missing ones, remove orphans.
    Write,
    /// Change nothing; report every difference.
    Check,
}

/// One difference between the plan and the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A planned file is missing.
    Created(PathBuf),
    /// A file's contents differ; the unified diff from the tree to the plan.
    Updated(PathBuf, String),
    /// A file in an owned directory is not planned.
    Removed(PathBuf),
}

impl Change {
    /// The file concerned.
    pub fn path(&self) -> &Path {
        match self {
            Change::Created(p) | Change::Updated(p, _) | Change::Removed(p) => p,
        }
    }
}

impl Plan {
    /// Adds a directory of generated files under `dir`, which the plan then owns.
    pub fn add_dir(&mut self, dir: impl Into<PathBuf>, files: BTreeMap<String, String>) {
        let dir = dir.into();
        for (relative, contents) in files {
            self.files.insert(dir.join(relative), contents);
        }
        self.owned_dirs.push(dir);
    }

    /// Adds one generated file.
    pub fn add_file(&mut self, path: impl Into<PathBuf>, contents: String) {
        self.files.insert(path.into(), contents);
    }

    /// Compares the plan with the tree under `root` and, in write mode, brings the tree in line.
    /// Returns every change found (made, in write mode).
    pub fn apply(&self, root: &Path, mode: Mode) -> Result<Vec<Change>, GenerateError> {
        let mut changes = Vec::new();
        for (path, wanted) in &self.files {
            let full = root.join(path);
            match fs::read_to_string(&full) {
                Ok(current) if normalize(&current) == normalize(wanted) => continue,
                Ok(current) => {
                    let diff = unified_diff(path, &current, wanted);
                    changes.push(Change::Updated(path.clone(), diff));
                }
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    changes.push(Change::Created(path.clone()));
                }
                Err(error) => return Err(GenerateError::io(&full, error)),
            }
            if mode == Mode::Write {
                if let Some(parent) = full.parent() {
                    fs::create_dir_all(parent).map_err(|e| GenerateError::io(parent, e))?;
                }
                fs::write(&full, wanted).map_err(|e| GenerateError::io(&full, e))?;
            }
        }
        for dir in &self.owned_dirs {
            for orphan in self.orphans(root, dir)? {
                if mode == Mode::Write {
                    let full = root.join(&orphan);
                    fs::remove_file(&full).map_err(|e| GenerateError::io(&full, e))?;
                }
                changes.push(Change::Removed(orphan));
            }
        }
        Ok(changes)
    }

    /// Files under an owned directory that the plan does not list.
    fn orphans(&self, root: &Path, dir: &Path) -> Result<Vec<PathBuf>, GenerateError> {
        let mut found = Vec::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(current) = pending.pop() {
            let full = root.join(&current);
            let entries = match fs::read_dir(&full) {
                Ok(entries) => entries,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(error) => return Err(GenerateError::io(&full, error)),
            };
            for entry in entries {
                let entry = entry.map_err(|e| GenerateError::io(&full, e))?;
                let relative = current.join(entry.file_name());
                if entry.path().is_dir() {
                    pending.push(relative);
                } else if !self.files.contains_key(&relative) {
                    found.push(relative);
                }
            }
        }
        found.sort();
        Ok(found)
    }
}

/// The report of a failed check: every change, with diffs, and the command to run.
pub fn stale_report(changes: &[Change]) -> String {
    let mut report = format!(
        "generated files are out of date with the spec ({} file(s)); run `{REGENERATE}` and commit the result\n",
        changes.len()
    );
    for change in changes {
        match change {
            Change::Created(path) => {
                let _ = writeln!(report, "missing: {}", path.display());
            }
            Change::Removed(path) => {
                let _ = writeln!(
                    report,
                    "not generated from the spec (orphan): {}",
                    path.display()
                );
            }
            Change::Updated(path, diff) => {
                let _ = writeln!(report, "stale: {}\n{diff}", path.display());
            }
        }
    }
    report
}

fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n")
}

fn unified_diff(path: &Path, current: &str, wanted: &str) -> String {
    let (current, wanted) = (normalize(current), normalize(wanted));
    let name = path.display().to_string();
    TextDiff::from_lines(&current, &wanted)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("{name} (on disk)"),
            &format!("{name} (from the spec)"),
        )
        .to_string()
}
