//! Whether the crate's version moved far enough for a SemVer verdict, by Cargo's rules: below
//! 1.0, the minor number plays the major's part and the patch number the minor's.

use super::Level;

/// A `major.minor.patch` version (pre-release and build suffixes are ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u64, pub u64, pub u64);

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

impl Version {
    /// Parses `1.2.3` (with an optional `-pre` or `+build` suffix).
    pub fn parse(text: &str) -> Result<Version, String> {
        let core = text.trim().split(['-', '+']).next().unwrap_or("");
        let parts: Vec<u64> = core
            .split('.')
            .map(|p| p.parse::<u64>())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("`{text}` is not a version"))?;
        match parts.as_slice() {
            [major, minor, patch] => Ok(Version(*major, *minor, *patch)),
            _ => Err(format!("`{text}` is not a major.minor.patch version")),
        }
    }

    /// The least version after `self` that a change of `level` needs.
    pub fn least_bump(self, level: Level) -> Version {
        let Version(major, minor, patch) = self;
        match (level, major) {
            (Level::None, _) => self,
            (Level::Major, 0) => Version(0, minor + 1, 0),
            (Level::Major, _) => Version(major + 1, 0, 0),
            (Level::Minor, 0) | (Level::Patch, _) => Version(major, minor, patch + 1),
            (Level::Minor, _) => Version(major, minor + 1, 0),
        }
    }
}

/// The `version` of a manifest's `[package]`, following `version.workspace = true` to the
/// workspace manifest's `[workspace.package]`.
pub fn manifest_version(package: &str, workspace: Option<&str>) -> Result<Version, String> {
    match table_value(package, "package", "version") {
        Some(Value::Text(text)) => Version::parse(&text),
        Some(Value::Workspace) => {
            let workspace = workspace.ok_or("the version is inherited from the workspace")?;
            match table_value(workspace, "workspace.package", "version") {
                Some(Value::Text(text)) => Version::parse(&text),
                _ => Err("no version in [workspace.package]".to_owned()),
            }
        }
        None => Err("no version in [package]".to_owned()),
    }
}

enum Value {
    Text(String),
    Workspace,
}

/// Reads `key = "..."` (or `key.workspace = true`) in `[table]`; enough for Cargo manifests,
/// which keep the version on one line.
fn table_value(manifest: &str, table: &str, key: &str) -> Option<Value> {
    let mut inside = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == format!("[{table}]");
            continue;
        }
        if !inside {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        let (name, value) = (name.trim(), value.trim());
        if name == format!("{key}.workspace") && value == "true" {
            return Some(Value::Workspace);
        }
        if name == key {
            // The quoted string, whatever follows it (a comment, say).
            let quoted = value.strip_prefix('"').and_then(|v| v.split('"').next());
            return Some(Value::Text(quoted.unwrap_or(value).to_owned()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps_follow_cargo_rules_below_and_above_one() {
        let v = Version::parse("0.1.0").unwrap();
        assert_eq!(v.least_bump(Level::Major), Version(0, 2, 0));
        assert_eq!(v.least_bump(Level::Minor), Version(0, 1, 1));
        assert_eq!(v.least_bump(Level::Patch), Version(0, 1, 1));
        assert_eq!(v.least_bump(Level::None), v);
        let v = Version::parse("1.4.2-rc.1").unwrap();
        assert_eq!(v.least_bump(Level::Major), Version(2, 0, 0));
        assert_eq!(v.least_bump(Level::Minor), Version(1, 5, 0));
        assert!(Version::parse("1.2").is_err());
    }

    #[test]
    fn reads_inherited_and_own_versions() {
        let package =
            "[package]\nname = \"x\"\nversion.workspace = true\n[dependencies]\nversion = \"9\"\n";
        let workspace = "[workspace]\nmembers = []\n[workspace.package]\nversion = \"0.3.1\"\n";
        assert_eq!(
            manifest_version(package, Some(workspace)).unwrap(),
            Version(0, 3, 1)
        );
        assert_eq!(
            manifest_version("[package]\nversion = \"2.0.0\"\n", None).unwrap(),
            Version(2, 0, 0)
        );
        assert!(manifest_version(package, None).is_err());
        let commented = "[package]\nversion = \"2.1.0\" # bumped by hand\n";
        assert_eq!(manifest_version(commented, None).unwrap(), Version(2, 1, 0));
    }
}
