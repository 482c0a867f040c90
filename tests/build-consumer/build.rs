//! Generates the Graph models of `docs-input/` into `OUT_DIR` on every build that needs it.

fn main() {
    // The seed's JSON block writes its enums as "String" (GD0304); that is known and
    // silenced here, while every other warning still reaches the build output.
    let allow_string_placeholders = codegen::diagnostics::SeverityPolicy {
        deny: Vec::new(),
        allow: vec![codegen::diagnostics::Selector::Code(
            codegen::diagnostics::Code::StringPlaceholder,
        )],
    };
    let generated = codegen::Config::new()
        .input("../../docs-input")
        .module_path("crate::graph")
        .policy(allow_string_placeholders)
        .generate_to_out_dir();
    if let Err(error) = generated {
        // The message holds each error diagnostic with its page, line and column.
        eprintln!("{error}");
        std::process::exit(1);
    }
}
