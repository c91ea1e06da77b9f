pub mod config_error;
pub mod connection;
pub mod dialog;
pub mod email_form;
pub mod error_message;
pub mod header;
pub mod session_keeper;
pub mod toasts;
