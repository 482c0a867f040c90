//! Generates the guide's models from its own pages in `docs/` at build time.

fn main() {
    let target = graphdoc::OutDirFile::new().with_module_path("crate::graph");
    let generated = graphdoc::generate_to_out_dir(&["docs"], &graphdoc::Settings::new(), &target);
    if let Err(error) = generated {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
