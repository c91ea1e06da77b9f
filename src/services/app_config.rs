//! Loads `config.json` from beside index.html at start-up.

use crate::config::{AppConfig, ConfigError};
use crate::http::NetworkError;
use crate::i18n::APP;
use crate::platform::{http, location};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// The server answered, but not with the file.
    NotServed {
        url: String,
        status: u16,
    },
    Unreachable(NetworkError),
    Invalid(ConfigError),
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigProblem::NotServed { url, status } => {
                let status = status.to_string();
                let values = [("url", url.as_str()), ("status", status.as_str())];
                f.write_str(&APP.tf("app.config-not-served", &values))
            }
            ConfigProblem::Unreachable(e) => e.fmt(f),
            ConfigProblem::Invalid(e) => e.fmt(f),
        }
    }
}

pub async fn load() -> Result<AppConfig, ConfigProblem> {
    let url = location::resolve("config.json");
    let (status, text) = http::get_own_file(&url)
        .await
        .map_err(ConfigProblem::Unreachable)?;
    if !(200..300).contains(&status) {
        return Err(ConfigProblem::NotServed { url, status });
    }
    AppConfig::from_json(&text).map_err(ConfigProblem::Invalid)
}
