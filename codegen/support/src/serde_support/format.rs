// Formats: values whose type lacks the right serde impls (durations, base64 bytes).

/// How values of a type without the right serde impls are read and written,
/// such as durations in OData's ISO 8601 form.
pub(crate) trait Format<T> {
    fn write<S: serde::Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>;
    fn read<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

/// A value read with its format.
struct Formatted<F, T>(T, std::marker::PhantomData<F>);

impl<'de, F: Format<T>, T> serde::Deserialize<'de> for Formatted<F, T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        F::read(deserializer).map(|value| Formatted(value, std::marker::PhantomData))
    }
}

/// A value written with its format.
struct Written<'a, F, T>(&'a T, std::marker::PhantomData<F>);

impl<F: Format<T>, T> serde::Serialize for Written<'_, F, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        F::write(self.0, serializer)
    }
}
