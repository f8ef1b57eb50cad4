//! Writing drafts: all or nothing, never over an existing spec file unless asked.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{ImportError, MethodDraft};

/// A drafted file written, and how many values it leaves for the maintainer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Written {
    /// The file.
    pub path: PathBuf,
    /// Whether it replaced an existing file (`force`).
    pub replaced: bool,
    /// The JSON paths of its `TODO:` values.
    pub todos: Vec<String>,
}

/// Writes each draft to `<out>/<name>.json`.
///
/// Without `force`, fails before writing anything when any of the files exists, and never
/// replaces a file created meanwhile (each is linked into place, which fails on an existing
/// name). Each file is written to a temporary name beside it first, so none is half-written,
/// and when one fails, the files already created by this call are removed again.
pub fn write_drafts(
    drafts: &[MethodDraft],
    out: &Path,
    force: bool,
) -> Result<Vec<Written>, ImportError> {
    let target = |draft: &MethodDraft| out.join(format!("{}.json", draft.name));
    if !force {
        if let Some(existing) = drafts.iter().map(target).find(|path| path.exists()) {
            return Err(ImportError::Exists { path: existing });
        }
    }
    fs::create_dir_all(out).map_err(|error| ImportError::Write {
        path: out.to_path_buf(),
        error,
    })?;
    let mut written: Vec<Written> = Vec::new();
    for draft in drafts {
        match place(draft, &target(draft), out, force) {
            Ok(file) => written.push(file),
            Err(error) => {
                // All or nothing: the files this call created go again (a file replaced under
                // `--force` cannot be given back, and is reported by the error's caller).
                for file in written.iter().filter(|f| !f.replaced) {
                    let _ = fs::remove_file(&file.path);
                }
                return Err(error);
            }
        }
    }
    Ok(written)
}

/// Writes one draft to a temporary file beside `path`, then moves it into place: linked (which
/// fails on an existing name) unless `force`, renamed over the old file with it.
fn place(
    draft: &MethodDraft,
    path: &Path,
    out: &Path,
    force: bool,
) -> Result<Written, ImportError> {
    let path = path.to_path_buf();
    let replaced = path.exists();
    let temporary = out.join(format!(".{}.json.import-tmp", draft.name));
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |error| ImportError::Write { path, error }
    };
    let mut file = fs::File::create(&temporary).map_err(write_error(&temporary))?;
    let filled = file
        .write_all(draft.to_json().as_bytes())
        .and_then(|()| file.sync_all());
    drop(file);
    if let Err(error) = filled {
        let _ = fs::remove_file(&temporary);
        return Err(ImportError::Write {
            path: temporary,
            error,
        });
    }
    let placed = if force {
        fs::rename(&temporary, &path)
    } else {
        fs::hard_link(&temporary, &path).and_then(|()| fs::remove_file(&temporary))
    };
    if let Err(error) = placed {
        let _ = fs::remove_file(&temporary);
        return Err(if error.kind() == std::io::ErrorKind::AlreadyExists {
            ImportError::Exists { path }
        } else {
            ImportError::Write { path, error }
        });
    }
    Ok(Written {
        todos: draft.todos().into_iter().map(|(at, _)| at).collect(),
        path,
        replaced,
    })
}
