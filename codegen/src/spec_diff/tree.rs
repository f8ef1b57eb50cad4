//! The spec as plain JSON, diffed key by key, and single edits applied back.
//!
//! Diffing JSON rather than the typed model keeps one rule for every file: objects are compared
//! key by key, and lists whose items are named (`name`, `code`, `topic`) are compared item by
//! item, so reordering is not a change and an edit can be replayed on its own onto the base.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::load::SpecFiles;
use crate::GenerateError;

/// A spec directory's files (relative path -> JSON), without `$schema` pointers.
pub type Tree = BTreeMap<String, Value>;

/// Keys that name the items of a list, tried in order.
const ITEM_KEYS: &[&str] = &["name", "code", "topic"];

/// One step of a path into a spec file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum Seg {
    /// An object key.
    Key(String),
    /// The item of a list whose naming key has this value.
    Item(String),
}

impl fmt::Display for Seg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Seg::Key(key) => write!(f, ".{key}"),
            Seg::Item(name) => write!(f, "[{name}]"),
        }
    }
}

/// One difference: what was at `path` in `file`, and what is there now.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// Spec-relative file, e.g. `methods/conversations.inviteShared.json`.
    pub file: String,
    /// Where in the file; empty for a whole file added or removed.
    pub path: Vec<Seg>,
    /// The old value; `None` when added.
    pub before: Option<Value>,
    /// The new value; `None` when removed.
    pub after: Option<Value>,
}

/// Reads the spec files of `dir` (shared files, methods, events), skipping generated and
/// reference files.
pub fn read(dir: &Path) -> Result<Tree, GenerateError> {
    from_files(&super::read(dir)?)
}

/// The JSON of each file, without its `$schema` pointer.
pub fn from_files(files: &SpecFiles) -> Result<Tree, GenerateError> {
    files
        .iter()
        .map(|(relative, text)| {
            let mut value: Value = serde_json::from_str(text)
                .map_err(|error| GenerateError::Config(format!("{relative}: not JSON: {error}")))?;
            if let Some(object) = value.as_object_mut() {
                object.remove("$schema");
            }
            Ok((relative.clone(), value))
        })
        .collect()
}

/// The text of each file, for the loader.
pub fn to_files(tree: &Tree) -> SpecFiles {
    tree.iter()
        .map(|(relative, value)| (relative.clone(), value.to_string()))
        .collect()
}

/// Writes `tree` as a spec directory.
pub fn write(tree: &Tree, dir: &Path) -> Result<(), GenerateError> {
    for (relative, value) in tree {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|error| GenerateError::io(parent, error))?;
        }
        let text = serde_json::to_string_pretty(value)
            .map_err(|error| GenerateError::Internal(error.to_string()))?;
        fs::write(&path, text).map_err(|error| GenerateError::io(&path, error))?;
    }
    Ok(())
}

/// Every difference between two trees, ordered by file then path.
pub fn diff(base: &Tree, head: &Tree) -> Vec<Edit> {
    let mut edits = Vec::new();
    let files: std::collections::BTreeSet<&String> = base.keys().chain(head.keys()).collect();
    for file in files {
        match (base.get(file), head.get(file)) {
            (Some(a), Some(b)) => diff_value(file, &mut Vec::new(), a, b, &mut edits),
            (a, b) => edits.push(Edit {
                file: file.clone(),
                path: Vec::new(),
                before: a.cloned(),
                after: b.cloned(),
            }),
        }
    }
    edits
}

fn diff_value(file: &str, path: &mut Vec<Seg>, a: &Value, b: &Value, edits: &mut Vec<Edit>) {
    let leaf =
        |edits: &mut Vec<Edit>, path: &[Seg], before: Option<&Value>, after: Option<&Value>| {
            edits.push(Edit {
                file: file.to_owned(),
                path: path.to_vec(),
                before: before.cloned(),
                after: after.cloned(),
            })
        };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for key in keys {
                path.push(Seg::Key(key.clone()));
                match (x.get(key), y.get(key)) {
                    (Some(u), Some(v)) => diff_value(file, path, u, v, edits),
                    (u, v) => edits.push(Edit {
                        file: file.to_owned(),
                        path: path.clone(),
                        before: u.cloned(),
                        after: v.cloned(),
                    }),
                }
                path.pop();
            }
        }
        (Value::Array(x), Value::Array(y)) => match (item_key(x), item_key(y)) {
            (Some(kx), Some(ky)) if kx == ky => {
                let named = |items: &[Value]| -> BTreeMap<String, Value> {
                    items
                        .iter()
                        .map(|item| (item[kx].as_str().unwrap_or("").to_owned(), item.clone()))
                        .collect()
                };
                let (x, y) = (named(x), named(y));
                let names: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
                for name in names {
                    path.push(Seg::Item(name.clone()));
                    match (x.get(name), y.get(name)) {
                        (Some(u), Some(v)) => diff_value(file, path, u, v, edits),
                        (u, v) => leaf(edits, path, u, v),
                    }
                    path.pop();
                }
            }
            _ if a != b => leaf(edits, path, Some(a), Some(b)),
            _ => {}
        },
        _ if a != b => leaf(edits, path, Some(a), Some(b)),
        _ => {}
    }
}

/// The key naming every item of a non-empty list of objects, if there is one.
fn item_key(items: &[Value]) -> Option<&'static str> {
    if items.is_empty() {
        return None;
    }
    ITEM_KEYS.iter().copied().find(|key| {
        let mut names = std::collections::BTreeSet::new();
        items
            .iter()
            .all(|item| item[*key].as_str().is_some_and(|name| names.insert(name)))
    })
}

/// Applies one edit to `tree`, for generating the code of that change alone.
pub fn apply(tree: &mut Tree, edit: &Edit) {
    if edit.path.is_empty() {
        match &edit.after {
            Some(value) => tree.insert(edit.file.clone(), value.clone()),
            None => tree.remove(&edit.file),
        };
        return;
    }
    if let Some(root) = tree.get_mut(&edit.file) {
        set(root, &edit.path, edit.after.as_ref());
    }
}

fn set(value: &mut Value, path: &[Seg], new: Option<&Value>) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    match (first, value) {
        (Seg::Key(key), Value::Object(object)) => match (rest.is_empty(), new) {
            (true, Some(new)) => {
                object.insert(key.clone(), new.clone());
            }
            (true, None) => {
                object.remove(key);
            }
            (false, _) => {
                if let Some(inner) = object.get_mut(key) {
                    set(inner, rest, new);
                }
            }
        },
        (Seg::Item(name), Value::Array(items)) => {
            let key =
                item_key(items).or_else(|| new.and_then(|v| item_key(std::slice::from_ref(v))));
            let position = key.and_then(|key| {
                items
                    .iter()
                    .position(|item| item[key].as_str() == Some(name.as_str()))
            });
            match (rest.is_empty(), position, new) {
                (true, Some(i), Some(new)) => items[i] = new.clone(),
                (true, Some(i), None) => {
                    items.remove(i);
                }
                (true, None, Some(new)) => items.push(new.clone()),
                (false, Some(i), _) => set(&mut items[i], rest, new),
                _ => {}
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn applied(base: &Tree, edit: &Edit) -> Tree {
        let mut tree = base.clone();
        apply(&mut tree, edit);
        tree
    }

    fn tree(value: Value) -> Tree {
        Tree::from([("methods/a.b.json".to_owned(), value)])
    }

    #[test]
    fn named_items_are_matched_by_name_and_edits_replay_alone() {
        let base = tree(json!({"arguments": [{"name": "x", "required": true}, {"name": "y"}]}));
        let head = tree(json!({"arguments": [{"name": "z"}, {"name": "x", "required": false}]}));
        let edits = diff(&base, &head);
        let paths: Vec<String> = edits
            .iter()
            .map(|e| e.path.iter().map(ToString::to_string).collect())
            .collect();
        assert_eq!(
            paths,
            [".arguments[x].required", ".arguments[y]", ".arguments[z]"]
        );
        let replayed = applied(&base, &edits[0]);
        assert_eq!(
            replayed["methods/a.b.json"]["arguments"][0]["required"],
            json!(false)
        );
        let removed = applied(&base, &edits[1]);
        assert_eq!(
            removed["methods/a.b.json"]["arguments"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        let added = applied(&base, &edits[2]);
        assert_eq!(
            added["methods/a.b.json"]["arguments"][2]["name"],
            json!("z")
        );
    }

    #[test]
    fn unnamed_lists_and_scalars_are_single_edits() {
        let base = tree(json!({"scopes": {"bot": ["a"]}, "tier": 2}));
        let head = tree(json!({"scopes": {"bot": ["a", "b"]}, "tier": 2}));
        let edits = diff(&base, &head);
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0].after, Some(json!(["a", "b"])));
        assert!(diff(&base, &base).is_empty());
    }
}
