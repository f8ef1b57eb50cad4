//! `spec/schema.json`, derived from the serde model so it can never disagree with the loader.

use schemars::gen::SchemaSettings;

use crate::model::AnySpecFile;

/// The JSON schema of every kind of spec file, pretty-printed with a trailing newline.
pub fn schema_json() -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<AnySpecFile>();
    schema.schema.metadata().title = Some("slack-connect spec file".to_owned());
    schema.schema.metadata().description = Some(
        "A file of the slack-connect spec: a method (spec/methods/*.json), the ID types \
         (spec/shared/ids.json), the shared objects (spec/shared/objects.json) or the common \
         errors (spec/shared/errors.json). Generated from the codegen's serde model by \
         `cargo xtask codegen`."
            .to_owned(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
