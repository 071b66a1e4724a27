//! `diary manpage` (hidden from `--help`): the manual page in roff, made from the same
//! clap definition as `--help` (`command::command`, which the dispatch hands it);
//! scripts/package.sh ships it.

use crate::failure::Failure;
use std::io::Write;

pub fn run(cmd: clap::Command) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    manual_page(cmd, &mut out)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Diary(format!("cannot write the manual page ({e})")))
}

/// The manual page: the command's page, then one section per subcommand with its own
/// arguments.
fn manual_page(cmd: clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    clap_mangen::Man::new(cmd.clone()).render(out)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("diary {}", sub.get_name());
        let mut section = Vec::new();
        let man = clap_mangen::Man::new(sub.clone().bin_name(&name));
        man.render_synopsis_section(&mut section)?;
        man.render_options_section(&mut section)?;
        // The subcommand's own heading and what it does, then its synopsis and options.
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        let heading = format!(
            ".SH \"{}\"\n{}\n.PP",
            name.to_uppercase(),
            about.replace('\\', "\\e")
        );
        let text = String::from_utf8_lossy(&section)
            .replacen(".SH SYNOPSIS", &heading, 1)
            .replace(".SH OPTIONS", ".SS Options");
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}
