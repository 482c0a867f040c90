//! Generates the Graph models of `docs-input/` into `OUT_DIR` on every build that needs it.

fn main() {
    // The seed's JSON block writes its enums as "String" (GD0304); that is known and
    // silenced here, while every other warning still reaches the build output.
    let settings = graphdoc::Settings::new().with_allow(graphdoc::diagnostics::Selector::Code(
        graphdoc::diagnostics::Code::StringPlaceholder,
    ));
    let target = graphdoc::OutDirFile::new().with_module_path("crate::graph");
    let generated = graphdoc::generate_to_out_dir(&["../../docs-input"], &settings, &target);
    if let Err(error) = generated {
        // The message holds each error diagnostic with its page, line and column.
        eprintln!("{error}");
        std::process::exit(1);
    }
}
