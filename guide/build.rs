//! Generates the guide's models from its own pages in `docs/` at build time, as
//! `graphdoc.toml` describes.

fn main() -> Result<(), graphdoc::BuildError> {
    graphdoc::generate_from_config("graphdoc.toml")?;
    Ok(())
}
