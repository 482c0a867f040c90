// Fields of a single value read and written with a format: uses the struct and
// format helpers.

/// Reads a field's value with a format.
pub(crate) fn read_with<'de, F: Format<T>, T, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    field: &mut Option<T>,
) -> Result<bool, A::Error> {
    *field = map
        .next_value::<Option<Formatted<F, T>>>()?
        .map(|value| value.0);
    Ok(field.is_none())
}

impl<M: serde::ser::SerializeMap> MapWriter<'_, M> {
    /// Writes a field with a format as [`MapWriter::field`] writes others.
    pub(crate) fn field_with<F: Format<T>, T>(
        &mut self,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        self.field(
            key,
            &value
                .as_ref()
                .map(|value| Written::<F, T>(value, std::marker::PhantomData)),
        )
    }
}
