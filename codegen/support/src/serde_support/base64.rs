// `Edm.Binary`: a format, written with serde_with's base64.

/// `Edm.Binary`: bytes written as standard base64 with padding.
pub(crate) struct Base64;

impl Format<Vec<u8>> for Base64 {
    fn write<S: serde::Serializer>(value: &Vec<u8>, serializer: S) -> Result<S::Ok, S::Error> {
        <serde_with::base64::Base64 as serde_with::SerializeAs<Vec<u8>>>::serialize_as(
            value, serializer,
        )
    }
    fn read<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        <serde_with::base64::Base64 as serde_with::DeserializeAs<'de, Vec<u8>>>::deserialize_as(
            deserializer,
        )
    }
}
