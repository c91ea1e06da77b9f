pub mod files;
pub mod login;
