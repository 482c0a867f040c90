use crate::UndocumentedValue;

#[test]
fn keeps_the_value_as_received() {
    let value = UndocumentedValue::new("someFutureValue");
    assert_eq!(value.as_str(), "someFutureValue");
    assert_eq!(value.to_string(), "someFutureValue");
    assert_eq!(value.clone(), value);
    assert!(UndocumentedValue::new("a") < UndocumentedValue::new("b"));
}
