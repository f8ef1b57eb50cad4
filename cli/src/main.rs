//! The `slack-connect` command-line tool.

fn main() {}
