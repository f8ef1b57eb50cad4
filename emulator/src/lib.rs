//! An offline emulator of Slack's Slack Connect invite API.
