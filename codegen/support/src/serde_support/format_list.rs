// Collection fields whose values are read and written with a format: uses the struct
// and format helpers.

/// Reads a collection field's values with a format.
pub(crate) fn read_list_with<'de, F: Format<T>, T, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    field: &mut Option<Vec<T>>,
) -> Result<bool, A::Error> {
    *field = map
        .next_value::<Option<Vec<Formatted<F, T>>>>()?
        .map(|values| values.into_iter().map(|value| value.0).collect());
    Ok(field.is_none())
}

/// A collection written with its values' format.
struct WrittenList<'a, F, T>(&'a [T], std::marker::PhantomData<F>);

impl<F: Format<T>, T> serde::Serialize for WrittenList<'_, F, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.0
                .iter()
                .map(|value| Written::<F, T>(value, std::marker::PhantomData)),
        )
    }
}

impl<M: serde::ser::SerializeMap> MapWriter<'_, M> {
    /// Writes a field with a format as [`MapWriter::field`] writes others.
    pub(crate) fn list_field_with<F: Format<T>, T>(
        &mut self,
        key: &'static str,
        value: &Option<Vec<T>>,
    ) -> Result<(), M::Error> {
        self.field(
            key,
            &value
                .as_ref()
                .map(|values| WrittenList::<F, T>(values, std::marker::PhantomData)),
        )
    }
}
