//! The `spec` target: see `slack_connect_tests::fuzz_entry::spec`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| slack_connect_tests::fuzz_entry::spec(data));
