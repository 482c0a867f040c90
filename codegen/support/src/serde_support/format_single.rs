// Fields of a single value read and written with a format: uses the struct and
// format helpers.

/// Reads a field's value with a format.
pub(crate) fn read_with<'de, F: Format<T>, T, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    field: &mut Option<T>,
) -> Result<(), A::Error> {
    *field = map
        .next_value::<Option<Formatted<F, T>>>()?
        .map(|value| value.0);
    Ok(())
}

impl<M: serde::ser::SerializeMap> MapWriter<M> {
    /// Writes a field with a format unless it is `None`.
    pub(crate) fn field_with<F: Format<T>, T>(
        &mut self,
        key: &str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => self
                .0
                .serialize_entry(key, &Written::<F, T>(value, std::marker::PhantomData)),
            None => Ok(()),
        }
    }
}
