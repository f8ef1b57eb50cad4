//! The public API of generated code, read back with `syn`, and Cargo's SemVer rules applied to
//! the difference between two versions of it.
//!
//! The verdicts come from what the generator emits, not from a table kept beside it: if the
//! generator starts marking an enum `#[non_exhaustive]`, a new variant in it stops being major.

use std::collections::BTreeMap;

use quote::ToTokens;
use syn::{Attribute, ImplItem, Item, Visibility};

/// How far a change reaches for users of the crate, in Cargo's SemVer terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The generated code is the same.
    None,
    /// Docs or bodies differ; no public signature does.
    Patch,
    /// Public items were added in a compatible way.
    Minor,
    /// Something users may rely on was removed or changed.
    Major,
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `pad`, so that width and alignment in format strings apply.
        f.pad(match self {
            Level::None => "none",
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// A struct; `open` when code outside the crate can build it with a literal.
    Struct { open: bool },
    /// A struct field.
    Field,
    /// An enum; `exhaustive` when outside code may match it without a wildcard.
    Enum { exhaustive: bool },
    /// An enum variant.
    Variant,
    /// Anything else: functions, methods, constants, trait impls, modules, aliases.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    kind: Kind,
    /// The signature, as tokens: a field's type, a function's parameter types and output...
    signature: String,
    /// Its doc comment.
    docs: String,
    /// The struct or enum it belongs to, for fields and variants.
    parent: Option<String>,
}

/// The public items of a set of generated files.
#[derive(Debug, Clone, Default)]
pub struct Surface {
    entries: BTreeMap<String, Entry>,
    files: BTreeMap<String, String>,
}

/// One difference between two surfaces.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiChange {
    /// The item, e.g. `methods::conversations_invite_shared::ConversationsInviteSharedRequest.emails`.
    pub item: String,
    /// Its SemVer level.
    pub level: Level,
    /// Why, in a few words.
    pub reason: String,
}

impl Surface {
    /// Reads the public items of generated files (path relative to the generated module -> source).
    pub fn of(files: &BTreeMap<String, String>) -> Result<Surface, String> {
        let mut surface = Surface {
            files: files.clone(),
            ..Surface::default()
        };
        for (path, source) in files {
            let file = syn::parse_file(source).map_err(|e| format!("{path}: {e}"))?;
            surface.items(&module_of(path), &file.items);
        }
        Ok(surface)
    }

    fn add(
        &mut self,
        path: String,
        kind: Kind,
        signature: String,
        attrs: &[Attribute],
        parent: Option<String>,
    ) {
        let entry = Entry {
            kind,
            signature,
            docs: docs(attrs),
            parent,
        };
        self.entries.insert(path, entry);
    }

    fn items(&mut self, module: &str, items: &[Item]) {
        let at = |name: &dyn ToString| match module {
            "" => name.to_string(),
            _ => format!("{module}::{}", name.to_string()),
        };
        let tokens = |item: &dyn ToTokens| item.to_token_stream().to_string();
        for item in items {
            match item {
                Item::Struct(s) if is_pub(&s.vis) => self.structure(at(&s.ident), s),
                Item::Enum(e) if is_pub(&e.vis) => self.enumeration(at(&e.ident), e),
                Item::Impl(block) => {
                    self.impl_block(&at(&tokens(&block.self_ty).replace(' ', "")), block)
                }
                Item::Fn(f) if is_pub(&f.vis) => self.add(
                    at(&f.sig.ident),
                    Kind::Other,
                    tokens(&f.sig),
                    &f.attrs,
                    None,
                ),
                Item::Const(c) if is_pub(&c.vis) => {
                    self.add(at(&c.ident), Kind::Other, tokens(&c.ty), &c.attrs, None)
                }
                Item::Static(x) if is_pub(&x.vis) => {
                    self.add(at(&x.ident), Kind::Other, tokens(&x.ty), &x.attrs, None)
                }
                Item::Type(t) if is_pub(&t.vis) => {
                    self.add(at(&t.ident), Kind::Other, tokens(&t.ty), &t.attrs, None)
                }
                Item::Trait(t) if is_pub(&t.vis) => {
                    self.add(at(&t.ident), Kind::Other, tokens(t), &t.attrs, None)
                }
                Item::Mod(m) if is_pub(&m.vis) => {
                    let path = at(&m.ident);
                    self.add(path.clone(), Kind::Other, String::new(), &m.attrs, None);
                    if let Some((_, inner)) = &m.content {
                        self.items(&path, inner);
                    }
                }
                Item::Use(u) if is_pub(&u.vis) => {
                    let name = format!("{module} use {}", tokens(&u.tree).replace(' ', ""));
                    self.add(name, Kind::Other, String::new(), &[], None);
                }
                _ => {}
            }
        }
    }

    /// A struct and its public fields. `#[non_exhaustive]` is in its kind, not its signature.
    fn structure(&mut self, path: String, item: &syn::ItemStruct) {
        let fields: Vec<(String, &syn::Field)> = item
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                (
                    f.ident
                        .as_ref()
                        .map_or_else(|| i.to_string(), ToString::to_string),
                    f,
                )
            })
            .collect();
        let open =
            !has_attr(&item.attrs, "non_exhaustive") && fields.iter().all(|(_, f)| is_pub(&f.vis));
        let generics = item.generics.to_token_stream().to_string();
        self.add(
            path.clone(),
            Kind::Struct { open },
            generics,
            &item.attrs,
            None,
        );
        for (name, field) in fields.into_iter().filter(|(_, f)| is_pub(&f.vis)) {
            let ty = field.ty.to_token_stream().to_string();
            self.add(
                format!("{path}.{name}"),
                Kind::Field,
                ty,
                &field.attrs,
                Some(path.clone()),
            );
        }
    }

    /// An enum and its variants.
    fn enumeration(&mut self, path: String, item: &syn::ItemEnum) {
        let exhaustive = !has_attr(&item.attrs, "non_exhaustive");
        let generics = item.generics.to_token_stream().to_string();
        self.add(
            path.clone(),
            Kind::Enum { exhaustive },
            generics,
            &item.attrs,
            None,
        );
        for variant in &item.variants {
            let shape = variant.fields.to_token_stream().to_string();
            let name = format!("{path}::{}", variant.ident);
            self.add(
                name,
                Kind::Variant,
                shape,
                &variant.attrs,
                Some(path.clone()),
            );
        }
    }

    /// A trait impl (as one entry), or the public functions and constants of an inherent impl.
    fn impl_block(&mut self, self_ty: &str, block: &syn::ItemImpl) {
        if let Some((_, trait_path, _)) = &block.trait_ {
            let name =
                format!("impl {} for {self_ty}", trait_path.to_token_stream()).replace(' ', "");
            self.add(name, Kind::Other, String::new(), &[], None);
            return;
        }
        for member in &block.items {
            match member {
                ImplItem::Fn(f) if is_pub(&f.vis) => {
                    // Parameter types only: renaming a parameter changes nothing for callers.
                    let inputs: Vec<String> = f
                        .sig
                        .inputs
                        .iter()
                        .map(|input| match input {
                            syn::FnArg::Receiver(r) => r.to_token_stream().to_string(),
                            syn::FnArg::Typed(t) => t.ty.to_token_stream().to_string(),
                        })
                        .collect();
                    let signature = format!(
                        "{}({}) {}",
                        f.sig.generics.to_token_stream(),
                        inputs.join(", "),
                        f.sig.output.to_token_stream()
                    );
                    let name = format!("{self_ty}::{}", f.sig.ident);
                    self.add(name, Kind::Other, signature, &f.attrs, None);
                }
                ImplItem::Const(c) if is_pub(&c.vis) => {
                    let ty = c.ty.to_token_stream().to_string();
                    self.add(
                        format!("{self_ty}::{}", c.ident),
                        Kind::Other,
                        ty,
                        &c.attrs,
                        None,
                    );
                }
                _ => {}
            }
        }
    }

    /// Every change from `self` (the base) to `head`, with its level.
    pub fn compare(&self, head: &Surface) -> Vec<ApiChange> {
        let mut changes = Vec::new();
        let push = |changes: &mut Vec<ApiChange>, item: &str, level: Level, reason: String| {
            changes.push(ApiChange {
                item: item.to_owned(),
                level,
                reason,
            })
        };
        for (path, old) in &self.entries {
            match head.entries.get(path) {
                None => push(&mut changes, path, Level::Major, "removed".into()),
                Some(new) if new.kind != old.kind || new.signature != old.signature => {
                    let level = match (&old.kind, &new.kind) {
                        // Only `#[non_exhaustive]` (or field privacy) changed: closing a struct
                        // to literals, or an enum to exhaustive matches, breaks users.
                        (Kind::Struct { open: was }, Kind::Struct { open: now })
                        | (Kind::Enum { exhaustive: was }, Kind::Enum { exhaustive: now })
                            if old.signature == new.signature =>
                        {
                            if *was && !*now {
                                Level::Major
                            } else {
                                Level::Minor
                            }
                        }
                        _ => Level::Major,
                    };
                    let reason = if old.signature == new.signature {
                        format!("changed: {:?} -> {:?}", old.kind, new.kind)
                    } else {
                        format!("changed: `{}` -> `{}`", old.signature, new.signature)
                    };
                    push(&mut changes, path, level, reason);
                }
                Some(new) if new.docs != old.docs => push(
                    &mut changes,
                    path,
                    Level::Patch,
                    "documentation changed".into(),
                ),
                Some(_) => {}
            }
        }
        for (path, new) in &head.entries {
            if self.entries.contains_key(path) {
                continue;
            }
            let parent = new.parent.as_ref().and_then(|p| self.entries.get(p));
            let (level, reason) = match (&new.kind, parent.map(|p| &p.kind)) {
                (Kind::Field, Some(Kind::Struct { open: true })) => (
                    Level::Major,
                    "new public field in a struct outside code can build with a literal".to_owned(),
                ),
                (Kind::Variant, Some(Kind::Enum { exhaustive: true })) => {
                    (Level::Major, "new variant in an exhaustive enum".to_owned())
                }
                _ => (Level::Minor, "added".to_owned()),
            };
            push(&mut changes, path, level, reason);
        }
        if changes.is_empty() && self.files != head.files {
            let differing = self
                .files
                .keys()
                .chain(head.files.keys())
                .find(|file| self.files.get(*file) != head.files.get(*file))
                .cloned()
                .unwrap_or_default();
            push(
                &mut changes,
                &differing,
                Level::Patch,
                "bodies or private items changed".into(),
            );
        }
        changes.sort_by(|a, b| b.level.cmp(&a.level).then_with(|| a.item.cmp(&b.item)));
        changes
    }
}

/// The highest level of a list of changes.
pub fn level(changes: &[ApiChange]) -> Level {
    changes.iter().map(|c| c.level).max().unwrap_or(Level::None)
}

/// `methods/conversations_invite_shared.rs` -> `methods::conversations_invite_shared`.
fn module_of(path: &str) -> String {
    let path = path.trim_end_matches(".rs");
    let path = path
        .strip_suffix("/mod")
        .or_else(|| (path == "mod").then_some(""))
        .unwrap_or(path);
    path.replace('/', "::")
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn has_attr(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

fn docs(attrs: &[Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .map(|a| a.meta.to_token_stream().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(source: &str) -> Surface {
        Surface::of(&BTreeMap::from([("mod.rs".to_owned(), source.to_owned())])).unwrap()
    }

    fn verdict(base: &str, head: &str) -> Level {
        level(&surface(base).compare(&surface(head)))
    }

    #[test]
    fn cargo_semver_rules_for_fields_variants_and_attributes() {
        let open = "pub struct S { pub a: i64 }";
        let closed = "#[non_exhaustive] pub struct S { pub a: i64 }";
        assert_eq!(
            verdict(open, "pub struct S { pub a: i64, pub b: i64 }"),
            Level::Major
        );
        assert_eq!(
            verdict(
                closed,
                "#[non_exhaustive] pub struct S { pub a: i64, pub b: i64 }"
            ),
            Level::Minor
        );
        assert_eq!(verdict(open, closed), Level::Major);
        assert_eq!(
            verdict(open, "pub struct S { pub a: String }"),
            Level::Major
        );
        assert_eq!(
            verdict("pub enum E { A }", "pub enum E { A, B }"),
            Level::Major
        );
        assert_eq!(
            verdict(
                "#[non_exhaustive] pub enum E { A }",
                "#[non_exhaustive] pub enum E { A, B }"
            ),
            Level::Minor
        );
        assert_eq!(
            verdict(open, "/// Docs.\npub struct S { pub a: i64 }"),
            Level::Patch
        );
        assert_eq!(verdict(open, open), Level::None);
        let with_fn = "pub struct T; impl T { pub fn f(&self, x: i64) {} }";
        assert_eq!(verdict("pub struct T;", with_fn), Level::Minor);
        assert_eq!(
            verdict(
                with_fn,
                "pub struct T; impl T { pub fn f(&self, y: i64) {} }"
            ),
            // A renamed parameter is not an API change, but the text differs.
            Level::Patch
        );
        assert_eq!(
            verdict(
                with_fn,
                "pub struct T; impl T { pub fn f(&self, x: i64, y: i64) {} }"
            ),
            Level::Major
        );
        assert_eq!(
            verdict(
                with_fn,
                "pub struct T; impl T { pub fn f(&self, x: i64) { let _ = x; } }"
            ),
            Level::Patch
        );
    }
}
