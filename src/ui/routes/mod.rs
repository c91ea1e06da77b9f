pub mod files;
pub mod identity;
pub mod login;
