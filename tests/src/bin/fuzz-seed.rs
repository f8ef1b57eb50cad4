//! Writes each fuzz target's starting corpus: `fuzz-seed <dir>` writes `<dir>/<target>/<seed>`
//! for every seed of [`slack_connect_tests::fuzz_entry::seeds`], and prints how many per target.

use std::collections::BTreeMap;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(dir), None) = (args.next(), args.next()) else {
        eprintln!("usage: fuzz-seed <corpus dir>");
        return ExitCode::from(2);
    };
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for seed in slack_connect_tests::fuzz_entry::seeds() {
        let target = std::path::Path::new(&dir).join(seed.target);
        let written = std::fs::create_dir_all(&target)
            .and_then(|()| std::fs::write(target.join(format!("seed-{}", seed.name)), &seed.data));
        if let Err(error) = written {
            eprintln!("{}: {error}", target.display());
            return ExitCode::FAILURE;
        }
        *counts.entry(seed.target).or_default() += 1;
    }
    for (target, count) in counts {
        println!("{target}: {count} seeds");
    }
    ExitCode::SUCCESS
}
