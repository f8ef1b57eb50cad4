//! Reviewing a spec change: every difference between two versions of the spec, each with what
//! it means for callers of Slack's API (the wire verdict) and for the `slack-connect` crate's
//! version (the SemVer verdict, read off the code the generator emits for that change alone).
//! The review fails safe: an edit to a key with no classification rule ([`rules`]) gets the
//! wire verdict `unclassified` and fails it, rather than passing as documentation.
//!
//! Pipeline: both versions are loaded and validated; their JSON is diffed item by item
//! ([`tree`]); each edit is described and judged for the wire ([`classify`]); each edit is
//! replayed alone onto the base, the result generated, and its public API compared with the
//! base's under Cargo's SemVer rules ([`api`]).

pub mod api;
pub mod classify;
pub mod render;
pub mod rules;
pub mod tree;
pub mod version;

use std::path::Path;

pub use api::{ApiChange, Level};
pub use classify::Wire;
pub use rules::{Rule, Rules};

use crate::model::Spec;
use crate::{load, GenerateError, SpecErrors};

/// One change, with both verdicts.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SpecChange {
    /// The method, event or shared file it belongs to.
    pub scope: String,
    /// The item, e.g. "argument `emails`".
    pub subject: String,
    /// What happened to it, e.g. "added" or "500 -> 1000".
    pub what: String,
    /// The file and JSON path, e.g. `methods/x.json .arguments[emails].required`.
    pub location: String,
    /// What it means for callers of Slack's API.
    pub wire: Wire,
    /// What the generated code needs from the crate's version.
    pub sdk: Level,
    /// The generated items behind the SemVer verdict, most severe first.
    pub api: Vec<ApiChange>,
    /// Methods and events a shared change reaches.
    pub reaches: Vec<String>,
    /// Set when the change could not be generated alone (it refers to something another
    /// change adds): the changes it was judged with, `its file` or `all changes`.
    pub judged_with: Option<String>,
}

/// The whole review.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    /// Every change, by scope, then location.
    pub changes: Vec<SpecChange>,
    /// The worst wire verdict.
    pub wire: Wire,
    /// The SemVer verdict for the crate, from the whole generated API of both versions.
    pub sdk: Level,
    /// The generated API changes behind it.
    pub api: Vec<ApiChange>,
}

impl Report {
    /// Whether any change breaks Slack callers or needs a major release of the crate.
    pub fn is_breaking(&self) -> bool {
        self.wire == Wire::Breaking || self.sdk == Level::Major
    }

    /// The changes to keys spec-diff has no rule for.
    pub fn unclassified(&self) -> impl Iterator<Item = &SpecChange> {
        self.changes.iter().filter(|c| c.wire == Wire::Unclassified)
    }

    /// Whether the review must fail: a breaking change, or one nobody has classified.
    pub fn fails(&self) -> bool {
        self.is_breaking() || self.unclassified().next().is_some()
    }
}

/// Compares the spec in `base_dir` with the one in `head_dir`.
pub fn compare(base_dir: &Path, head_dir: &Path) -> Result<Report, GenerateError> {
    compare_files(&read(base_dir)?, &read(head_dir)?)
}

/// The spec files of `dir`; an error names each file that cannot be read or does not belong.
pub fn read(dir: &Path) -> Result<load::SpecFiles, GenerateError> {
    let mut errors = Vec::new();
    let files = load::read_files(dir, &mut errors);
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(SpecErrors(errors).into())
    }
}

/// Compares two versions of the spec given as the text of their files (path relative to the
/// spec directory -> contents), such as a revision's files read from git.
pub fn compare_files(
    base: &load::SpecFiles,
    head: &load::SpecFiles,
) -> Result<Report, GenerateError> {
    compare_files_with(base, head, &Rules::standard())
}

/// [`compare_files`] under the given classification rules.
pub fn compare_files_with(
    base: &load::SpecFiles,
    head: &load::SpecFiles,
    rules: &Rules,
) -> Result<Report, GenerateError> {
    let base = Side::of(base)?;
    let head = Side::of(head)?;
    let overall = base.api.compare(&head.api);
    let (base_usage, head_usage) = (
        classify::Usage::of(&base.spec),
        classify::Usage::of(&head.spec),
    );
    let (base_tree, head_tree) = (&base.tree, &head.tree);
    let edits = tree::diff(base_tree, head_tree);
    let mut changes = Vec::new();
    for group in group_renames(&edits) {
        let first = &group[0];
        let mut described = classify::describe(first, &base_usage, &head_usage, rules);
        if let [_, added] = group.as_slice() {
            if let Some(tree::Seg::Item(new_name)) = added.path.last() {
                described.what = format!("renamed to `{new_name}`");
            }
        }
        // Alone if the spec stays valid; else with the other edits of its file; else with all.
        let same_file: Vec<tree::Edit> = edits
            .iter()
            .filter(|e| e.file == first.file)
            .cloned()
            .collect();
        let (api, judged_with) = match replay(base_tree, &group, &base.api)? {
            Some(api) => (api, None),
            None => match replay(base_tree, &same_file, &base.api)? {
                Some(api) => (api, Some("its file".to_owned())),
                None => (overall.clone(), Some("all changes".to_owned())),
            },
        };
        let path: String = first.path.iter().map(ToString::to_string).collect();
        let path = if path.is_empty() {
            "(file)".to_owned()
        } else {
            path
        };
        changes.push(SpecChange {
            scope: described.scope,
            subject: described.subject,
            what: described.what,
            location: format!("{} {path}", first.file),
            wire: described.wire,
            sdk: api::level(&api),
            api,
            reaches: described.reaches,
            judged_with,
        });
    }
    changes.sort_by(|a, b| {
        a.scope
            .cmp(&b.scope)
            .then_with(|| a.location.cmp(&b.location))
    });
    Ok(Report {
        wire: changes.iter().map(|c| c.wire).max().unwrap_or(Wire::Docs),
        sdk: api::level(&overall),
        api: overall,
        changes,
    })
}

/// One version of the spec, loaded, diffed and generated from the text of its files.
struct Side {
    spec: Spec,
    tree: tree::Tree,
    api: api::Surface,
}

impl Side {
    fn of(files: &load::SpecFiles) -> Result<Side, GenerateError> {
        let spec = load::from_files(files)?;
        let api = surface(&spec)?;
        Ok(Side {
            tree: tree::from_files(files)?,
            spec,
            api,
        })
    }
}

/// The generated public API of a spec; a spec error if it is invalid.
fn surface(spec: &Spec) -> Result<api::Surface, GenerateError> {
    let files = crate::generate_spec(spec, &crate::sdk_paths())?;
    api::Surface::of(&files).map_err(GenerateError::Internal)
}

/// The API changes of `edits` applied alone to the base; `None` when that spec is invalid.
fn replay(
    base: &tree::Tree,
    edits: &[tree::Edit],
    base_api: &api::Surface,
) -> Result<Option<Vec<ApiChange>>, GenerateError> {
    let mut patched = base.clone();
    for edit in edits {
        tree::apply(&mut patched, edit);
    }
    let head = load::from_files(&tree::to_files(&patched))
        .map_err(GenerateError::from)
        .and_then(|spec| surface(&spec));
    match head {
        Ok(head) => Ok(Some(base_api.compare(&head))),
        Err(GenerateError::Spec(_)) => Ok(None),
        Err(other) => Err(other),
    }
}

/// Edits grouped into changes: a removed item and an added item of the same list that are
/// equal but for their `name` are one rename; every other edit is a change of its own.
fn group_renames(edits: &[tree::Edit]) -> Vec<Vec<tree::Edit>> {
    let unnamed = |value: &serde_json::Value| {
        let mut value = value.clone();
        if let Some(object) = value.as_object_mut() {
            object.remove("name");
        }
        value
    };
    let parent = |edit: &tree::Edit| edit.path[..edit.path.len().saturating_sub(1)].to_vec();
    let is_item = |edit: &tree::Edit| matches!(edit.path.last(), Some(tree::Seg::Item(_)));
    let mut taken = vec![false; edits.len()];
    let mut groups = Vec::new();
    for (i, removed) in edits.iter().enumerate() {
        if taken[i] {
            continue;
        }
        taken[i] = true;
        let mut group = vec![removed.clone()];
        if let (true, Some(before), None) = (is_item(removed), &removed.before, &removed.after) {
            let partner = edits.iter().enumerate().find(|(j, added)| {
                !taken[*j]
                    && is_item(added)
                    && added.before.is_none()
                    && added.file == removed.file
                    && parent(added) == parent(removed)
                    && added.after.as_ref().map(unnamed) == Some(unnamed(before))
            });
            if let Some((j, added)) = partner {
                taken[j] = true;
                group.push(added.clone());
            }
        }
        groups.push(group);
    }
    groups
}
