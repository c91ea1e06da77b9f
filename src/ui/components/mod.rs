pub mod config_error;
pub mod error_message;
pub mod header;
