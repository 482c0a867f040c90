// Enums: every generated open enum's `Deserialize` impl calls this.

/// The `Deserialize` impl of every generated enum: the member's name is matched
/// where it lies in the input, without copying it.
pub(crate) fn read_member<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: std::str::FromStr<Err = std::convert::Infallible>,
    D: serde::Deserializer<'de>,
{
    struct MemberVisitor<T>(std::marker::PhantomData<T>);

    impl<'de, T: std::str::FromStr<Err = std::convert::Infallible>> serde::de::Visitor<'de>
        for MemberVisitor<T>
    {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(value.parse().unwrap_or_else(|never| match never {}))
        }
    }

    deserializer.deserialize_str(MemberVisitor(std::marker::PhantomData))
}
