//! config.json as a host may serve it (wrong types, unknown fields, huge values, not JSON):
//! either a valid configuration or an error that names what is wrong.
#![no_main]
use firebridge::config::AppConfig;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match AppConfig::from_json(text) {
        Ok(config) => {
            assert!((15..=43_200).contains(&config.aws.session_duration_secs));
            assert!(config.aws.role_arn.starts_with("arn:aws"));
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }
});
