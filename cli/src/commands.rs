//! The command tree, built at run time from `slack_connect::METHODS`: one subcommand per
//! method, nested like its wire name (`conversations.requestSharedInvite.list` ->
//! `conversations request-shared-invite list`), with help from the spec's descriptions. Adding a
//! method to the spec adds its command; nothing here names a method.

use clap::{Arg, ArgAction, ArgMatches, Command};
use slack_connect::runtime::MethodMeta;
use slack_connect::METHODS;

use crate::{arguments, exit, options};

/// The subcommand listing every method.
pub const CATALOG: &str = "methods";

/// The flag that follows pagination, on paginated methods only.
pub const ALL: &str = "all";

/// What the command line asks for.
pub enum Request<'a> {
    /// `slack-connect methods`, with its matches (for the global options).
    Catalog(&'a ArgMatches),
    /// A method call, with the leaf subcommand's matches (its flags and the global options).
    Call(&'static MethodMeta, &'a ArgMatches),
}

/// The whole command line interface.
pub fn command() -> Command {
    let mut root = Command::new("slack-connect")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Slack's Slack Connect invite API from the command line; commands and flags come from the spec")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(options::global_args())
        .after_help(format!("{}\n{}", options::ENVIRONMENT, exit::help_section()))
        .subcommand(
            Command::new(CATALOG)
                .about("List every method with its rate-limit tier, scopes and description"),
        );
    for node in tree() {
        root = root.subcommand(node.into_command(&mut Vec::new()));
    }
    root
}

/// The method (or the catalog) the matched subcommands name.
pub fn resolve(matches: &ArgMatches) -> Option<Request<'_>> {
    let mut path = Vec::new();
    let mut leaf = matches;
    while let Some((name, sub)) = leaf.subcommand() {
        path.push(name.to_owned());
        leaf = sub;
    }
    if path == [CATALOG] {
        return Some(Request::Catalog(leaf));
    }
    METHODS
        .iter()
        .copied()
        .find(|method| method.cli_command == path)
        .map(|method| Request::Call(method, leaf))
}

/// A node of the command tree: a method, a group of methods sharing a prefix, or both.
struct Node {
    name: String,
    method: Option<&'static MethodMeta>,
    children: Vec<Node>,
}

/// The methods arranged by the segments of their command paths, in spec order.
fn tree() -> Vec<Node> {
    let mut roots = Vec::new();
    for method in METHODS.iter().copied() {
        let mut level = &mut roots;
        let path = method.cli_command;
        for (depth, segment) in path.iter().enumerate() {
            let index = match level.iter().position(|n: &Node| n.name == *segment) {
                Some(index) => index,
                None => {
                    level.push(Node {
                        name: segment.to_string(),
                        method: None,
                        children: Vec::new(),
                    });
                    level.len() - 1
                }
            };
            if depth + 1 == path.len() {
                level[index].method = Some(method);
            }
            level = &mut level[index].children;
        }
    }
    roots
}

impl Node {
    /// The subcommand; `prefix` holds the wire-name segments above it, for group descriptions.
    fn into_command(self, prefix: &mut Vec<String>) -> Command {
        prefix.push(self.name.clone());
        let mut command = match self.method {
            Some(method) => method_command(&self.name, method),
            None => Command::new(self.name)
                .about(format!("Methods under `{}`", prefix.join(" ")))
                .subcommand_required(true)
                .arg_required_else_help(true),
        };
        for child in self.children {
            command = command.subcommand(child.into_command(prefix));
        }
        prefix.pop();
        command
    }
}

/// A method's subcommand: its flags from the spec, help from its metadata.
fn method_command(name: &str, method: &'static MethodMeta) -> Command {
    let mut command = Command::new(name.to_owned())
        .about(method.description)
        .long_about(long_about(method))
        .after_long_help(exit::help_section());
    command = arguments::add_flags(command, method);
    if let Some(pagination) = method.pagination {
        command = command.arg(
            Arg::new(ALL)
                .long(ALL)
                .action(ArgAction::SetTrue)
                .help(format!(
                    "Follow `{}` across every page and print all the `{}` (page size: --{})",
                    pagination.cursor_argument,
                    pagination.items_field,
                    method
                        .argument(pagination.limit_argument)
                        .map_or(pagination.limit_argument, |a| a.cli.flag)
                )),
        );
    }
    command
}

fn long_about(method: &MethodMeta) -> String {
    let mut scopes: Vec<String> = method
        .bot_scopes
        .iter()
        .map(|s| format!("{s} (bot)"))
        .collect();
    scopes.extend(method.user_scopes.iter().map(|s| format!("{s} (user)")));
    scopes.extend(method.app_scopes.iter().map(|s| format!("{s} (app)")));
    format!(
        "{}\n\nSlack method: {} ({})\nRate limit: {}\nScopes: {}\nReference: {}",
        method.description,
        method.name,
        method.http_method.as_str(),
        method.rate_limit_tier,
        scopes.join(", "),
        method.docs_url
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_is_consistent() {
        // Clap's own checks: no duplicate flags or names, valid groups and references.
        command().debug_assert();
    }

    #[test]
    fn the_generator_reserves_exactly_the_flags_and_commands_the_command_line_defines() {
        use std::collections::BTreeSet;
        let root = command();
        let mut flags: BTreeSet<String> = root
            .get_arguments()
            .filter(|a| a.is_global_set())
            .filter_map(|a| a.get_long().map(str::to_owned))
            .collect();
        // Every paginated method's own `--all`, and clap's `--help` and `--version`.
        flags.extend([ALL, "help", "version"].map(str::to_owned));
        let reserved: BTreeSet<String> = codegen::naming::CLI_RESERVED_FLAGS
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(flags, reserved);
        let families: BTreeSet<&str> = METHODS.iter().map(|m| m.cli_command[0]).collect();
        let mut commands: BTreeSet<String> = root
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .filter(|name| !families.contains(name.as_str()))
            .collect();
        commands.insert("help".to_owned());
        let reserved: BTreeSet<String> = codegen::naming::CLI_RESERVED_COMMANDS
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(commands, reserved);
    }

    #[test]
    fn every_method_resolves_from_its_command_path() {
        for method in METHODS {
            let mut line = vec!["slack-connect".to_owned()];
            line.extend(method.cli_command.iter().map(|s| s.to_string()));
            for argument in method.arguments.iter().filter(|a| a.required) {
                line.push(format!("--{}", argument.cli.flag));
                line.push("X".to_owned());
            }
            let matches = command().try_get_matches_from(&line).unwrap();
            match resolve(&matches) {
                Some(Request::Call(found, _)) => assert_eq!(found.name, method.name),
                _ => panic!("{line:?} does not resolve"),
            }
        }
        let matches = command()
            .try_get_matches_from(["slack-connect", CATALOG])
            .unwrap();
        assert!(matches!(resolve(&matches), Some(Request::Catalog(_))));
    }

    #[test]
    fn groups_nest_like_wire_names() {
        let root = command();
        let group = root
            .find_subcommand("conversations")
            .and_then(|c| c.find_subcommand("request-shared-invite"))
            .unwrap();
        let names: Vec<&str> = group.get_subcommands().map(|c| c.get_name()).collect();
        assert_eq!(names, ["approve", "deny", "list"]);
    }
}
