//! The `form` target: see `slack_connect_tests::fuzz_entry::form`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| slack_connect_tests::fuzz_entry::form(data));
